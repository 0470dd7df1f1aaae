/// The one escaping function for Telegram's HTML parse mode.
public enum TelegramHTML {
    /// Escapes `&`, `<`, `>` and `"` so that plain text shows as typed (`"` matters inside attributes and
    /// is harmless elsewhere). Apply it once, after splitting: escaping does not change the visible length.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else {
            return text
        }
        // Byte-wise: the four characters are ASCII, and UTF-8 never uses ASCII bytes inside other scalars.
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}
