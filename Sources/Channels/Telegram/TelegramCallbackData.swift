import Crypto

/// Fits suggestion payloads into Telegram's `callback_data` (1–64 bytes).
///
/// Choice: a payload of at most 64 UTF-8 bytes is sent as is. A longer one (Vietnamese questions often are)
/// is replaced by a stable key, `~` + 24 hex digits of its SHA-256, rather than truncated, since a cut
/// question could match another answer. When the button is pressed, ``TelegramWebhook`` turns a key back
/// into the button's title (read from the message that carried the button); callers that keep the payloads
/// can map a key back exactly with ``resolve(_:among:)``. Payloads that start with `~` are always keyed,
/// so a key is never mistaken for a payload.
public enum TelegramCallbackData {
    /// Telegram's limit on `callback_data`, in bytes.
    public static let maxBytes = 64

    private static let keyPrefix: UInt8 = UInt8(ascii: "~")
    private static let keyHexDigits = 24

    /// The `callback_data` for `payload`.
    public static func encode(_ payload: String) -> String {
        let utf8 = payload.utf8
        if !utf8.isEmpty, utf8.count <= maxBytes, utf8.first != keyPrefix { return payload }
        return key(for: payload)
    }

    /// Whether `data` is a key made by ``encode(_:)`` for a long payload.
    public static func isHashKey(_ data: String) -> Bool {
        let utf8 = data.utf8
        return utf8.count == 1 + keyHexDigits && utf8.first == keyPrefix
            && utf8.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// The payload among `payloads` whose `callback_data` is `data`, or `nil`.
    public static func resolve(_ data: String, among payloads: some Sequence<String>) -> String? {
        payloads.first { encode($0) == data }
    }

    private static func key(for payload: String) -> String {
        let digest = SHA256.hash(data: Array(payload.utf8))
        let hex = WebhookSupport.lowercaseHex(digest.prefix(keyHexDigits / 2))
        return String(decoding: [keyPrefix] + hex, as: UTF8.self)
    }
}
