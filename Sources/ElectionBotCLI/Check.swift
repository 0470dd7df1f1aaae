import ArgumentParser
import ElectionKnowledge
import Foundation
import IntentFiles

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the knowledge files; print every problem as file:line: message (exit 1 if any).")

    @Argument(help: "Directory of intent files (default: $ELECTIONBOT_INTENTS or ./intents).")
    var directory: String?

    func run() throws {
        let dir = directory ?? configuredIntentsDirectory()
        let (result, warnings) = IntentLoader.check(directory: dir)
        for w in warnings { print(w.description) }
        switch result {
        case .success(let kb):
            let examples = kb.intents.reduce(0) { $0 + $1.examples.count }
            print(
                "\(dir): OK — \(kb.intents.count) intents, \(examples) examples, \(kb.milestones.count) milestones, "
                    + "\(kb.roles.count) roles (version \(kb.version))"
                    + (warnings.isEmpty ? "" : ", \(warnings.count) warning(s)"))
        case .failure(let error):
            for d in error.diagnostics { print(d.description) }
            FileHandle.standardError.write(Data("\(error.diagnostics.count) problem(s) found\n".utf8))
            throw ExitCode(1)
        }
    }
}
