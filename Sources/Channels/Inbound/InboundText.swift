/// What the bot keeps of a user's text, decided once where every platform's message is built, so that what is
/// stored is exactly what was answered (a recovered message gets the same answer) and no text costs more than
/// its length to fold, match and store.
public enum InboundText {
    /// The platforms' own limit on a message (Telegram's is 4 096 characters; Messenger's and Zalo's are
    /// lower): a longer text is a forgery or a client's bug, and only its start is read.
    public static let maxScalars = 4096
    /// Vietnamese needs at most two combining marks on a letter (a vowel mark and a tone); a letter carrying
    /// dozens is an attack on grapheme handling, whose cost grows with the square of a cluster's length.
    public static let maxMarksPerBase = 4

    public struct Cleaned: Sendable, Equatable {
        public var text: String
        /// Whether anything beyond the removed control characters and surplus marks was cut at the end.
        public var truncated: Bool
    }

    /// Drops NUL and the other C0 controls except tab, line feed and carriage return (SQLite would store a
    /// text only up to its first NUL), keeps at most ``maxMarksPerBase`` combining marks after a base, and
    /// keeps the first ``maxScalars`` scalars. One pass over the scalars; an ordinary text comes back as is.
    public static func clean(_ text: String) -> Cleaned {
        var needsWork = false
        var marks = 0
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if isDroppedControl(scalar) || count > maxScalars {
                needsWork = true
                break
            }
            if isCombiningMark(scalar) {
                marks += 1
                if marks > maxMarksPerBase {
                    needsWork = true
                    break
                }
            } else {
                marks = 0
            }
        }
        guard needsWork else { return Cleaned(text: text, truncated: false) }
        var kept = String.UnicodeScalarView()
        marks = 0
        count = 0
        var truncated = false
        for scalar in text.unicodeScalars {
            if isDroppedControl(scalar) { continue }
            if isCombiningMark(scalar) {
                marks += 1
                if marks > maxMarksPerBase { continue }
            } else {
                marks = 0
            }
            if count == maxScalars {
                truncated = true
                break
            }
            kept.append(scalar)
            count += 1
        }
        return Cleaned(text: String(kept), truncated: truncated)
    }

    static func isDroppedControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r"
    }

    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII is never a mark: skip the property lookup for the common case.
        guard scalar.value >= 0x300 else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
