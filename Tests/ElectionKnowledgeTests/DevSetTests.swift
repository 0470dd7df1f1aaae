import Foundation
import IntentFiles
import Testing
import VietnameseText

@testable import ElectionKnowledge

/// The shipped knowledge files and the labelled development set, as a user would meet them.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let intents = root.appendingPathComponent("intents").path
    static let devset = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/devset")

    static let knowledge: Result<KnowledgeBase, IntentLoadError> = IntentLoader.load(directory: intents)

    /// The realistic messages of issue 11 ("thuc-te-*.tsv"): stories, dialect, near misses; checked on their own.
    static let realisticPrefix = "thuc-te-"
    /// Of those, the part never looked at while tuning: its figure is the honest measure.
    static let heldBack = "thuc-te-giu-lai.tsv"

    /// Every labelled question, or only the files `include` accepts.
    static func cases(_ include: (String) -> Bool = { _ in true }) throws -> [Evaluation.Case] {
        let files = try FileManager.default.contentsOfDirectory(atPath: devset.path).filter {
            $0.hasSuffix(".tsv") && include($0)
        }
        return try files.sorted().flatMap { name in
            Evaluation.parseTSV(try String(contentsOf: devset.appendingPathComponent(name), encoding: .utf8))
        }
    }
}

@Suite("Shipped knowledge and development set")
struct DevSetTests {
    /// Raise as the bot improves; the measured figure is in the issue notes.
    static let accuracyFloor = 0.88
    /// Out-of-scope questions answered as if in scope: the dangerous error.
    static let maxFalseAnswerRate = 0.10

    let today = CivilDate(year: 2021, month: 4, day: 1)!

    @Test("the shipped intents load without a single problem")
    func loads() throws {
        let kb = try Shipped.knowledge.get()
        #expect(kb.intents.count > 100)
        #expect(kb.election.date == CivilDate(year: 2021, month: 5, day: 23))
    }

    @Test("the development set has at least 400 questions and none is copied from an example")
    func devsetIsHeldOut() throws {
        let kb = try Shipped.knowledge.get()
        let cases = try Shipped.cases()
        #expect(cases.count >= 400)
        var examples = Set<String>()
        for intent in kb.intents { for e in intent.examples { examples.insert(VietnameseFolding.fold(e)) } }
        let leaked = cases.filter { examples.contains(VietnameseFolding.fold($0.question)) }
        #expect(leaked.isEmpty, "dev questions identical to examples: \(leaked.map(\.question))")
        let ids = Set(kb.intents.map(\.id))
        let unknown = cases.filter { $0.expected != "fallback" && !ids.contains($0.expected) }
        #expect(unknown.isEmpty, "labels that are not intents: \(unknown.map { "\($0.line): \($0.expected)" })")
    }

    @Test("accuracy on the development set stays above the floor")
    func accuracy() throws {
        let kb = try Shipped.knowledge.get()
        let cases = try Shipped.cases { !$0.hasPrefix(Shipped.realisticPrefix) }
        let result = Evaluation.run(cases, on: kb, today: today)
        print(result.report(showMisses: false))
        #expect(result.accuracy >= Self.accuracyFloor)
        let outOfScope = cases.filter { $0.expected == "fallback" }.count
        #expect(outOfScope >= 30)
        #expect(Double(result.falseAnswers) <= Self.maxFalseAnswerRate * Double(outOfScope))
    }

    @Test("every one of the law's 98 articles is answerable when asked by number")
    func everyArticle() throws {
        let kb = try Shipped.knowledge.get()
        let covered = Set(kb.intents.flatMap(\.articles))
        #expect(covered.isSuperset(of: 1...98), "missing: \(Set(1...98).subtracting(covered).sorted())")
        var unanswered: [Int] = []
        for n in 1...98 {
            let reply = kb.answer("Điều \(n) luật bầu cử quy định gì?", today: today)
            let owners = Set(kb.intents.filter { $0.articles.contains(n) }.map(\.id))
            // Either the answer, or (for articles split over several intents) an offer of those intents.
            let ok = reply.intent.map(owners.contains) ?? reply.suggestions.contains { owners.contains($0.intentID) }
            if !ok { unanswered.append(n) }
        }
        #expect(unanswered.isEmpty, "articles not found by number: \(unanswered)")
    }

    @Test("every answer cites a source and renders without leftover placeholders")
    func answersRender() throws {
        let kb = try Shipped.knowledge.get()
        for intent in kb.intents {
            let reply = try #require(kb.answer(intentID: intent.id, today: today))
            #expect(!reply.text.contains("{"), "\(intent.id)")
            if intent.kind == .answer { #expect(reply.text.contains("Nguồn: "), "\(intent.id)") }
        }
    }

    /// Issue 11: realistic messages (tuning part and held-back part). Measured before the work: 65.7 % and 71.6 %
    /// accuracy, 23.2 % and 17.6 % of confident wrong answers.
    static let realisticAccuracyFloor = 0.86
    static let heldBackAccuracyFloor = 0.78
    /// Answers with the wrong intent (or answers where the bot should have declined), as a share of questions.
    static let maxRealisticWrongRate = 0.08
    static let maxHeldBackWrongRate = 0.16

    @Test("realistic messages: accuracy above the floor, few confident wrong answers, held-back part too")
    func realistic() throws {
        let kb = try Shipped.knowledge.get()
        let tuning = try Shipped.cases { $0.hasPrefix(Shipped.realisticPrefix) && $0 != Shipped.heldBack }
        let heldBack = try Shipped.cases { $0 == Shipped.heldBack }
        #expect(tuning.count + heldBack.count >= 300)
        #expect(heldBack.count >= 70)
        #expect(tuning.filter { $0.expected == "fallback" }.count >= 40)
        let result = Evaluation.run(tuning, on: kb, today: today)
        print(result.report(showMisses: false))
        #expect(result.accuracy >= Self.realisticAccuracyFloor)
        #expect(Double(result.wrongAnswers) <= Self.maxRealisticWrongRate * Double(result.total))
        let held = Evaluation.run(heldBack, on: kb, today: today)
        print(held.report(showMisses: false))
        #expect(held.accuracy >= Self.heldBackAccuracyFloor)
        #expect(Double(held.wrongAnswers) <= Self.maxHeldBackWrongRate * Double(held.total))
    }
}
