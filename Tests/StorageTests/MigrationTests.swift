import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// A database written by the previous release (schema v1: texts inline, two more indexes) opens with this
/// build, keeps every row readable and goes on working.
@Suite("Migration from schema v1")
struct MigrationTests {
    static let longReply = String(repeating: "Cử tri đủ 18 tuổi có quyền bầu cử. ", count: 12)

    @Test func aVersionOneDatabaseUpgradesWithItsRowsIntact() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The previous release's database: migrated only to v1, with a pending message, a queued reply and a
        // logged exchange, all with their texts inline.
        do {
            let queue = try DatabaseQueue(path: directory.databasePath)
            try Schema.migrator.migrate(queue, upTo: "v1-initial")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO inbox (dedupe_key, platform, user_id, chat_id, text, payload, received_at)
                        VALUES ('tg:1', 'telegram', 'u1', 'c1', 'Ai được bầu cử?', '{}', 1779235200000)
                        """)
                try db.execute(
                    sql: """
                        INSERT INTO outbox (lane, platform, chat_id, payload, unique_key, next_attempt_at, created_at)
                        VALUES ('reply', 'telegram', 'c0', ?, 'reply:tg:0', 1779235200000, 1779235200000)
                        """, arguments: [Self.longReply])
                try db.execute(
                    sql: """
                        INSERT INTO conversations (platform, user_id, chat_id, dedupe_key, question, intent,
                                                   confidence, is_fallback, reply, at)
                        VALUES ('telegram', 'u0', 'c0', 'tg:0', 'Ai được bầu cử?', 'tuoi-bau-cu', 0.9, 0, ?,
                                1779235200000)
                        """, arguments: [Self.longReply])
            }
            try queue.close()
        }

        let store = try SQLiteBotStore(path: directory.databasePath)
        let health = await store.health()
        #expect(health.ok && health.schemaVersion == SQLiteBotStore.latestSchemaVersion)
        #expect(try await store.pendingInbound(limit: 10).map(\.dedupeKey) == ["tg:1"])
        #expect(try await store.recentConversations(limit: 10).map(\.reply) == [Self.longReply])

        // The pending message is settled the new way, beside the old rows.
        let entry = ConversationEntry(
            platform: "telegram", userID: "u1", chatID: "c1", dedupeKey: "tg:1", question: "Ai được bầu cử?",
            intent: "tuoi-bau-cu", confidence: 0.9, isFallback: false, reply: Self.longReply,
            at: Date(timeIntervalSince1970: 1_779_235_260))
        try await store.completeInbound([
            InboundCompletion(
                dedupeKey: "tg:1", conversation: entry,
                replies: [
                    OutboxItem(
                        lane: .reply, platform: "telegram", chatID: "c1", payload: Self.longReply,
                        uniqueKey: "reply:tg:1")
                ])
        ])
        #expect(try await store.pendingInbound(limit: 10).isEmpty)
        #expect(try await store.sharedTextCount() == 1)  // payload and reply are the same text here
        // The new row is due from the store's clock (now); the old one since 2026-05-20.
        let claimed = try await store.claim(lane: .reply, limit: 10, now: Date() + 60, lease: .seconds(30))
        #expect(claimed.map(\.uniqueKey) == ["reply:tg:0", "reply:tg:1"])
        #expect(claimed.allSatisfy { $0.payload == Self.longReply })
        #expect(try await store.recentConversations(limit: 10).map(\.reply) == [Self.longReply, Self.longReply])
        try await store.close()

        // The store's background checkpointer lets go of its connection a moment after close: wait for it.
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: directory.databasePath, configuration: configuration)
        let dropped = try await queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE name IN ('inbox_pending', 'outbox_created')")
        }
        #expect(dropped.isEmpty)
        try queue.close()
    }
}
