import ArgumentParser
import BotCore
import Configuration
import ElectionKnowledge
import Foundation
import IntentFiles

/// Options shared by every command that loads the knowledge files.
struct KnowledgeOptions: ParsableArguments {
    @Option(name: .long, help: "Directory of intent files (default: $ELECTIONBOT_INTENTS or ./intents).")
    var intents: String?

    @Option(name: .long, help: "Answer as if today were this date (YYYY-MM-DD), in the election's time zone.")
    var today: String?

    /// Resolved as every subcommand resolves configuration: this flag, then the environment, then `.env`.
    var directory: String { intents ?? configuredIntentsDirectory() }

    /// Loads the knowledge base or exits with the file:line problems on standard error.
    func load() throws -> KnowledgeBase {
        switch IntentLoader.load(directory: directory) {
        case .success(let kb): return kb
        case .failure(let error):
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }

    func todayDate(for kb: KnowledgeBase) throws -> CivilDate {
        if let today {
            guard let d = CivilDate(iso: today) else {
                throw ValidationError("--today must be YYYY-MM-DD, got '\(today)'")
            }
            return d
        }
        return CivilDate.today(
            utcOffsetMinutes: kb.election.utcOffsetMinutes, now: Date().timeIntervalSince1970)
    }
}

/// `ELECTIONBOT_INTENTS` from the environment or `.env`, else `intents` (what `serve` would load).
func configuredIntentsDirectory() -> String {
    ConfigSources.reader().string(forKey: .init(ConfigKeys.Key.intents.name)).flatMap { $0.isEmpty ? nil : $0 }
        ?? "intents"
}
