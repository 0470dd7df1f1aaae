import Foundation
internal import GRDB

extension SQLiteBotStore: UserStore {
    public func touchUser(platform: String, userID: String, chatID: String, at: Date) async throws {
        let millis = at.epochMillis
        try await writer.write { db in
            try Self.upsertUser(platform: platform, userID: userID, chatID: chatID, at: millis, db)
        }
    }

    public func markUnreachable(platform: String, userID: String, reason: String) async throws {
        let at = now().epochMillis
        // Before the write: a message recorded after the mark must upsert again and so clear it.
        recentUsers.forget(platform: platform, userID: userID)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO users (platform, user_id, unreachable_reason, unreachable_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (platform, user_id) DO UPDATE
                    SET unreachable_reason = excluded.unreachable_reason, unreachable_at = excluded.unreachable_at
                    """, arguments: [platform, userID, reason, at])
        }
    }

    public func isUnreachable(platform: String, userID: String) async throws -> Bool {
        try await user(platform: platform, userID: userID)?.isUnreachable ?? false
    }

    public func user(platform: String, userID: String) async throws -> UserRecord? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT chat_id, last_inbound_at, unreachable_reason, unreachable_at
                        FROM users WHERE platform = ? AND user_id = ?
                        """, arguments: [platform, userID])
            else { return nil }
            let lastInbound: Int64? = row[1]
            let unreachableAt: Int64? = row[3]
            return UserRecord(
                platform: platform, userID: userID, chatID: row[0],
                lastInboundAt: lastInbound.map { Date(epochMillis: $0) },
                unreachableReason: row[2], unreachableAt: unreachableAt.map { Date(epochMillis: $0) })
        }
    }

    /// A message from the user proves they can be reached again: clears any unreachable mark.
    static func upsertUser(platform: String, userID: String, chatID: String, at: Int64, _ db: Database) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO users (platform, user_id, chat_id, last_inbound_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (platform, user_id) DO UPDATE
                SET chat_id = excluded.chat_id,
                    last_inbound_at = max(coalesce(last_inbound_at, 0), excluded.last_inbound_at),
                    unreachable_reason = NULL, unreachable_at = NULL
                """)
        try upsert.execute(arguments: [platform, userID, chatID, at])
    }
}
