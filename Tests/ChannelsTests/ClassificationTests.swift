import Testing

@testable import Channels

@Suite struct ClassificationTests {
    @Test(arguments: [
        (
            200, #"{"ok":true,"result":{"message_id":1366,"date":1,"chat":{"id":1,"type":"private"}}}"#,
            SendOutcome.delivered(messageID: "1366")
        ),
        (200, #"{"ok":true,"result":true}"#, .delivered(messageID: nil)),
        (
            429,
            #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2282","parameters":{"retry_after":2282}}"#,
            .retryAfter(seconds: 2282, wholeBot: true)
        ),
        (429, "", .retryAfter(seconds: 1, wholeBot: true)),
        (502, "<html>Bad Gateway</html>", .retry(reason: "HTTP 502")),
        (
            500, #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#,
            .retry(reason: "Internal Server Error")
        ),
        (
            403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#,
            .unreachable(reason: "Forbidden: bot was blocked by the user")
        ),
        (
            400,
            #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}}"#,
            .chatMigrated(newChatID: "-1001234567890")
        ),
        (
            400, #"{"ok":false,"error_code":400,"description":"Bad Request: message is too long"}"#,
            .failed(reason: "Bad Request: message is too long")
        ),
        (
            401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#,
            .failed(reason: "bot token rejected: Unauthorized")
        ),
    ])
    func telegram(status: Int, body: String, expected: SendOutcome) {
        #expect(TelegramAPI.classify(status: status, body: body.bytes) == expected)
    }

    static func graphError(_ code: Int, _ subcode: Int? = nil, _ message: String = "m") -> String {
        let sub = subcode.map { #","error_subcode":\#($0)"# } ?? ""
        return
            #"{"error":{"message":"\#(message)","type":"OAuthException","code":\#(code)\#(sub),"fbtrace_id":"BLBz/WZt8dN"}}"#
    }

    @Test(arguments: [
        (200, #"{"recipient_id":"PSID","message_id":"AG5Hz2U"}"#, SendOutcome.delivered(messageID: "AG5Hz2U")),
        (500, graphError(2), .retry(reason: "code 2: m")),
        (400, graphError(4), .retry(reason: "code 4: m")),
        (
            400, graphError(613, nil, "Calls to this API have exceeded the rate limit"),
            .retry(reason: "code 613: Calls to this API have exceeded the rate limit")
        ),
        (500, graphError(1200), .retry(reason: "code 1200: m")),
        (
            400, graphError(551, 1_545_041, "This person isn't available right now"),
            .unreachable(reason: "code 551/1545041: This person isn't available right now")
        ),
        (400, graphError(10, 2_018_278), .failed(reason: "outside 24h window")),
        (400, graphError(10), .failed(reason: "code 10: m")),
        (
            400, graphError(100, 2_018_001, "No matching user found"),
            .unreachable(reason: "code 100/2018001: No matching user found")
        ),
        (400, graphError(100, 33), .failed(reason: "code 100/33: m")),
        (
            401, graphError(190, 1_234_567, "Invalid OAuth access token."),
            .failed(reason: "page access token rejected: code 190/1234567: Invalid OAuth access token.")
        ),
        (503, "", .retry(reason: "HTTP 503")),
        (404, "", .failed(reason: "HTTP 404")),
    ])
    func messenger(status: Int, body: String, expected: SendOutcome) {
        #expect(MessengerAPI.classify(status: status, body: body.bytes) == expected)
    }

    @Test(arguments: [
        (
            200,
            #"{"data":{"message_id":"63ecf43f0df7dba892e6","user_id":"2512523625412515","sent_time":"1626926349402"},"error":0,"message":"Success"}"#,
            SendOutcome.delivered(messageID: "63ecf43f0df7dba892e6")
        ),
        (
            200, #"{"error":-32,"message":"Your application reached limit call api"}"#,
            .retry(reason: "error -32: Your application reached limit call api")
        ),
        (200, #"{"error":-216,"message":"Access token is invalid"}"#, .refreshToken),
        (200, #"{"error":-220,"message":"access_token is expired or removed"}"#, .refreshToken),
        (
            200, #"{"error":-230,"message":"User has not interacted with the OA in the past 7 days"}"#,
            .unreachable(reason: "error -230: User has not interacted with the OA in the past 7 days")
        ),
        (200, #"{"error":-232,"message":"m"}"#, .unreachable(reason: "error -232: m")),
        (
            200, #"{"error":-227,"message":"User is banned or has been inactive for more than 45 days"}"#,
            .unreachable(reason: "error -227: User is banned or has been inactive for more than 45 days")
        ),
        (
            200, #"{"error":-213,"message":"User has not followed OA"}"#,
            .unreachable(reason: "error -213: User has not followed OA")
        ),
        (
            200, #"{"error":-201,"message":"recipient is invalid!"}"#,
            .failed(reason: "error -201: recipient is invalid!")
        ),
        (200, "<html>", .failed(reason: "unreadable reply")),
        (502, "", .retry(reason: "HTTP 502")),
        (429, "", .retry(reason: "HTTP 429")),
        (404, "", .failed(reason: "HTTP 404")),
    ])
    func zalo(status: Int, body: String, expected: SendOutcome) {
        #expect(ZaloAPI.classify(status: status, body: body.bytes) == expected)
    }

    @Test func longPlatformDescriptionsAreCut() {
        let long = String(repeating: "x", count: 500)
        let body = #"{"ok":false,"error_code":400,"description":"\#(long)"}"#
        guard case .failed(let reason) = TelegramAPI.classify(status: 400, body: body.bytes) else {
            Issue.record("not failed")
            return
        }
        #expect(reason.count == 201)
    }
}
