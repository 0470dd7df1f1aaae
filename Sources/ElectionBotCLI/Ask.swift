import ArgumentParser
import ElectionKnowledge
import Foundation

struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer a question, or every line of standard input (one reply per line, in order).")

    @OptionGroup var knowledge: KnowledgeOptions

    @Flag(name: .long, help: "Print one JSON object per reply.")
    var json = false

    @Argument(help: "The question. Without it, each line of standard input is a question.")
    var question: [String] = []

    func run() throws {
        let kb = try knowledge.load()
        let today = try knowledge.todayDate(for: kb)
        if !question.isEmpty {
            emit(kb.answer(question.joined(separator: " "), today: today))
            return
        }
        while let line = readLine(strippingNewline: true) {
            emit(kb.answer(line, today: today))
        }
    }

    func emit(_ reply: Reply) {
        if json {
            print(ReplyJSON.encode(reply))
        } else {
            print(reply.text)
            if !reply.suggestions.isEmpty && !reply.fallback {
                print("→ Xem thêm: " + reply.suggestions.map(\.title).joined(separator: " · "))
            }
            print("")
        }
    }
}

/// One reply as one line of JSON: the fields a script or the eval tool reads.
enum ReplyJSON {
    struct Body: Encodable {
        var text: String
        var intent: String?
        var confidence: Double
        var fallback: Bool
        var sources: [String]
        var suggestions: [String]
        var suggestionIDs: [String]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(intent, forKey: .intent)  // null when falling back, never omitted
            try c.encode((confidence * 1000).rounded() / 1000, forKey: .confidence)
            try c.encode(fallback, forKey: .fallback)
            try c.encode(sources, forKey: .sources)
            try c.encode(suggestions, forKey: .suggestions)
            try c.encode(suggestionIDs, forKey: .suggestionIDs)
        }
        enum CodingKeys: String, CodingKey {
            case text, intent, confidence, fallback, sources, suggestions
            case suggestionIDs = "suggestion_ids"
        }
    }

    static func encode(_ reply: Reply) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let body = Body(
            text: reply.text, intent: reply.intent, confidence: reply.confidence, fallback: reply.fallback,
            sources: reply.sources, suggestions: reply.suggestions.map(\.title),
            suggestionIDs: reply.suggestions.map(\.intentID))
        return (try? String(decoding: encoder.encode(body), as: UTF8.self)) ?? "{}"
    }
}
