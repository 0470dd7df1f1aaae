/// The one escaping function for Telegram's HTML parse mode.
public enum TelegramHTML {
    /// Escapes `&`, `<`, `>` and `"` so that plain text shows as typed (`"` matters inside attributes and
    /// is harmless elsewhere). Apply it once, after splitting: escaping does not change the visible length.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else {
            return text
        }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
