import ArgumentParser
import ElectionKnowledge
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a labelled file (question<TAB>intent or 'fallback') and print accuracy and confusions.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Flag(name: .long, help: "List every misclassified question.")
    var misses = false

    @Flag(
        name: .long, help: "Print the ranking of every question (expected, best, confidence, gap) as TSV, for tuning.")
    var dump = false

    @Option(name: .long, help: "Exit 1 when accuracy is below this share (0–1).")
    var minAccuracy: Double?

    @Argument(help: "TSV files or directories of .tsv files.")
    var files: [String]

    func run() throws {
        let kb = try knowledge.load()
        let today = try knowledge.todayDate(for: kb)
        var cases: [Evaluation.Case] = []
        for path in files {
            for file in try tsvFiles(path) {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw ValidationError("cannot read \(file)")
                }
                cases += Evaluation.parseTSV(text)
            }
        }
        if dump {
            for c in cases {
                let blend = Float(ProcessInfo.processInfo.environment["BLEND"] ?? "0.5") ?? 0.5
                let r = kb.rank(c.question, blend: blend)
                let best = r.top.first.map { kb.intents[$0.intent].id } ?? "-"
                let kind = r.top.first.map { kb.intents[$0.intent].kind.rawValue } ?? "-"
                print("\(c.expected)\t\(best)\t\(kind)\t\(r.confidence)\t\(r.gap)\t\(c.question)")
            }
            return
        }
        let result = Evaluation.run(cases, on: kb, today: today)
        print(result.report(showMisses: misses), terminator: "")
        if let minAccuracy, result.accuracy < minAccuracy {
            throw ExitCode(1)
        }
    }

    func tsvFiles(_ path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ValidationError("no such file: \(path)")
        }
        guard isDir.boolValue else { return [path] }
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".tsv") }.sorted()
            .map { path + "/" + $0 }
    }
}
