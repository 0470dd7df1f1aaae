/// Runs a labelled set of questions (question → expected intent, or `fallback`) through the answerer,
/// as `rasa test nlu` does: accuracy, fallbacks, and which intents are confused with which.
public struct Evaluation: Sendable {
    public struct Case: Sendable, Equatable {
        public var question: String
        /// An intent id, or "fallback" when the bot must not answer.
        public var expected: String
        public var line: Int

        public init(question: String, expected: String, line: Int = 0) {
            self.question = question
            self.expected = expected
            self.line = line
        }
    }

    public struct Miss: Sendable, Equatable {
        public var question: String
        public var expected: String
        /// The intent answered, or "fallback".
        public var got: String
        public var confidence: Double
    }

    public var total = 0
    public var correct = 0
    /// Questions the bot fell back on although an intent was expected.
    public var fallbacks = 0
    /// Out-of-scope questions it answered anyway (the dangerous error).
    public var falseAnswers = 0
    /// Questions answered with an intent that is not the expected one (a wrong answer given with confidence,
    /// the worst outcome): includes `falseAnswers`.
    public var wrongAnswers = 0
    /// Questions correctly declined (expected and got fallback).
    public var correctFallbacks = 0
    public var misses: [Miss] = []
    /// expected → got → count.
    public var confusions: [String: [String: Int]] = [:]

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Parses `question<TAB>expected` lines; blank lines and lines starting with `#` are skipped.
    public static func parseTSV(_ text: String) -> [Case] {
        var out: [Case] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let tab = line.lastIndex(of: "\t") else { continue }
            let q = String(line[..<tab])
            let e = String(line[line.index(after: tab)...]).trimmingSpaces
            out.append(Case(question: q, expected: e, line: n + 1))
        }
        return out
    }

    public static func run(_ cases: [Case], on kb: KnowledgeBase, today: CivilDate) -> Evaluation {
        var e = Evaluation()
        for c in cases {
            let reply = kb.answer(c.question, today: today)
            let got = reply.fallback ? "fallback" : (reply.intent ?? "fallback")
            e.total += 1
            if got == c.expected {
                e.correct += 1
                if got == "fallback" { e.correctFallbacks += 1 }
                continue
            }
            if got == "fallback" { e.fallbacks += 1 }
            if c.expected == "fallback" { e.falseAnswers += 1 }
            if got != "fallback" { e.wrongAnswers += 1 }
            e.misses.append(Miss(question: c.question, expected: c.expected, got: got, confidence: reply.confidence))
            e.confusions[c.expected, default: [:]][got, default: 0] += 1
        }
        return e
    }

    /// A plain-text report: totals, then the most frequent confusions.
    public func report(showMisses: Bool) -> String {
        var out = "questions: \(total)\n"
        out += "accuracy: \(Self.percent(accuracy)) (\(correct)/\(total))\n"
        out += "fell back although an answer was expected: \(fallbacks)\n"
        out += "answered although it should have fallen back: \(falseAnswers)\n"
        out +=
            "confident wrong answers: \(wrongAnswers) (\(Self.percent(total == 0 ? 0 : Double(wrongAnswers) / Double(total))))\n"
        out += "fallback rate: \(Self.percent(total == 0 ? 0 : Double(fallbacks + correctFallbacks) / Double(total)))\n"
        let pairs = confusions.flatMap { expected, row in row.map { (expected, $0.key, $0.value) } }
            .sorted { ($0.2, $1.0, $1.1) > ($1.2, $0.0, $0.1) }
        if !pairs.isEmpty {
            out += "confusions (expected → got: count):\n"
            for (expected, got, n) in pairs.prefix(25) { out += "  \(expected) → \(got): \(n)\n" }
        }
        if showMisses {
            out += "misses:\n"
            for m in misses {
                out += "  [\(m.expected) → \(m.got) @\(Self.percent(m.confidence))] \(m.question)\n"
            }
        }
        return out
    }

    static func percent(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return "\(v)%"
    }
}
