import ArgumentParser
import ElectionKnowledge
import Foundation
import IntentFiles
import VietnameseText

/// Measures the answering core in this build: load time, time per answer (p50/p99) on the shipped knowledge
/// and on a synthetic one of 10 000 intents, and peak memory. Run it on a release build.
struct AnswerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers", abstract: "Benchmark the answering core (use a release build).")

    @Option(help: "Directory of intent files; default: the repository's intents/.")
    var intents: String = repositoryRoot + "/intents"

    @Option(help: "Answer as if today were this date (YYYY-MM-DD).") var today: String = "2021-05-01"

    @Option(help: "Labelled questions (TSV files or a directory) to time; default: the development set.")
    var questions: String = repositoryRoot + "/Tests/ElectionKnowledgeTests/Resources/devset"

    @Option(help: "Answers to time per knowledge base.")
    var iterations: Int = 50_000

    @Option(help: "Also list this many questions with the slowest median answer time (shipped knowledge base).")
    var slowest: Int = 0

    @Option(help: "Intents in the synthetic knowledge base.")
    var syntheticIntents: Int = 10_000

    func run() throws {
        #if DEBUG
            print("warning: this is a debug build; figures are only meaningful with -c release")
        #endif
        let clock = ContinuousClock()
        var loadTimes: [Duration] = []
        var kb: KnowledgeBase?
        for _ in 0..<5 {
            let start = clock.now
            kb = try IntentLoader.load(directory: intents).get()
            loadTimes.append(clock.now - start)
        }
        let shipped = kb!
        guard let today = CivilDate(iso: today) else { throw ValidationError("--today must be YYYY-MM-DD") }
        print("load (parse + validate + index) of \(intents): median \(format(median(loadTimes)))")
        print("intents: \(shipped.intents.count), examples: \(shipped.intents.reduce(0) { $0 + $1.examples.count })")

        var texts = try loadQuestions()
        if texts.isEmpty { texts = shipped.intents.flatMap(\.examples) }
        time("shipped knowledge base", kb: shipped, questions: texts, today: today)
        if slowest > 0 { listSlowest(kb: shipped, questions: texts, today: today) }

        let start = clock.now
        let synthetic = makeSynthetic(from: shipped, count: syntheticIntents)
        print("synthetic knowledge base of \(syntheticIntents) intents built in \(format(clock.now - start))")
        time("synthetic knowledge base", kb: synthetic, questions: texts, today: today)
        print("peak memory (max RSS): \(peakRSSKiB() / 1024) MiB")
    }

    func loadQuestions() throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: questions, isDirectory: &isDir) else { return [] }
        let files =
            isDir.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: questions).filter { $0.hasSuffix(".tsv") }.sorted()
                .map { questions + "/" + $0 } : [questions]
        return try files.flatMap {
            Evaluation.parseTSV(try String(contentsOfFile: $0, encoding: .utf8)).map(\.question)
        }
    }

    /// Times `iterations` answers in five rounds. The figures are over all samples; the per-round medians show
    /// how much the machine itself varied (on a shared virtual machine whole seconds run slower).
    func time(_ label: String, kb: KnowledgeBase, questions: [String], today: CivilDate) {
        let clock = ContinuousClock()
        for q in questions.prefix(2000) { _ = kb.answer(q, today: today) }  // warm up
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        var roundMedians: [Duration] = []
        var sink = 0
        let rounds = 5
        let perRound = max(1, iterations / rounds)
        for round in 0..<rounds {
            var roundSamples: [Duration] = []
            roundSamples.reserveCapacity(perRound)
            for j in 0..<perRound {
                let q = questions[(round * perRound + j) % questions.count]
                let start = clock.now
                let reply = kb.answer(q, today: today)
                roundSamples.append(clock.now - start)
                sink &+= reply.text.utf8.count
            }
            samples += roundSamples
            roundMedians.append(roundSamples.sorted()[perRound / 2])
        }
        samples.sort()
        let p50 = samples[samples.count / 2]
        let p99 = samples[samples.count * 99 / 100]
        let total = samples.reduce(Duration.zero, +)
        print(
            "\(label): \(samples.count) answers, p50 \(format(p50)), p99 \(format(p99)), "
                + "mean \(format(total / samples.count)) (checksum \(sink % 1000))")
        print("  p50 of each round: \(roundMedians.map(format).joined(separator: ", "))")
    }

    /// The questions whose median answer time (over 21 tries) is the highest, with what the bot answered.
    func listSlowest(kb: KnowledgeBase, questions: [String], today: CivilDate) {
        let clock = ContinuousClock()
        var timed: [(Duration, String, String)] = []
        for q in questions {
            var tries: [Duration] = []
            var intent = ""
            for _ in 0..<21 {
                let start = clock.now
                let reply = kb.answer(q, today: today)
                tries.append(clock.now - start)
                intent = reply.intent ?? "(fallback)"
            }
            timed.append((tries.sorted()[10], q, intent))
        }
        timed.sort { $0.0 > $1.0 }
        print("slowest questions (median of 21):")
        for (d, q, intent) in timed.prefix(slowest) { print("  \(format(d))  \(intent)  \(q)") }
        let medians = timed.map(\.0).sorted()
        print("  median of the per-question medians: \(format(medians[medians.count / 2]))")
    }

    /// Intents made of the shipped vocabulary in random order: the same word statistics, 60× the size.
    func makeSynthetic(from kb: KnowledgeBase, count: Int) -> KnowledgeBase {
        var words = Array(Set(kb.intents.flatMap { $0.examples.flatMap { $0.split(separator: " ").map(String.init) } }))
        words.sort()
        var rng = SplitMix64(seed: 42)
        var intents = kb.intents
        for n in 0..<max(0, count - intents.count) {
            var examples: [String] = []
            for _ in 0..<8 {
                let length = 4 + Int(rng.next() % 8)
                examples.append(
                    (0..<length).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " "))
            }
            intents.append(
                Intent(
                    id: "synthetic.\(n)", title: "Chủ đề \(n)", examples: examples, answers: ["Trả lời \(n)."],
                    sources: ["Nguồn \(n)"]))
        }
        let milestones = kb.milestones
        return try! KnowledgeBase.build(
            election: kb.election, roles: kb.roles, milestones: milestones, intents: intents, thresholds: kb.thresholds
        ).get()
    }

    func median(_ d: [Duration]) -> Duration { d.sorted()[d.count / 2] }

    func format(_ d: Duration) -> String {
        let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
        if ns < 1e3 { return String(format: "%.0f ns", ns) }
        if ns < 1e6 { return String(format: "%.2f µs", ns / 1e3) }
        if ns < 1e9 { return String(format: "%.2f ms", ns / 1e6) }
        return String(format: "%.2f s", ns / 1e9)
    }

    func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

/// A small deterministic generator, so the synthetic knowledge base is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
