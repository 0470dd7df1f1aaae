import Foundation
internal import GRDB

extension SQLiteBotStore: OutboxStore {
    public func enqueue(_ items: [OutboxItem]) async throws -> [Int64?] {
        if items.isEmpty { return [] }
        let at = now()
        return try await writer.write { db in try Self.insertOutbox(items, createdAt: at, db) }
    }

    public func claim(lane: OutboxLane, limit: Int, now: Date, lease: Duration) async throws -> [OutboxRow] {
        try Self.validateLimit(limit)
        let arguments: StatementArguments = [
            "lane": lane.rawValue, "now": now.epochMillis, "until": now.epochMillis + lease.millis, "limit": limit,
        ]
        let rows = try await writer.write { db in
            // Two index range scans (due queued rows, expired leases), merged oldest due first.
            try Row.fetchAll(
                db,
                sql: """
                    UPDATE outbox SET state = 'inflight', attempts = attempts + 1, lease_until = :until
                    WHERE id IN (
                        SELECT id FROM (
                            SELECT * FROM (
                                SELECT id, next_attempt_at FROM outbox
                                WHERE state = 'queued' AND lane = :lane AND next_attempt_at <= :now
                                ORDER BY next_attempt_at, id LIMIT :limit)
                            UNION ALL
                            SELECT * FROM (
                                SELECT id, next_attempt_at FROM outbox
                                WHERE state = 'inflight' AND lane = :lane AND lease_until <= :now
                                ORDER BY lease_until, id LIMIT :limit)
                        ) ORDER BY next_attempt_at, id LIMIT :limit)
                    RETURNING \(OutboxColumns.list)
                    """, arguments: arguments
            ).map(OutboxColumns.decode)
        }
        // RETURNING gives no order guarantee.
        return rows.sorted {
            ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id)
        }
    }

    @discardableResult
    public func markSent(id: Int64, platformMessageID: String?, at: Date) async throws -> Bool {
        try await update(
            """
            UPDATE outbox SET state = 'sent', sent_at = ?, platform_message_id = ?, lease_until = NULL
            WHERE id = ? AND state <> 'sent'
            """, [at.epochMillis, platformMessageID, id])
    }

    @discardableResult
    public func reschedule(id: Int64, at: Date, error: String, chunksSent: Int) async throws -> Bool {
        try await update(
            """
            UPDATE outbox SET state = 'queued', next_attempt_at = ?, lease_until = NULL, last_error = ?,
                              chunks_sent = max(chunks_sent, ?)
            WHERE id = ? AND state IN ('queued', 'inflight')
            """, [at.epochMillis, error, chunksSent, id])
    }

    @discardableResult
    public func markFailed(id: Int64, error: String) async throws -> Bool {
        try await finalize(id: id, state: .failed, reason: error)
    }

    @discardableResult
    public func markUnreachable(id: Int64, reason: String) async throws -> Bool {
        try await finalize(id: id, state: .unreachable, reason: reason)
    }

    public func outboxDepth() async throws -> [OutboxLane: Int] {
        try await read { db in try Self.outboxDepth(db) }
    }

    public func nextDueTime(lane: OutboxLane) async throws -> Date? {
        try await read { db in
            let millis = try Int64.fetchOne(
                db,
                sql: """
                    SELECT min(t) FROM (
                        SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'queued' AND lane = :lane
                        UNION ALL
                        SELECT min(lease_until) FROM outbox WHERE state = 'inflight' AND lane = :lane)
                    """, arguments: ["lane": lane.rawValue])
            return millis.map { Date(epochMillis: $0) }
        }
    }

    public func outboxRow(id: Int64) async throws -> OutboxRow? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(OutboxColumns.list) FROM outbox WHERE id = ?", arguments: [id])
                .map(OutboxColumns.decode)
        }
    }

    @discardableResult
    public func pruneOutbox(createdBefore date: Date) async throws -> Int {
        let cutoff = date.epochMillis
        return try await writer.write { db in
            try db.execute(
                sql: """
                    DELETE FROM outbox WHERE created_at < ? AND state IN ('sent', 'failed', 'unreachable')
                    """, arguments: [cutoff])
            return db.changesCount
        }
    }

    private func finalize(id: Int64, state: OutboxState, reason: String) async throws -> Bool {
        try await update(
            """
            UPDATE outbox SET state = ?, last_error = ?, lease_until = NULL
            WHERE id = ? AND state IN ('queued', 'inflight')
            """, [state.rawValue, reason, id])
    }

    private func update(_ sql: String, _ arguments: StatementArguments) async throws -> Bool {
        try await writer.write { db in
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            return db.changesCount > 0
        }
    }

    static func insertOutbox(_ items: [OutboxItem], createdAt: Date, _ db: Database) throws -> [Int64?] {
        if items.isEmpty { return [] }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (lane, platform, chat_id, thread_id, payload, unique_key, next_attempt_at,
                                    created_at, broadcast_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unique_key) DO NOTHING
                """)
        let created = createdAt.epochMillis
        var ids: [Int64?] = []
        ids.reserveCapacity(items.count)
        for item in items {
            try insert.execute(arguments: [
                item.lane.rawValue, item.platform, item.chatID, item.threadID, item.payload, item.uniqueKey,
                item.notBefore?.epochMillis ?? created, created, item.broadcastID,
            ])
            ids.append(db.changesCount > 0 ? db.lastInsertedRowID : nil)
        }
        return ids
    }

    static func outboxDepth(_ db: Database) throws -> [OutboxLane: Int] {
        var depth = Dictionary(uniqueKeysWithValues: OutboxLane.allCases.map { ($0, 0) })
        // One query per partial index, so each count is an index-only scan.
        for state in [OutboxState.queued, .inflight] {
            let rows = try Row.fetchCursor(
                db, sql: "SELECT lane, count(*) FROM outbox WHERE state = ? GROUP BY lane",
                arguments: [state.rawValue])
            while let row = try rows.next() {
                if let lane = OutboxLane(rawValue: row[0]) { depth[lane, default: 0] += row[1] as Int }
            }
        }
        return depth
    }
}

/// The column list and decoder shared by every query returning whole outbox rows.
enum OutboxColumns {
    static let list = """
        id, lane, platform, chat_id, thread_id, \(SharedTexts.column("payload", of: "outbox")), unique_key, state, \
        attempts, next_attempt_at, \
        lease_until, last_error, created_at, sent_at, platform_message_id, broadcast_id, chunks_sent
        """

    static func decode(_ row: Row) throws -> OutboxRow {
        let laneName: String = row[1]
        let stateName: String = row[7]
        guard let lane = OutboxLane(rawValue: laneName) else {
            throw StorageError.unexpectedValue(column: "outbox.lane", value: laneName)
        }
        guard let state = OutboxState(rawValue: stateName) else {
            throw StorageError.unexpectedValue(column: "outbox.state", value: stateName)
        }
        let leaseUntil: Int64? = row[10]
        let sentAt: Int64? = row[13]
        return OutboxRow(
            id: row[0], lane: lane, platform: row[2], chatID: row[3], threadID: row[4], payload: row[5],
            uniqueKey: row[6], state: state, attempts: row[8], nextAttemptAt: Date(epochMillis: row[9]),
            leaseUntil: leaseUntil.map { Date(epochMillis: $0) }, lastError: row[11],
            createdAt: Date(epochMillis: row[12]), sentAt: sentAt.map { Date(epochMillis: $0) },
            platformMessageID: row[14], broadcastID: row[15], chunksSent: row[16])
    }
}
