import Testing

@testable import Channels

/// Credentials never reach a log line: descriptions, debug descriptions and `dump` of requests.
@Suite struct RedactionTests {
    static let secret = "987654:SECRET-token_value"

    static var requests: [PlatformRequest] {
        let reply = OutgoingReply(text: "hi", suggestions: [QuickReply(title: "a", payload: "b")])
        return TelegramAPI(token: secret).sendMessage(chatID: "1", threadID: nil, reply: reply)
            + [
                TelegramAPI(token: secret).getMe(),
                TelegramAPI(token: "t").setWebhook(url: "https://x", secretToken: secret),
            ]
            + MessengerAPI(pageToken: secret).send(recipientPSID: "U", reply: reply)
            + ZaloAPI(accessToken: secret).send(userID: "U", reply: reply)
            + [ZaloAPI.refreshToken(appID: "1", appSecret: secret, refreshToken: secret)]
    }

    @Test func requestDescriptionsHideCredentials() {
        for request in Self.requests {
            var dumped = ""
            dump(request, to: &dumped)
            for text in [request.description, String(reflecting: request), "\(request)", dumped, request.redactedPath] {
                #expect(!text.contains(Self.secret), "\(request.label)")
                #expect(!text.contains("SECRET"), "\(request.label)")
            }
        }
    }

    @Test func redactedPathKeepsTheShape() {
        #expect(TelegramAPI(token: Self.secret).getMe().redactedPath == "/bot<redacted>/getMe")
        let messenger = MessengerAPI(pageToken: "a+b").send(recipientPSID: "U", reply: OutgoingReply(text: "x"))
        #expect(messenger.first?.redactedPath == "/v25.0/me/messages?access_token=<redacted>")
        #expect(
            TelegramAPI(token: Self.secret).getMe().description
                == "telegram.getMe: GET telegramBotAPI/bot<redacted>/getMe (0 bytes)")
    }
}
