import Foundation
import Testing

@testable import Channels

@Suite struct MessengerWebhookTests {
    @Test func rfc4231VectorVerifies() throws {
        // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?").
        let body = "what do ya want for nothing?".bytes
        let signature = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        try MessengerWebhook.verify(body: body, signatureHeader: signature, appSecret: "Jefe")
        try MessengerWebhook.verify(body: body, signatureHeader: signature.uppercased(), appSecret: "Jefe")
    }

    @Test func recordedBodyVerifiesOverItsEscapedBytes() throws {
        try MessengerWebhook.verify(
            body: Fixtures.messengerSigned.bytes,
            headers: ["x-hub-signature-256": "sha256=" + Fixtures.messengerSignedHex], appSecret: "app-secret-123")
        // The same JSON re-serialized (unescaped UTF-8) is a different byte string: it must not verify.
        let reserialized = Fixtures.messengerSigned.replacingOccurrences(of: #"\u00e0"#, with: "à")
        #expect(throws: WebhookAuthError.mismatch(.messenger)) {
            try MessengerWebhook.verify(
                body: reserialized.bytes, signatureHeader: "sha256=" + Fixtures.messengerSignedHex,
                appSecret: "app-secret-123")
        }
    }

    @Test(arguments: [
        "sha256=" + String(repeating: "0", count: 64),
        "sha1=" + Fixtures.messengerSignedHex,
        "sha256=" + Fixtures.messengerSignedHex.dropLast(),
        "sha256=" + Fixtures.messengerSignedHex + "00",
        "sha256=" + Fixtures.messengerSignedHex.dropLast() + "g",
        Fixtures.messengerSignedHex,
    ])
    func badSignaturesAreRejected(header: String) {
        #expect(throws: WebhookAuthError.mismatch(.messenger)) {
            try MessengerWebhook.verify(
                body: Fixtures.messengerSigned.bytes, signatureHeader: header, appSecret: "app-secret-123")
        }
    }

    @Test func wrongSecretAndMissingHeaderAreRejected() {
        let header = "sha256=" + Fixtures.messengerSignedHex
        #expect(throws: WebhookAuthError.mismatch(.messenger)) {
            try MessengerWebhook.verify(
                body: Fixtures.messengerSigned.bytes, signatureHeader: header, appSecret: "other")
        }
        #expect(throws: WebhookAuthError.missing(.messenger, what: "X-Hub-Signature-256 header")) {
            try MessengerWebhook.verify(body: Fixtures.messengerSigned.bytes, headers: [:], appSecret: "app-secret-123")
        }
    }

    @Test func handshakeEchoesTheChallengeOnlyForTheRightToken() {
        let query = ["hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "tok"]
        #expect(MessengerWebhook.handshake(query: query, verifyToken: "tok") == "1158201444")
        #expect(MessengerWebhook.handshake(query: query, verifyToken: "tok2") == nil)
        #expect(MessengerWebhook.handshake(query: query, verifyToken: "") == nil)
        var unsubscribe = query
        unsubscribe["hub.mode"] = "unsubscribe"
        #expect(MessengerWebhook.handshake(query: unsubscribe, verifyToken: "tok") == nil)
    }

    @Test func signedSampleDecodesItsEscapes() throws {
        let events = try MessengerWebhook.parse(Fixtures.messengerSigned.bytes)
        #expect(
            events == [
                .message(
                    InboundMessage(
                        platform: .messenger, dedupeKey: "fb:mid.1457764197618:41d102a3e1ae206a38", userID: "PSID_1",
                        chatID: "PSID_1", messageID: "mid.1457764197618:41d102a3e1ae206a38",
                        text: "Ngày bầu cử là khi nào?", receivedAt: Date(timeIntervalSince1970: 1_458_692_752.478)))
            ])
    }

    @Test func batchedEntriesYieldEveryEventInOrder() throws {
        let events = try MessengerWebhook.parse(Fixtures.messengerBatch.bytes)
        #expect(events.count == 8)
        #expect(
            events == [
                .message(
                    InboundMessage(
                        platform: .messenger, dedupeKey: "fb:m_1", userID: "PSID_1", chatID: "PSID_1", messageID: "m_1",
                        text: "Tôi đi bầu ở đâu?", receivedAt: Date(timeIntervalSince1970: 1_700_000_000.1))),
                .ignored(reason: "echo of the page's own message"),
                .message(
                    InboundMessage(
                        platform: .messenger, dedupeKey: "fb:m_3", userID: "PSID_2", chatID: "PSID_2", messageID: "m_3",
                        text: "intent:election_day", receivedAt: Date(timeIntervalSince1970: 1_700_000_001.1))),
                .message(
                    InboundMessage(
                        platform: .messenger, dedupeKey: "fb:m_4", userID: "PSID_3", chatID: "PSID_3", messageID: "m_4",
                        text: "GET_STARTED", receivedAt: Date(timeIntervalSince1970: 1_700_000_001.2))),
                .ignored(reason: "delivery"),
                .ignored(reason: "read"),
                .ignored(reason: "reaction"),
                .ignored(reason: "message without text"),
            ])
    }

    @Test func postbackWithoutMidGetsAStableKey() throws {
        let body =
            #"{"object":"page","entry":[{"id":"P","time":1,"messaging":[{"sender":{"id":"U"},"recipient":{"id":"P"},"timestamp":1527459824,"postback":{"title":"Bắt đầu","payload":"START"}}]}]}"#
        guard case .message(let message)? = try MessengerWebhook.parse(body.bytes).first else {
            Issue.record("no message")
            return
        }
        #expect(message.dedupeKey == "fb:postback:U:1527459824")
        #expect(message.text == "START")
    }

    @Test func nonPageObjectsAndMissingEntriesAreHandled() throws {
        #expect(
            try MessengerWebhook.parse(#"{"object":"instagram","entry":[]}"#.bytes) == [
                .ignored(reason: "object instagram is not a page")
            ])
        #expect(throws: ChannelError.unexpectedPayload(.messenger, reason: "no entry array")) {
            try MessengerWebhook.parse(#"{"object":"page"}"#.bytes)
        }
        #expect(try MessengerWebhook.parse(#"{"object":"page","entry":[{"id":"P","standby":[{}]}]}"#.bytes).count == 1)
    }
}
