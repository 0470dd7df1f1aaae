/// Splits plain text into chunks that each fit a platform's message limit, before any formatting.
///
/// Length is counted in UTF-16 code units: Telegram counts entity offsets that way, and for Messenger and
/// Zalo, whose limits are in "characters", UTF-16 never counts fewer than the user-perceived characters or
/// the code points, so a chunk under the budget is under the limit. Cuts fall at the last paragraph break
/// in the budget, else the last line break, else the last space, and inside a word only when a single word
/// is longer than the budget; never inside a grapheme cluster (emoji, a letter with its tone marks) or a
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
    private static func cut(_ text: Substring, limit: Int) -> (chunkEnd: String.Index, nextStart: String.Index) {
        // The longest run of whole characters within the budget.
        var budgetEnd = text.startIndex
        var used = 0
        for index in text.indices {
            let width = text[index].utf16.count
            if used + width > limit { break }
            used += width
            budgetEnd = text.index(after: index)
        }
        if budgetEnd == text.startIndex {
            // One grapheme cluster longer than the budget (a pile of combining marks): cut between scalars.
            return scalarCut(text, limit: limit)
        }
        // `text` starts with a non-blank character, so any break found after its first character leaves a
        // non-empty chunk before it.
        let window = text[..<budgetEnd]
        var lastLineBreak: String.Index?
        var lastSpace: String.Index?
        var index = window.endIndex
        while index > window.startIndex {
            index = window.index(before: index)
            guard index > window.startIndex else { break }
            let character = window[index]
            if character.isNewline {
                let previous = window.index(before: index)
                if window[previous].isNewline { return (previous, window.index(after: index)) }
                if lastLineBreak == nil { lastLineBreak = index }
            } else if character.isWhitespace, lastSpace == nil {
                lastSpace = index
            }
        }
        if let boundary = lastLineBreak ?? lastSpace {
            return (boundary, window.index(after: boundary))
        }
        return (budgetEnd, budgetEnd)
    }

    private static func scalarCut(_ text: Substring, limit: Int) -> (String.Index, String.Index) {
        var end = text.unicodeScalars.startIndex
        var used = 0
        for index in text.unicodeScalars.indices {
            let width = text.unicodeScalars[index].utf16.count
            if used + width > limit { break }
            used += width
            end = text.unicodeScalars.index(after: index)
        }
        return (end, end)
    }
}

extension Substring {
    /// Without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
