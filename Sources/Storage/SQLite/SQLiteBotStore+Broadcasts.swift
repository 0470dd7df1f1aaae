import Foundation
internal import GRDB

extension SQLiteBotStore: BroadcastStore {
    public func createBroadcast(audience: BroadcastAudience, text: String, createdBy: String) async throws -> Int64 {
        let at = now().epochMillis
        return try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO broadcasts (audience_role, audience_level, text, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [audience.role, audience.level, text, createdBy, at])
            return db.lastInsertedRowID
        }
    }

    public func broadcast(id: Int64) async throws -> BroadcastRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.broadcastColumns) FROM broadcasts WHERE id = ?", arguments: [id])
                .map(Self.decodeBroadcast)
        }
    }

    public func recentBroadcasts(limit: Int) async throws -> [BroadcastRecord] {
        try Self.validateLimit(limit)
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.broadcastColumns) FROM broadcasts ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            ).map(Self.decodeBroadcast)
        }
    }

    public func broadcastStatus(id: Int64) async throws -> BroadcastStatus? {
        try await read { db in
            guard
                let broadcast = try Row.fetchOne(
                    db, sql: "SELECT \(Self.broadcastColumns) FROM broadcasts WHERE id = ?", arguments: [id]
                ).map(Self.decodeBroadcast)
            else { return nil }
            var counts = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(
                db, sql: "SELECT state, count(*) FROM outbox WHERE broadcast_id = ? GROUP BY state", arguments: [id])
            {
                let name: String = row[0]
                guard let state = OutboxState(rawValue: name) else {
                    throw StorageError.unexpectedValue(column: "outbox.state", value: name)
                }
                counts[state] = row[1]
            }
            let problems = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, platform, chat_id, state, last_error FROM outbox
                    WHERE broadcast_id = ? AND state IN ('failed', 'unreachable') ORDER BY id
                    """, arguments: [id]
            ).map { row in
                BroadcastStatus.Problem(
                    outboxID: row[0], platform: row[1], chatID: row[2],
                    state: OutboxState(rawValue: row[3]) ?? .failed, reason: row[4])
            }
            return BroadcastStatus(broadcast: broadcast, counts: counts, problems: problems)
        }
    }

    private static let broadcastColumns = "id, audience_role, audience_level, text, created_by, created_at"

    private static func decodeBroadcast(_ row: Row) -> BroadcastRecord {
        BroadcastRecord(
            id: row[0], audience: BroadcastAudience(role: row[1], level: row[2]), text: row[3], createdBy: row[4],
            createdAt: Date(epochMillis: row[5]))
    }
}
