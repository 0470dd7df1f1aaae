import VietnameseText

/// Why the bot gave the answer it gave: what an admin sees in the console's "try" page, to decide whether an
/// intent needs another example or a question needs a new intent.
public struct Explanation: Sendable {
    public struct Candidate: Sendable {
        public var intent: String
        public var title: String
        public var score: Double
        /// The intent's example closest to the question and the words they share.
        public var why: String
    }

    public enum Outcome: String, Sendable {
        case answer, fallback, command
    }

    public var reply: Reply
    public var outcome: Outcome
    public var ranking: [Candidate]
    /// One Vietnamese sentence or two: which rule decided.
    public var summary: String
}

extension KnowledgeBase {
    /// Answers `question` exactly as a citizen would be answered, and explains the ranking behind it.
    public func explain(_ question: String, today: CivilDate) -> Explanation {
        let reply = answer(question, today: today)
        let trimmed = question.trimmingSpaces
        if trimmed.hasPrefix("/") || trimmed.hasPrefix("i:") {
            return Explanation(
                reply: reply, outcome: .command, ranking: [],
                summary: "Đây là lệnh hoặc nút bấm, không qua bộ so khớp.")
        }
        let asked = Set(Abbreviations.expand(VietnameseFolding.syllables(trimmed)).map(\.folded))
        let ranking = rank(trimmed, limit: 5)
        let candidates = ranking.top.map { scored -> Explanation.Candidate in
            let intent = intents[scored.intent]
            return Explanation.Candidate(
                intent: intent.id, title: intent.title, score: Double(scored.score),
                why: Self.nearestExample(intent, asked: asked))
        }
        let percent = { (x: Double) in "\(Int((x * 100).rounded())) %" }
        var summary: String
        let top = candidates.first
        if !reply.fallback, let id = reply.intent {
            if let top, top.intent == id {
                summary =
                    "Trả lời «\(top.title)»: ý này giải thích \(percent(ranking.confidence)) câu hỏi "
                    + "(ngưỡng \(percent(thresholds.minConfidence))) và hơn ý thứ hai \(percent(ranking.gap)) "
                    + "(ngưỡng \(percent(thresholds.minGap)))."
            } else {
                let title = intent(id: id)?.title ?? id
                summary =
                    "Trả lời «\(title)» theo một quy tắc riêng (tuổi, ngày giờ hoặc số lượng nêu trong câu hỏi), "
                    + "không theo thứ hạng bên dưới."
            }
        } else if let id = reply.intent, let i = intent(id: id), i.kind == .outOfScope {
            summary = "Câu hỏi ngoài phạm vi tài liệu: ý «\(i.title)» khớp nhất hoặc đủ gần để từ chối."
        } else if ranking.confidence < thresholds.minConfidence {
            summary =
                "Không chắc: ý tốt nhất chỉ giải thích \(percent(ranking.confidence)) câu hỏi, dưới ngưỡng "
                + "\(percent(thresholds.minConfidence)). Thêm ví dụ cho ý đúng, hoặc tạo ý mới."
        } else {
            summary =
                "Không chắc: hai ý đầu quá sát nhau (cách \(percent(ranking.gap)), ngưỡng "
                + "\(percent(thresholds.minGap))). Thêm ví dụ phân biệt chúng."
        }
        return Explanation(
            reply: reply, outcome: reply.fallback ? .fallback : .answer, ranking: candidates, summary: summary)
    }

    /// "gần nhất: «bao giờ bầu cử» — chung: bau, cu": the example sharing the most folded syllables.
    static func nearestExample(_ intent: Intent, asked: Set<String>) -> String {
        var best: (example: String, shared: [String])?
        for example in intent.examples {
            var seen = Set<String>()
            let shared = VietnameseFolding.syllables(example).map(\.folded).filter {
                asked.contains($0) && seen.insert($0).inserted
            }
            if shared.count > (best?.shared.count ?? -1) { best = (example, shared) }
        }
        guard let best else { return "ý này không có ví dụ" }
        let words = best.shared.isEmpty ? "không có từ chung" : "chung: " + best.shared.joined(separator: ", ")
        return "gần nhất: «\(best.example)» — \(words)"
    }
}
