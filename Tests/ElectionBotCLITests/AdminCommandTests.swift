import ArgumentParser
import ElectionBotCLI
import Foundation
import Storage
import TestSupport
import Testing

/// The admin commands as an operator runs them, parsed from their arguments.
@Suite("Admin commands")
struct AdminCommandTests {
    static let intents = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("intents").path

    func run(_ arguments: [String]) async throws {
        var command = try ElectionBot.parseAsRoot(arguments)
        if var async = command as? any AsyncParsableCommand {
            try await async.run()
        } else {
            try command.run()
        }
    }

    @Test("subscribers and broadcast write to the database named in .env, where serve reads")
    func adminCommandsReadTheDatabaseFromDotEnv() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let envFile = directory.url.appendingPathComponent(".env").path
        try """
        # as the README documents it
        export ELECTIONBOT_DB="\(directory.databasePath)"
        ELECTIONBOT_INTENTS='\(Self.intents)'
        """.write(toFile: envFile, atomically: true, encoding: .utf8)

        try await run(
            [
                "subscribers", "add", "--platform", "telegram", "--user", "42", "--role", "to-bau-cu", "--env-file",
                envFile,
            ])
        try await run(["broadcast", "--audience", "all", "--text", "Họp lúc 14:00", "--env-file", envFile])

        let store = try SQLiteBotStore(path: directory.databasePath)
        let subscribers = try await store.listSubscribers()
        #expect(subscribers.map(\.userID) == ["42"])
        let broadcasts = try await store.recentBroadcasts(limit: 5)
        #expect(broadcasts.count == 1)
        let id = try #require(broadcasts.first?.id)
        let status = try #require(try await store.broadcastStatus(id: id))
        #expect(status.counts[.queued] == 1)
        try await store.close()
    }

    @Test("an unknown role is refused with the reason and writes nothing")
    func unknownRoleIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        await #expect(throws: (any Error).self) {
            try await run([
                "invite", "--role", "no-such-body", "--db", directory.databasePath, "--intents", Self.intents,
                "--env-file", "/nonexistent",
            ])
        }
        #expect(!FileManager.default.fileExists(atPath: directory.databasePath))
    }

    @Test("admin add/list/remove keep only the token's digest; prune --dry-run counts and deletes nothing")
    func adminAccountsAndPrune() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = ["--db", directory.databasePath, "--env-file", "/nonexistent"]
        try await run(["admin", "add", "lan"] + db)
        await #expect(throws: (any Error).self) { try await run(["admin", "add", "lan"] + db) }
        await #expect(throws: (any Error).self) { try await run(["admin", "add", "có dấu"] + db) }
        do {
            let store = try SQLiteBotStore(path: directory.databasePath)
            #expect(try await store.listAdmins().map(\.name) == ["lan"])
            #expect(try await store.auditEntries(limit: 5).map(\.action) == ["admin.add"])
            // Old rows to prune: a conversation of 200 days ago.
            try await store.logConversation(
                ConversationEntry(
                    platform: "telegram", userID: "1", chatID: "1", question: "q", intent: nil, confidence: 0,
                    isFallback: true, reply: "r", at: Date().addingTimeInterval(-200 * 86_400)))
            try await store.close()
        }
        try await run(["prune", "--dry-run"] + db)
        do {
            let store = try SQLiteBotStore(path: directory.databasePath)
            #expect(try await store.recentConversations(limit: 5).count == 1)
            try await store.close()
        }
        try await run(["prune"] + db)
        try await run(["admin", "remove", "lan"] + db)
        await #expect(throws: (any Error).self) { try await run(["admin", "remove", "lan"] + db) }
        let store = try SQLiteBotStore(path: directory.databasePath)
        #expect(try await store.recentConversations(limit: 5).isEmpty)
        #expect(try await store.listAdmins().isEmpty)
        #expect(try await store.auditEntries(limit: 5).first?.action == "admin.remove")
        try await store.close()
    }
}
