import Foundation
internal import GRDB

extension SQLiteBotStore: AdminStore {
    public func addAdmin(name: String, tokenDigest: String) async throws {
        guard AdminNames.isValid(name) else { throw AdminError.invalidName(name) }
        let at = now().epochMillis
        // A taken name is a value, not a failed batch: the group-commit writer must not replay its neighbours.
        try await writer.write(outcome: { db -> Result<Void, AdminError> in
            let taken = try Bool.fetchOne(db, sql: "SELECT 1 FROM admins WHERE name = ?", arguments: [name]) ?? false
            guard !taken else { return .failure(.exists(name)) }
            try db.execute(
                sql: "INSERT INTO admins (name, token_digest, created_at) VALUES (?, ?, ?)",
                arguments: [name, tokenDigest, at])
            return .success(())
        })
    }

    @discardableResult
    public func removeAdmin(name: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM admins WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func listAdmins() async throws -> [AdminAccount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, last_used_at FROM admins ORDER BY name").map { row in
                AdminAccount(
                    name: row[0], createdAt: Date(epochMillis: row[1]),
                    lastUsedAt: (row[2] as Int64?).map(Date.init(epochMillis:)))
            }
        }
    }

    public func admin(tokenDigest: String) async throws -> String? {
        // Every account's digest is compared, each in constant time, so neither which account matched nor
        // how much of a digest matched shows in the time taken.
        let accounts = try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, token_digest FROM admins").map {
                ($0[0] as String, $0[1] as String)
            }
        }
        var found: String?
        for (name, digest) in accounts where Self.constantTimeEqual(digest, tokenDigest) { found = name }
        guard let name = found else { return nil }
        let at = now().epochMillis
        // Marking the account used is bookkeeping: a request must not fail because this write did.
        _ = try? await writer.write { db in
            try db.execute(sql: "UPDATE admins SET last_used_at = ? WHERE name = ?", arguments: [at, name])
        }
        return name
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    public func appendAudit(_ entry: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at, admin, action, detail) VALUES (?, ?, ?, ?)",
                arguments: [entry.at.epochMillis, entry.admin, entry.action, entry.detail])
        }
    }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] {
        try Self.validateLimit(limit)
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, admin, action, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            ).map { row in
                AuditEntry(at: Date(epochMillis: row[0]), admin: row[1], action: row[2], detail: row[3])
            }
        }
    }
}

/// Admin names appear in logs and the audit trail: a short closed alphabet keeps them readable and inert.
public enum AdminNames {
    public static func isValid(_ name: String) -> Bool {
        (1...40).contains(name.utf8.count)
            && name.utf8.allSatisfy { b in
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2E
                    || b == 0x5F || b == 0x2D
            }
    }
}

extension SQLiteBotStore: ConsoleStore {
    public func conversationStats(since: Date, utcOffsetSeconds: Int, top: Int) async throws -> ConversationStats {
        try Self.validateLimit(top)
        let from = since.epochMillis
        let offset = Int64(utcOffsetSeconds) * 1000
        return try await read { db in
            // Day numbers in the election's time zone; the console labels them.
            let perDay = try Row.fetchAll(
                db,
                sql: """
                    SELECT (at + ?) / 86400000 AS day, platform, count(*), sum(is_fallback)
                    FROM conversations WHERE at >= ? GROUP BY day, platform ORDER BY day
                    """, arguments: [offset, from])
            var days: [Int64: ConversationStats.Day] = [:]
            for row in perDay {
                let day: Int64 = row[0]
                let platform: String = row[1]
                let count: Int = row[2]
                let fallbacks: Int = row[3]
                var d = days[day] ?? .init(dayNumber: Int(day), questions: 0, fallbacks: 0, perPlatform: [:])
                d.questions += count
                d.fallbacks += fallbacks
                d.perPlatform[platform, default: 0] += count
                days[day] = d
            }
            let topIntents = try Row.fetchAll(
                db,
                sql: """
                    SELECT intent, count(*) AS n FROM conversations
                    WHERE at >= ? AND is_fallback = 0 AND intent IS NOT NULL
                    GROUP BY intent ORDER BY n DESC, intent LIMIT ?
                    """, arguments: [from, top]
            ).map { ConversationStats.Tally(key: $0[0], count: $0[1]) }
            let topFallbacks = try Row.fetchAll(
                db,
                sql: """
                    SELECT question, count(*) AS n FROM unanswered WHERE at >= ?
                    GROUP BY question ORDER BY n DESC, max(at) DESC LIMIT ?
                    """, arguments: [from, top]
            ).map { ConversationStats.Tally(key: $0[0], count: $0[1]) }
            let timed =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM conversations WHERE at >= ? AND answer_micros IS NOT NULL",
                    arguments: [from]) ?? 0
            func percentile(_ p: Double) throws -> Int? {
                guard timed > 0 else { return nil }
                let rank = min(timed - 1, Int((Double(timed) * p).rounded(.up)) - 1)
                return try Int.fetchOne(
                    db,
                    sql: """
                        SELECT answer_micros FROM conversations WHERE at >= ? AND answer_micros IS NOT NULL
                        ORDER BY answer_micros LIMIT 1 OFFSET ?
                        """, arguments: [from, max(0, rank)])
            }
            return ConversationStats(
                days: days.keys.sorted().compactMap { days[$0] }, topIntents: topIntents, topFallbacks: topFallbacks,
                answerMicrosP50: try percentile(0.5), answerMicrosP99: try percentile(0.99))
        }
    }

    public func unansweredQuestions(since: Date, limit: Int) async throws -> [UnansweredQuestion] {
        try Self.validateLimit(limit)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, platform, user_id, question, best_intent, confidence, at
                    FROM unanswered WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?
                    """, arguments: [since.epochMillis, limit]
            ).map { row in
                UnansweredQuestion(
                    id: row[0], platform: row[1], userID: row[2], question: row[3], bestIntent: row[4],
                    confidence: row[5], at: Date(epochMillis: row[6]))
            }
        }
    }
}

extension SQLiteBotStore: RetentionStore {
    /// The kinds of row the policy ages out, in deletion order.
    private enum Aged: CaseIterable, Sendable {
        // Conversations first, with their unanswered rows in the same statement pair (see `prune`).
        case conversations, unanswered, inbox, outbox, audit

        var table: String {
            switch self {
            case .unanswered: "unanswered"
            case .conversations: "conversations"
            case .inbox: "inbox"
            case .outbox: "outbox"
            case .audit: "audit_log"
            }
        }

        /// What makes a row of this kind old enough to go.
        var filter: String {
            switch self {
            case .unanswered, .conversations, .audit: "at < ?"
            // Only answered messages: an unsettled one is still owed a reply whatever its age.
            case .inbox: "processed_at IS NOT NULL AND processed_at < ?"
            case .outbox: "state IN ('sent', 'failed', 'unreachable') AND created_at < ?"
            }
        }

        func keep(_ p: RetentionPolicy) -> Duration? {
            switch self {
            case .unanswered, .conversations: p.conversations
            case .inbox: p.settledInbox
            case .outbox: p.finishedOutbox
            case .audit: p.audit
            }
        }

        func add(_ n: Int, to r: inout PruneReport) {
            switch self {
            case .unanswered: r.unanswered += n
            case .conversations: r.conversations += n
            case .inbox: r.inbox += n
            case .outbox: r.outbox += n
            case .audit: r.audit += n
            }
        }
    }

    public func prune(policy: RetentionPolicy, now: Date, batch: Int, dryRun: Bool) async throws -> PruneReport {
        try Self.validateLimit(batch)
        var report = PruneReport()
        for kind in Aged.allCases {
            guard let keep = kind.keep(policy) else { continue }
            let cutoff = now.epochMillis - Int64(keep.components.seconds) * 1000
            let (table, filter) = (kind.table, kind.filter)
            if dryRun {
                let n = try await read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(filter)", arguments: [cutoff]) ?? 0
                }
                kind.add(n, to: &report)
                continue
            }
            // The oldest `batch` rows by id, in one short write: the webhook's group commits interleave.
            let n = try await writer.write { db in
                var deleted = 0
                if kind == .conversations {
                    // Their unanswered rows first, counted: a foreign-key cascade would delete them uncounted.
                    try db.execute(
                        sql: """
                            DELETE FROM unanswered WHERE conversation_id IN (
                                SELECT id FROM conversations WHERE \(filter) ORDER BY id LIMIT ?)
                            """, arguments: [cutoff, batch])
                    deleted += db.changesCount
                }
                try db.execute(
                    sql: """
                        DELETE FROM \(table) WHERE id IN (
                            SELECT id FROM \(table) WHERE \(filter) ORDER BY id LIMIT ?)
                        """, arguments: [cutoff, batch])
                return (deleted, db.changesCount)
            }
            if kind == .conversations { report.unanswered += n.0 }
            kind.add(n.1, to: &report)
        }
        return report
    }

    public func forgetUser(platform: String, userID: String) async throws -> ForgetReport {
        let suffix = ":\(platform):\(userID)"
        // The users row goes too: the cache must not believe it is still written.
        defer { recentUsers.forget(platform: platform, userID: userID) }
        return try await writer.write { db in
            // Replies to this user's answered messages, and their finished reminders and broadcasts (keys end
            // in ":platform:user"); queued rows stay so an answer already owed still goes out.
            try db.execute(
                sql: """
                    DELETE FROM outbox WHERE state IN ('sent', 'failed', 'unreachable') AND (
                        unique_key IN (SELECT 'reply:' || dedupe_key FROM inbox
                                       WHERE platform = ? AND user_id = ? AND processed_at IS NOT NULL)
                        OR substr(unique_key, -length(?)) = ?)
                    """, arguments: [platform, userID, suffix, suffix])
            let outbox = db.changesCount
            try db.execute(
                sql: "DELETE FROM inbox WHERE platform = ? AND user_id = ? AND processed_at IS NOT NULL",
                arguments: [platform, userID])
            let inbox = db.changesCount
            try db.execute(
                sql: "DELETE FROM unanswered WHERE platform = ? AND user_id = ?", arguments: [platform, userID])
            try db.execute(
                sql: "DELETE FROM conversations WHERE platform = ? AND user_id = ?", arguments: [platform, userID])
            let conversations = db.changesCount
            try db.execute(
                sql: "DELETE FROM subscribers WHERE platform = ? AND user_id = ?", arguments: [platform, userID])
            let subscription = db.changesCount > 0
            try db.execute(sql: "DELETE FROM users WHERE platform = ? AND user_id = ?", arguments: [platform, userID])
            return ForgetReport(conversations: conversations, inbox: inbox, outbox: outbox, subscription: subscription)
        }
    }
}
