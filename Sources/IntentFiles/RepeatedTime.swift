import Foundation

/// `{when:ID}` and `{date:ID}` of a milestone that has a time already print it ("07:00, Thứ Bảy, 22/05/2021"),
/// so an hour written next to the placeholder reads twice: "kết thúc lúc 7 giờ sáng 07:00, Thứ Bảy…".
enum RepeatedTime {
    /// An hour ending the text just before a placeholder: "7 giờ sáng", "7h", "07:00", "giờ", optionally
    /// followed by "ngày", "lúc" or "vào".
    static func beforePattern() -> NSRegularExpression {
        try! NSRegularExpression(
            pattern: #"(\d{1,2}\s*(giờ|h|:\d{2})|giờ)(\s+(sáng|trưa|chiều|tối|đêm))?(\s+(ngày|lúc|vào))?\s*$"#,
            options: [.caseInsensitive])
    }
    /// An hour starting the text just after a placeholder, optionally after "lúc" or "vào".
    static func afterPattern() -> NSRegularExpression {
        try! NSRegularExpression(
            pattern: #"^\s*((lúc|vào)\s+)?(\d{1,2}\s*(giờ|h\b|:\d{2})|giờ)"#, options: [.caseInsensitive])
    }

    /// For each placeholder of a timed milestone with an hour written right before or after it: the number of
    /// newlines before it in `answer` and the message to report.
    static func problems(in answer: String, timeOf: (String) -> String?) -> [(newlines: Int, message: String)] {
        let placeholder = try! NSRegularExpression(pattern: #"\{(when|date):([^{}]+)\}"#)
        let before = beforePattern()
        let after = afterPattern()
        let text = answer as NSString
        var out: [(Int, String)] = []
        for match in placeholder.matches(in: answer, range: NSRange(location: 0, length: text.length)) {
            let id = text.substring(with: match.range(at: 2))
            guard let time = timeOf(id) else { continue }
            // Only the text up to the previous (or from the next) placeholder counts as "next to" this one.
            let head =
                text.substring(to: match.range.location).split(separator: "}", omittingEmptySubsequences: false)
                .last.map(String.init) ?? ""
            let tail =
                text.substring(from: NSMaxRange(match.range)).split(separator: "{", omittingEmptySubsequences: false)
                .first.map(String.init) ?? ""
            let repeated =
                before.firstMatch(in: head, range: NSRange(location: 0, length: (head as NSString).length)) != nil
                || after.firstMatch(in: tail, range: NSRange(location: 0, length: (tail as NSString).length)) != nil
            guard repeated else { continue }
            let newlines = text.substring(to: match.range.location).filter { $0 == "\n" }.count
            out.append(
                (
                    newlines,
                    "'\(text.substring(with: match.range))' already gives the time \(time); "
                        + "do not write the hour next to it"
                ))
        }
        return out
    }
}
