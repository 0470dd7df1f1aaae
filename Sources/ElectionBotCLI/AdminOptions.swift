import ArgumentParser
import BotCore
import ElectionKnowledge
import Foundation
import IntentFiles
import Storage

/// Options of the admin commands (`invite`, `subscribers`, `broadcast`): the database and the knowledge files.
struct AdminOptions: ParsableArguments {
    @Option(
        name: .long, help: "SQLite database file (default: $ELECTIONBOT_DB or electionbot.sqlite).")
    var db: String?

    @Option(
        name: .long, help: "Directory of intent files (default: $ELECTIONBOT_INTENTS or ./intents).")
    var intents: String?

    @Option(help: "A .env file read after the environment (as `serve` does).") var envFile: String = ".env"

    /// The database and knowledge directory resolved exactly as `serve` resolves them (flags > environment >
    /// `.env` > defaults), so an admin command writes where the running server reads.
    var config: BotConfig {
        get throws {
            var flags: [ConfigKeys.Key: String] = [:]
            if let db { flags[.database] = db }
            if let intents { flags[.intents] = intents }
            do {
                return try BotConfig.load(ConfigSources.reader(flags: flags, envFile: envFile))
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    var databasePath: String { get throws { try config.databasePath } }

    var directory: String { get throws { try config.intentsDirectory } }

    /// The role and level an invite or a subscription is for, checked against election.yml.
    func target(role: String, level: String?, in kb: KnowledgeBase) throws -> (role: String, level: String) {
        do {
            return try Broadcaster.inviteTarget(role: role, level: level, kb: kb)
        } catch {
            throw AdminError("\(error)")
        }
    }

    /// Runs `body` with the store and closes it after, so the command leaves a checkpointed file behind.
    func withStore(_ body: (SQLiteBotStore) async throws -> Void) async throws {
        let store = try SQLiteBotStore(path: try databasePath)
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// Loads the knowledge base or exits with the file:line problems on standard error.
    func loadKnowledge() throws -> KnowledgeBase {
        switch IntentLoader.load(directory: try directory) {
        case .success(let kb): return kb
        case .failure(let error):
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

/// Who runs an admin command, recorded with a broadcast.
func adminName() -> String {
    ProcessInfo.processInfo.environment["USER"].map { "cli:" + $0 } ?? "cli"
}

/// A refused admin request (unknown role, audience, broadcast): printed as `Error: …` without the usage text,
/// since the command line itself was well formed.
struct AdminError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
