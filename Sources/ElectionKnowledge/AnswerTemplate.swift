/// An answer text with its placeholders parsed once, at load time, so rendering is a few appends.
public struct AnswerTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case text(String)
        case date(Int)
        case when(Int)
        case electionDate
        case electionWhen
        case electionName
        case timeline
    }

    let segments: [Segment]

    /// Whether the text changes with today's date ("còn N ngày", the timeline); the others are rendered once.
    var dependsOnToday: Bool {
        segments.contains {
            switch $0 {
            case .when, .electionWhen, .timeline: true
            case .text, .date, .electionDate, .electionName: false
            }
        }
    }

    /// A placeholder the template could not resolve, with its character offset in the source text.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var placeholder: String
        public var offset: Int
        public var message: String
        public var description: String { message }
    }

    /// Parses `{date:ID}`, `{when:ID}`, `{election.date}`, `{election.when}`, `{election.name}`, `{timeline}`.
    /// Braces that do not open a known placeholder form are an error too, so a typo never reaches a citizen.
    public static func parse(_ source: String, milestones: [String: Int]) -> Result<AnswerTemplate, Problem> {
        var segments: [Segment] = []
        var text = ""
        var index = source.startIndex
        var offset = 0
        while index < source.endIndex {
            let c = source[index]
            if c == "{" {
                guard let close = source[index...].firstIndex(of: "}") else {
                    return .failure(Problem(placeholder: "{", offset: offset, message: "unclosed '{' in answer"))
                }
                let name = String(source[source.index(after: index)..<close])
                let segment: Segment
                switch name {
                case "election.date": segment = .electionDate
                case "election.when": segment = .electionWhen
                case "election.name": segment = .electionName
                case "timeline": segment = .timeline
                default:
                    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2, parts[0] == "date" || parts[0] == "when" else {
                        return .failure(
                            Problem(
                                placeholder: name, offset: offset,
                                message: "unknown placeholder '{\(name)}' (use {date:ID}, {when:ID}, "
                                    + "{election.date}, {election.when}, {election.name} or {timeline})"))
                    }
                    guard let m = milestones[parts[1]] else {
                        return .failure(
                            Problem(placeholder: name, offset: offset, message: "unknown milestone '\(parts[1])'"))
                    }
                    segment = parts[0] == "date" ? .date(m) : .when(m)
                }
                if !text.isEmpty {
                    segments.append(.text(text))
                    text = ""
                }
                segments.append(segment)
                offset += name.count + 2
                index = source.index(after: close)
            } else {
                text.append(c)
                offset += 1
                index = source.index(after: index)
            }
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return .success(AnswerTemplate(segments: segments))
    }

    /// The milestone indices the template refers to.
    var milestoneRefs: [Int] {
        segments.compactMap {
            switch $0 {
            case .date(let i), .when(let i): return i
            default: return nil
            }
        }
    }
}

/// Turns dates into the words citizens read: "Chủ Nhật, 23/05/2021 (còn 3 ngày)".
public enum DateWording {
    /// "Chủ Nhật, 23/05/2021", with "17:00, " in front when a time is given.
    public static func date(_ d: CivilDate, time: String? = nil) -> String {
        (time.map { $0 + ", " } ?? "") + d.vietnameseWeekday + ", " + d.ddmmyyyy
    }

    /// "(còn N ngày)", "(hôm nay)", "(ngày mai)" or "(đã diễn ra)", relative to `today`.
    public static func relative(_ d: CivilDate, today: CivilDate) -> String {
        let n = today.days(until: d)
        if n == 0 { return "(hôm nay)" }
        if n == 1 { return "(ngày mai, còn 1 ngày)" }
        if n > 0 { return "(còn \(n) ngày)" }
        return "(đã diễn ra)"
    }

    public static func when(_ d: CivilDate, time: String? = nil, today: CivilDate) -> String {
        date(d, time: time) + " " + relative(d, today: today)
    }
}
