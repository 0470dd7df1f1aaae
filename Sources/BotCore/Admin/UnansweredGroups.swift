import Foundation
import Storage
import VietnameseText

/// The unanswered questions as an admin wants them: the same question typed with or without marks, in any
/// case, counted once, with the intent the matcher thought nearest and a ready intent snippet to paste.
public struct UnansweredGroup: Sendable, Hashable {
    /// Folded syllables (no marks, lowercase), the grouping key.
    public var folded: String
    public var count: Int
    public var firstSeen: Date
    public var lastSeen: Date
    /// The most frequent best guess of the matcher in the group.
    public var nearestIntent: String?
    /// Up to five distinct texts as citizens typed them, newest first.
    public var examples: [String]

    /// Groups newest-first rows; groups come out most frequent first, then most recent.
    public static func group(_ rows: [UnansweredQuestion]) -> [UnansweredGroup] {
        struct Acc {
            var group: UnansweredGroup
            var guesses: [String: Int]
        }
        var byKey: [String: Acc] = [:]
        var order: [String] = []
        for row in rows {
            let key = VietnameseFolding.syllables(row.question).map(\.folded).joined(separator: " ")
            guard !key.isEmpty else { continue }
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = Acc(
                    group: UnansweredGroup(
                        folded: key, count: 0, firstSeen: row.at, lastSeen: row.at, nearestIntent: nil, examples: []),
                    guesses: [:])
            }
            byKey[key]!.group.count += 1
            byKey[key]!.group.firstSeen = min(byKey[key]!.group.firstSeen, row.at)
            byKey[key]!.group.lastSeen = max(byKey[key]!.group.lastSeen, row.at)
            let text = row.question.trimmingCharacters(in: .whitespacesAndNewlines)
            if byKey[key]!.group.examples.count < 5, !byKey[key]!.group.examples.contains(text) {
                byKey[key]!.group.examples.append(text)
            }
            if let guess = row.bestIntent { byKey[key]!.guesses[guess, default: 0] += 1 }
        }
        return order.compactMap { key -> UnansweredGroup? in
            guard var acc = byKey[key] else { return nil }
            acc.group.nearestIntent =
                acc.guesses.max { a, b in a.value < b.value || a.value == b.value && a.key > b.key }?
                .key
            return acc.group
        }.sorted { a, b in a.count != b.count ? a.count > b.count : a.lastSeen > b.lastSeen }
    }

    /// A new intent for `intents/`, its examples filled in: it loads as it is, and says in its answer that
    /// the answer is still to be written, so nobody ships it by accident without `check` showing the text.
    public var snippet: String {
        let slug = String(
            folded.split(separator: " ").prefix(6).joined(separator: "-").filter {
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")
            }.prefix(48))
        var lines = [
            "  - id: moi.\(slug.isEmpty ? "cau-hoi" : slug)",
            "    title: \(Self.quoted(examples.first ?? folded))",
            "    kind: answer",
            "    examples:",
        ]
        lines += examples.map { "      - \(Self.quoted($0))" }
        if !examples.contains(folded) { lines.append("      - \(Self.quoted(folded))") }
        if examples.count + (examples.contains(folded) ? 0 : 1) < 3 {
            // `check` wants three ways of asking: the admin adds the missing ones.
            lines.append("      # thêm cách hỏi khác (cần ít nhất 3 ví dụ)")
        }
        lines += [
            "    answer: |",
            "      (Viết câu trả lời bằng lời của mình; trích nguyên văn luật khi câu chữ quan trọng.)",
            "    sources:",
            "      - Luật Bầu cử ĐBQH và ĐB HĐND 2015, Điều …",
        ]
        if let nearestIntent { lines.append("    suggestions: [\(nearestIntent)]") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar: whatever a citizen typed stays a string (no `: `, `#`, `- ` surprises).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// RFC 4180 CSV with the documented columns; a cell starting with `=`, `+`, `-` or `@` gets a leading
    /// apostrophe so a spreadsheet does not run a citizen's text as a formula.
    public static func csv(_ groups: [UnansweredGroup]) -> String {
        func cell(_ s: String) -> String {
            var v = s
            if let first = v.first, "=+-@".contains(first) { v = "'" + v }
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let iso = ISO8601DateFormatter()
        var out = "folded,count,first_seen,last_seen,nearest_intent,example\r\n"
        for g in groups {
            out +=
                [
                    cell(g.folded), String(g.count), iso.string(from: g.firstSeen), iso.string(from: g.lastSeen),
                    cell(g.nearestIntent ?? ""), cell(g.examples.first ?? ""),
                ].joined(separator: ",") + "\r\n"
        }
        return out
    }
}
