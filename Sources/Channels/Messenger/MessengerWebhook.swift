import Crypto
import Foundation
import JSONWire

/// Inbound Messenger webhooks: the subscription handshake, the `X-Hub-Signature-256` check, and parsing of
/// batched events.
public enum MessengerWebhook {
    /// The header carrying `sha256=<hex HMAC-SHA256(app secret, raw body)>`.
    public static let signatureHeader = "X-Hub-Signature-256"

    /// Answers the subscription GET: the `hub.challenge` to echo as a plain-text 200 when `hub.mode` is
    /// `subscribe` and `hub.verify_token` matches (constant time); `nil` means answer 403.
    public static func handshake(query: [String: String], verifyToken: String) -> String? {
        guard query["hub.mode"] == "subscribe", let token = query["hub.verify_token"], !verifyToken.isEmpty,
            WebhookSupport.constantTimeEqualsHashed(token, verifyToken), let challenge = query["hub.challenge"]
        else { return nil }
        return challenge
    }

    /// Checks the signature of the raw body among `headers` (names matched case-insensitively).
    public static func verify(body: [UInt8], headers: [String: String], appSecret: String) throws(WebhookAuthError) {
        try verify(
            body: body, signatureHeader: WebhookSupport.header(signatureHeader, in: headers), appSecret: appSecret)
    }

    /// Checks `sha256=<hex>` against HMAC-SHA256 of the exact bytes received, keyed with the app secret.
    /// Meta signs its escaped-unicode serialization: never re-serialize the body before this check.
    public static func verify(body: [UInt8], signatureHeader: String?, appSecret: String) throws(WebhookAuthError) {
        guard let signatureHeader, !signatureHeader.isEmpty else {
            throw .missing(.messenger, what: "\(Self.signatureHeader) header")
        }
        let prefix = "sha256="
        guard !appSecret.isEmpty, signatureHeader.count == prefix.count + 64,
            signatureHeader.lowercased().hasPrefix(prefix),
            let signature = WebhookSupport.bytes(fromHex: signatureHeader.dropFirst(prefix.count)),
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: body, using: SymmetricKey(data: Array(appSecret.utf8)))
        else { throw .mismatch(.messenger) }
    }

    /// Parses a `page` webhook: every `entry[]` and every `messaging[]` event in it, in order.
    ///
    /// Texts, quick replies and postbacks become messages (a quick reply's or postback's payload is the
    /// text, since the bot put it there); echoes of the page's own sends, delivery and read receipts,
    /// reactions, attachments without text and handover `standby` events are ignored.
    /// - Throws: ``ChannelError`` when the body is not JSON or has no `entry` array.
    public static func parse(_ body: [UInt8], limits: JSONLimits = JSONLimits()) throws(ChannelError) -> [InboundEvent]
    {
        let root = try JSONWire.parse(body, platform: .messenger, limits: limits)
        guard let entries = root["entry"]?.array else {
            throw .unexpectedPayload(.messenger, reason: "no entry array")
        }
        if let object = root["object"]?.string, object != "page" {
            return [.ignored(reason: "object \(object) is not a page")]
        }
        var events: [InboundEvent] = []
        for entry in entries {
            for messaging in entry["messaging"]?.array ?? [] {
                events.append(event(messaging))
            }
            for _ in entry["standby"]?.array ?? [] {
                events.append(.ignored(reason: "standby event (another app owns the thread)"))
            }
            if entry["changes"] != nil { events.append(.ignored(reason: "page change")) }
        }
        return events
    }

    private static func event(_ messaging: JSONValue) -> InboundEvent {
        guard let sender = messaging["sender"]?["id"]?.idString else {
            return .ignored(reason: "event without sender")
        }
        let milliseconds = messaging["timestamp"]?.int64 ?? 0
        let sentAt = Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
        if let message = messaging["message"] {
            if message["is_echo"]?.bool == true { return .ignored(reason: "echo of the page's own message") }
            guard let mid = message["mid"]?.idString else { return .ignored(reason: "message without mid") }
            guard
                let text = message["quick_reply"]?["payload"]?.nonEmptyString ?? message["text"]?.nonEmptyString,
                !text.allSatisfy(\.isWhitespace)
            else { return .ignored(reason: "message without text") }
            return .message(
                InboundMessage(
                    platform: .messenger, dedupeKey: "fb:\(mid)", userID: sender, chatID: sender, messageID: mid,
                    text: text, receivedAt: sentAt))
        }
        if let postback = messaging["postback"] {
            guard let text = postback["payload"]?.nonEmptyString ?? postback["title"]?.nonEmptyString else {
                return .ignored(reason: "postback without payload")
            }
            let mid = postback["mid"]?.idString
            return .message(
                InboundMessage(
                    platform: .messenger, dedupeKey: "fb:\(mid ?? "postback:\(sender):\(milliseconds)")",
                    userID: sender, chatID: sender, messageID: mid, text: text, receivedAt: sentAt))
        }
        for kind in ["delivery", "read", "reaction", "optin", "referral", "account_linking", "policy_enforcement"]
        where messaging[kind] != nil {
            return .ignored(reason: kind.replacingOccurrences(of: "_", with: " "))
        }
        return .ignored(reason: "unsupported messaging event")
    }
}
