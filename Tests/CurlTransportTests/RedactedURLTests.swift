import Testing

@testable import CurlTransport

@Suite("URLs and messages are redacted for logs")
struct RedactedURLTests {
    @Test(arguments: [
        ("https://api.telegram.org/bot123:SECRET/sendMessage?x=y", "https://api.telegram.org/…"),
        ("http://127.0.0.1:8080/bot123:SECRET/sendMessage?x=y", "http://127.0.0.1:8080/…"),
        (
            "https://graph.facebook.com/v25.0/me/messages?access_token=SECRET",
            "https://graph.facebook.com/…"
        ),
        ("https://graph.facebook.com?access_token=SECRET", "https://graph.facebook.com/…"),
        ("https://user:SECRET@example.com/", "https://example.com/…"),
        ("https://example.com", "https://example.com"),
        ("bot123:SECRET/sendMessage", "<invalid URL>"),
    ])
    func redactedURLKeepsOnlySchemeHostAndPort(url: String, expected: String) {
        #expect(redactedURL(url) == expected)
        #expect(!redactedURL(url).contains("SECRET"))
    }

    @Test func curlMessagesLoseThePathQueryAndUserInfo() {
        let url = "https://user:SECRET@api.telegram.org/bot123:SECRET/sendMessage?token=SECRET"
        let messages = [
            "Failed to fetch \(url)",
            "bad path /bot123:SECRET/sendMessage?token=SECRET here",
            "path /bot123:SECRET/sendMessage only",
            "query token=SECRET only",
        ]
        for message in messages {
            #expect(!scrubbed(message, url: url).contains("SECRET"), "\(scrubbed(message, url: url))")
        }
        #expect(scrubbed("Connection refused", url: url) == "Connection refused")
    }

    @Test func errorDescriptionsAreReadable() {
        #expect(HTTPTransportError.timedOut.description == "HTTP request timed out")
        #expect(
            HTTPTransportError.couldNotConnect("refused").description == "could not connect: refused")
        #expect(HTTPTransportError.tls("bad cert").description == "TLS failure: bad cert")
        #expect(HTTPTransportError.invalidURL.description == "invalid URL")
        #expect(
            HTTPTransportError.other(code: 56, message: "reset").description
                == "HTTP transport error 56: reset")
    }

    @Test func durationsBecomeWholePositiveMilliseconds() {
        #expect(Duration.seconds(5).curlMilliseconds == 5000)
        #expect(Duration.microseconds(1).curlMilliseconds == 1)
        #expect(Duration.milliseconds(1500).curlMilliseconds == 1500)
        #expect(Duration.zero.curlMilliseconds == 1)
        #expect(Duration.seconds(Int64.max).curlMilliseconds == Int.max)
    }
}
