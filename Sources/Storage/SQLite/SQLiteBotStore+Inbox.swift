import Foundation
internal import GRDB

extension SQLiteBotStore: InboxStore {
    public func recordInbound(_ record: InboundRecord) async throws -> Bool {
        let at = record.receivedAt.epochMillis
        let upsert = recentUsers.needsUpsert(
            platform: record.platform, userID: record.userID, chatID: record.chatID, at: at)
        let outcome = try await writer.write { db in try Self.insertInbound(record, upsertingUser: upsert, db) }
        if outcome == .newUpserted {
            recentUsers.upserted(platform: record.platform, userID: record.userID, chatID: record.chatID, at: at)
        }
        return outcome != .duplicate
    }

    /// What recording a message wrote.
    enum InsertOutcome: Sendable {
        /// The platform id was recorded before: nothing written.
        case duplicate
        /// A new message; its sender's row was recent enough to leave alone.
        case new
        /// A new message, and its sender's row was upserted.
        case newUpserted
    }

    @discardableResult
    public func markInboundProcessed(dedupeKey: String) async throws -> Bool {
        let at = now()
        return try await writer.write { db in try Self.setProcessed(dedupeKey: dedupeKey, at: at, db) }
    }

    public func pendingInbound(limit: Int) async throws -> [InboundRecord] {
        try Self.validateLimit(limit)
        return try await read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT dedupe_key, platform, user_id, chat_id, thread_id, text, received_at, payload
                    FROM inbox WHERE processed_at IS NULL ORDER BY received_at, id LIMIT ?
                    """, arguments: [limit])
            var records: [InboundRecord] = []
            while let row = try rows.next() {
                records.append(
                    InboundRecord(
                        dedupeKey: row[0], platform: row[1], userID: row[2], chatID: row[3], threadID: row[4],
                        text: row[5], receivedAt: Date(epochMillis: row[6]), payload: row[7]))
            }
            return records
        }
    }

    @discardableResult
    public func pruneInbox(receivedBefore date: Date) async throws -> Int {
        let cutoff = date.epochMillis
        return try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM inbox WHERE received_at < ? AND processed_at IS NOT NULL", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// The hot path of the webhook: one cached INSERT, plus a user upsert when the key is new and
    /// `upsertingUser` (see ``RecentUsers``).
    static func insertInbound(_ record: InboundRecord, upsertingUser: Bool, _ db: Database) throws -> InsertOutcome {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO inbox (dedupe_key, platform, user_id, chat_id, thread_id, text, payload, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
                """)
        let receivedAt = record.receivedAt.epochMillis
        try insert.execute(arguments: [
            record.dedupeKey, record.platform, record.userID, record.chatID, record.threadID, record.text,
            record.payload, receivedAt,
        ])
        guard db.changesCount > 0 else { return .duplicate }
        guard upsertingUser else { return .new }
        try upsertUser(
            platform: record.platform, userID: record.userID, chatID: record.chatID, at: receivedAt, db)
        return .newUpserted
    }

    @discardableResult
    static func setProcessed(dedupeKey: String, at: Date, _ db: Database) throws -> Bool {
        let update = try db.cachedStatement(
            sql: "UPDATE inbox SET processed_at = ? WHERE dedupe_key = ? AND processed_at IS NULL")
        try update.execute(arguments: [at.epochMillis, dedupeKey])
        return db.changesCount > 0
    }
}
