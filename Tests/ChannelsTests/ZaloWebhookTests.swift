import Foundation
import Testing

@testable import Channels

@Suite struct ZaloWebhookTests {
    @Test func signatureWithAppIDFirstVerifies() throws {
        let variant = try ZaloWebhook.verify(
            body: Fixtures.zaloText.bytes, headers: ["x-zevent-signature": "mac=" + Fixtures.zaloMacAppFirst],
            appID: Fixtures.zaloAppID, oaSecretKey: Fixtures.zaloSecret)
        #expect(variant == .appID)
    }

    @Test func signatureWithOAIDFirstVerifiesAsTheAlternative() throws {
        let fromBody = try ZaloWebhook.verify(
            body: Fixtures.zaloText.bytes, signatureHeader: "mac=" + Fixtures.zaloMacOAFirst, appID: Fixtures.zaloAppID,
            oaSecretKey: Fixtures.zaloSecret)
        #expect(fromBody == .oaID)
        let configured = try ZaloWebhook.verify(
            body: Fixtures.zaloText.bytes, signatureHeader: "MAC=" + Fixtures.zaloMacOAFirst.uppercased(),
            appID: Fixtures.zaloAppID, oaSecretKey: Fixtures.zaloSecret, oaID: "3662729599332560487")
        #expect(configured == .oaID)
    }

    @Test func tamperedBodyWrongSecretOrWrongAppAreRejected() {
        let header = "mac=" + Fixtures.zaloMacAppFirst
        let tampered = Fixtures.zaloText.replacingOccurrences(of: "Chào A4B", with: "Chào A4C")
        #expect(throws: WebhookAuthError.mismatch(.zalo)) {
            try ZaloWebhook.verify(
                body: tampered.bytes, signatureHeader: header, appID: Fixtures.zaloAppID,
                oaSecretKey: Fixtures.zaloSecret)
        }
        #expect(throws: WebhookAuthError.mismatch(.zalo)) {
            try ZaloWebhook.verify(
                body: Fixtures.zaloText.bytes, signatureHeader: header, appID: Fixtures.zaloAppID,
                oaSecretKey: "app-secret")
        }
        #expect(throws: WebhookAuthError.mismatch(.zalo)) {
            try ZaloWebhook.verify(
                body: Fixtures.zaloText.bytes, signatureHeader: header, appID: "1", oaSecretKey: Fixtures.zaloSecret)
        }
        #expect(throws: WebhookAuthError.mismatch(.zalo)) {
            try ZaloWebhook.verify(
                body: Fixtures.zaloText.bytes, signatureHeader: "sha256=" + Fixtures.zaloMacAppFirst,
                appID: Fixtures.zaloAppID, oaSecretKey: Fixtures.zaloSecret)
        }
    }

    @Test func missingPiecesAreNamed() {
        #expect(throws: WebhookAuthError.missing(.zalo, what: "X-ZEvent-Signature header")) {
            try ZaloWebhook.verify(body: Fixtures.zaloText.bytes, headers: [:], appID: "a", oaSecretKey: "s")
        }
        let mac = "mac=" + String(repeating: "a", count: 64)
        #expect(throws: WebhookAuthError.missing(.zalo, what: "timestamp in body")) {
            try ZaloWebhook.verify(
                body: #"{"event_name":"x"}"#.bytes, signatureHeader: mac, appID: "a", oaSecretKey: "s")
        }
        #expect(throws: WebhookAuthError.missing(.zalo, what: "timestamp (body is not JSON)")) {
            try ZaloWebhook.verify(body: "nope".bytes, signatureHeader: mac, appID: "a", oaSecretKey: "s")
        }
    }

    @Test func textEventParsesWithStringIDs() throws {
        #expect(
            try ZaloWebhook.parse(Fixtures.zaloText.bytes) == [
                .message(
                    InboundMessage(
                        platform: .zalo, dedupeKey: "zl:cb31dff1c39642cc1b83", userID: "6142494823123456789",
                        chatID: "6142494823123456789", messageID: "cb31dff1c39642cc1b83", text: "Chào A4B",
                        receivedAt: Date(timeIntervalSince1970: 1_699_003_881.354)))
            ])
    }

    @Test(arguments: [
        (Fixtures.zaloEcho, "echo of the OA's own message"),
        (Fixtures.zaloImage, "attachment without text (user_send_image)"),
        (Fixtures.zaloFollow, "follow"),
        (Fixtures.zaloSeen, "receipt"),
        (#"{"event_name":"anonymous_send_text","sender":{"id":"1"},"message":{"text":"x"}}"#, "anonymous chat"),
        (#"{"event_name":"user_reacted_message"}"#, "unsupported event user_reacted_message"),
    ])
    func otherEventsAreIgnored(body: String, reason: String) throws {
        #expect(try ZaloWebhook.parse(body.bytes) == [.ignored(reason: reason)])
    }

    @Test func imageWithCaptionIsAMessage() throws {
        let body =
            #"{"event_name":"user_send_image","sender":{"id":"9"},"message":{"msg_id":"c3","text":"thẻ cử tri này đúng không?","attachments":[]},"timestamp":"1"}"#
        guard case .message(let message)? = try ZaloWebhook.parse(body.bytes).first else {
            Issue.record("not a message")
            return
        }
        #expect(message.text == "thẻ cử tri này đúng không?")
    }

    @Test func bodyWithoutEventNameThrows() {
        #expect(throws: ChannelError.unexpectedPayload(.zalo, reason: "no event_name")) {
            try ZaloWebhook.parse(#"{"app_id":"1"}"#.bytes)
        }
    }
}
