/// Splits plain text into chunks that each fit a platform's message limit, before any formatting.
///
/// Length is counted in UTF-16 code units: Telegram counts entity offsets that way, and for Messenger and
/// Zalo, whose limits are in "characters", UTF-16 never counts fewer than the user-perceived characters or
/// the code points, so a chunk under the budget is under the limit. Cuts fall at the last paragraph break
/// (blank line) in the budget, else the last line break, else the last space or tab, and inside a word only
/// when a single word is longer than the budget; never inside a grapheme cluster (emoji, a letter with its tone marks) or a
/// surrogate pair. The whitespace at a cut is dropped; no chunk is empty; order is kept.
public enum TextSplitter {
    /// The chunks of `text`, each at most `limit` UTF-16 code units; `[]` for blank text.
    public static func split(_ text: String, limit: Int) -> [String] {
        precondition(limit >= 2, "a limit below 2 UTF-16 units cannot hold every scalar")
        var rest = text[...].trimmingWhitespace()
        var chunks: [String] = []
        while !rest.isEmpty {
            if rest.utf16.count <= limit {
                chunks.append(String(rest))
                break
            }
            let (chunkEnd, nextStart) = cut(rest, limit: limit)
            let chunk = rest[..<chunkEnd].trimmingWhitespace()
            if !chunk.isEmpty { chunks.append(String(chunk)) }
            rest = rest[nextStart...].trimmingWhitespace()
        }
        return chunks
    }

    /// Where to end the chunk that starts `text`, and where the next one starts.
    ///
    /// Scans UTF-8 bytes (the separators are ASCII; a scalar's UTF-16 width shows in its lead byte) and
    /// checks grapheme boundaries only at candidate cuts: walking `Character`s costs about forty times more.
    private static func cut(_ text: Substring, limit: Int) -> (chunkEnd: String.Index, nextStart: String.Index) {
        var contiguous = text
        let (chunkEnd, nextStart) = contiguous.withUTF8 { bytes in
            cutOffsets(bytes, limit: limit) { offset in
                let index = text.utf8.index(text.startIndex, offsetBy: offset)
                return index == text.endIndex || index.samePosition(in: text.base) != nil
            }
        }
        return (
            text.utf8.index(text.startIndex, offsetBy: chunkEnd), text.utf8.index(text.startIndex, offsetBy: nextStart)
        )
    }

    /// ``cut(_:limit:)`` over the bytes; `isCharacterBoundary` tells whether a chunk may end at an offset.
    private static func cutOffsets(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int, isCharacterBoundary: (Int) -> Bool
    ) -> (Int, Int) {
        func isScalarStart(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
        func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C }

        // The longest run of whole scalars within the budget: 4-byte scalars take 2 UTF-16 units.
        var budgetEnd = 0
        var used = 0
        while budgetEnd < bytes.count {
            let lead = bytes[budgetEnd]
            let width = lead >= 0xF0 ? 2 : 1
            if used + width > limit { break }
            used += width
            budgetEnd += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        budgetEnd = min(budgetEnd, bytes.count)
        // Back to the last whole character.
        var end = budgetEnd
        while end > 0, !isCharacterBoundary(end) {
            end -= 1
            while end > 0, !isScalarStart(end) { end -= 1 }
        }
        if end == 0 {
            // One grapheme cluster longer than the budget (a pile of combining marks): cut between scalars.
            return (budgetEnd, budgetEnd)
        }
        // The text starts with a non-blank character, so a break found after offset 0 leaves a non-empty
        // chunk before it. ASCII bytes never occur inside multi-byte scalars.
        var lastLineBreak: Int?
        var lastSpace: Int?
        var index = end
        while index > 1 {
            index -= 1
            let byte = bytes[index]
            if isLineBreak(byte) {
                // "\r\n" is one line break.
                let breakStart = byte == 0x0A && bytes[index - 1] == 0x0D ? index - 1 : index
                if breakStart > 0, isLineBreak(bytes[breakStart - 1]) {
                    return (breakStart, index + 1)
                }
                if lastLineBreak == nil { lastLineBreak = breakStart }
                index = breakStart
            } else if lastSpace == nil, byte == 0x20 || byte == 0x09, isCharacterBoundary(index),
                isCharacterBoundary(index + 1)
            {
                lastSpace = index
            }
        }
        if let boundary = lastLineBreak ?? lastSpace {
            return (boundary, boundary)
        }
        return (end, end)
    }
}

extension Substring {
    /// Without leading and trailing blank characters. A space carrying combining marks is not blank:
    /// dropping it would drop the marks.
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isBlank }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isBlank })!
        return self[first...last]
    }
}

extension Character {
    /// Whether every scalar of the character is whitespace (`Character.isWhitespace` looks at the first).
    var isBlank: Bool { unicodeScalars.allSatisfy(\.properties.isWhitespace) }
}
