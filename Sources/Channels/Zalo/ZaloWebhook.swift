import Crypto
import Foundation
import JSONWire

/// Which first term made a Zalo signature match (Zalo OA's webhook documentation, developers.zalo.me, does
/// not settle it): log it once so the configuration can be pinned.
public enum ZaloSignatureVariant: String, Sendable, Equatable {
    /// `sha256(app_id + body + timestamp + secret)`, as production code does.
    case appID
    /// `sha256(oa_id + body + timestamp + secret)`, reported by community code.
    case oaID
}

/// Inbound Zalo OA webhooks: the `X-ZEvent-Signature` check and event parsing.
public enum ZaloWebhook {
    /// The header carrying `mac=<lowercase hex SHA-256(app_id + raw body + timestamp + OA secret key)>`.
    public static let signatureHeader = "X-ZEvent-Signature"

    /// Checks the signature among `headers` (names matched case-insensitively).
    public static func verify(
        body: [UInt8], headers: [String: String], appID: String, oaSecretKey: String, oaID: String? = nil
    ) throws(WebhookAuthError) -> ZaloSignatureVariant {
        try verify(
            body: body, signatureHeader: WebhookSupport.header(signatureHeader, in: headers), appID: appID,
            oaSecretKey: oaSecretKey, oaID: oaID)
    }

    /// Checks `mac=<hex>` against SHA-256 (a plain hash with the secret appended, not an HMAC) of the
    /// configured app id, the exact body bytes, the body's `timestamp` string and the OA secret key;
    /// then, as an alternative, with the OA id first (`oaID`, else the body's `oa_id`, else the OA side
    /// of the event: `recipient.id` for `user_*` events, `sender.id` otherwise). Constant-time comparison.
    ///
    /// With `window`, a correctly signed event whose `timestamp` (milliseconds) is further than that from `now`
    /// is refused as ``WebhookAuthError/stale(_:ageSeconds:)``: the signature covers the timestamp, so a
    /// captured request cannot be replayed later with a fresh one.
    /// - Returns: the variant that matched.
    public static func verify(
        body: [UInt8], signatureHeader: String?, appID: String, oaSecretKey: String, oaID: String? = nil,
        now: Date = Date(), window: Duration? = nil
    ) throws(WebhookAuthError) -> ZaloSignatureVariant {
        let (variant, timestamp) = try verifySignature(
            body: body, signatureHeader: signatureHeader, appID: appID, oaSecretKey: oaSecretKey, oaID: oaID)
        if let window {
            guard let ms = Int64(timestamp) else { throw .missing(.zalo, what: "numeric timestamp in body") }
            let age = now.timeIntervalSince1970 - Double(ms) / 1000
            if abs(age) > Double(window.components.seconds) { throw .stale(.zalo, ageSeconds: Int(age)) }
        }
        return variant
    }

    private static func verifySignature(
        body: [UInt8], signatureHeader: String?, appID: String, oaSecretKey: String, oaID: String?
    ) throws(WebhookAuthError) -> (ZaloSignatureVariant, timestamp: String) {
        guard let signatureHeader, !signatureHeader.isEmpty else {
            throw .missing(.zalo, what: "\(Self.signatureHeader) header")
        }
        let prefix = "mac="
        guard !oaSecretKey.isEmpty, signatureHeader.utf8.count == prefix.utf8.count + 64,
            signatureHeader.lowercased().hasPrefix(prefix)
        else { throw .mismatch(.zalo) }
        let presented = Array(signatureHeader.dropFirst(prefix.count).lowercased().utf8)
        // The timestamp is part of the signed text, so the body must be read before the check.
        guard let event = try? JSONWire.parse(body, limits: JSONLimits(maxBytes: 1 << 20, maxDepth: 16)) else {
            throw .missing(.zalo, what: "timestamp (body is not JSON)")
        }
        guard let timestamp = event["timestamp"]?.idString else {
            throw .missing(.zalo, what: "timestamp in body")
        }
        let expectedWithApp = digest(first: appID, body: body, timestamp: timestamp, secret: oaSecretKey)
        if WebhookSupport.constantTimeEquals(presented, expectedWithApp) { return (.appID, timestamp) }
        if let oa = oaID ?? event["oa_id"]?.idString ?? oaSide(of: event) {
            let expectedWithOA = digest(first: oa, body: body, timestamp: timestamp, secret: oaSecretKey)
            if WebhookSupport.constantTimeEquals(presented, expectedWithOA) { return (.oaID, timestamp) }
        }
        throw .mismatch(.zalo)
    }

    private static func oaSide(of event: JSONValue) -> String? {
        let isUserEvent = event["event_name"]?.string?.hasPrefix("user_") ?? false
        return event[isUserEvent ? "recipient" : "sender"]?["id"]?.idString
    }

    private static func digest(first: String, body: [UInt8], timestamp: String, secret: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(first.utf8))
        hasher.update(data: body)
        hasher.update(data: Array(timestamp.utf8))
        hasher.update(data: Array(secret.utf8))
        return WebhookSupport.lowercaseHex(hasher.finalize())
    }

    /// Parses one event. Texts (`user_send_text`, or any `user_send_*` with text) become messages, with ids
    /// kept as strings; the OA's own sends (`oa_send_*`), receipts, follow/unfollow, anonymous chats and
    /// attachments without text are ignored.
    /// - Throws: ``ChannelError`` when the body is not JSON or has no `event_name`.
    public static func parse(_ body: [UInt8], limits: JSONLimits = JSONLimits()) throws(ChannelError) -> [InboundEvent]
    {
        let event = try JSONWire.parse(body, platform: .zalo, limits: limits)
        guard let name = event["event_name"]?.string else {
            throw .unexpectedPayload(.zalo, reason: "no event_name")
        }
        if name.hasPrefix("user_send_") {
            return [message(event, name: name)]
        }
        let reason =
            switch name {
            case _ where name.hasPrefix("oa_send_"): "echo of the OA's own message"
            case "user_received_message", "user_seen_message": "receipt"
            case "follow", "unfollow": name
            case _ where name.hasPrefix("anonymous_"): "anonymous chat"
            default: "unsupported event \(name)"
            }
        return [.ignored(reason: reason)]
    }

    private static func message(_ event: JSONValue, name: String) -> InboundEvent {
        guard let sender = event["sender"]?["id"]?.idString else { return .ignored(reason: "event without sender") }
        guard let text = event["message"]?["text"]?.nonEmptyString, !text.allSatisfy(\.isWhitespace) else {
            return .ignored(reason: "attachment without text (\(name))")
        }
        let timestamp = event["timestamp"]?.idString ?? "0"
        let messageID = event["message"]?["msg_id"]?.idString
        return .message(
            InboundMessage(
                platform: .zalo, dedupeKey: "zl:\(messageID ?? "\(sender):\(timestamp)")", userID: sender,
                chatID: sender, messageID: messageID, text: text,
                receivedAt: Date(timeIntervalSince1970: (Double(timestamp) ?? 0) / 1000)))
    }
}
