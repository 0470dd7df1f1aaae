import Foundation
internal import GRDB

extension SQLiteBotStore: SubscriberStore {
    public func createInvite(role: String, level: String, expiresAt: Date?, maxUses: Int) async throws -> String {
        guard maxUses > 0 else { throw StorageError.invalidArgument("maxUses must be positive, got \(maxUses)") }
        let created = now().epochMillis
        let expires = expiresAt?.epochMillis
        return try await writer.write(outcome: { db -> Result<String, StorageError> in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO invites (code, role, level, expires_at, max_uses, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING
                    """)
            // 40 random bits: a collision is rare; retry a few times rather than fail.
            for _ in 0..<8 {
                let code = InviteCode.random()
                try insert.execute(arguments: [code, role, level, expires, maxUses, created])
                if db.changesCount > 0 { return .success(code) }
            }
            return .failure(.invalidArgument("could not draw an unused invite code"))
        })
    }

    public func invite(code: String) async throws -> Invite? {
        let code = InviteCode.normalize(code)
        return try await read { db in try Self.fetchInvite(code: code, db) }
    }

    @discardableResult
    public func redeemInvite(code: String, platform: String, userID: String, chatID: String, displayName: String?)
        async throws -> Subscriber
    {
        let code = InviteCode.normalize(code)
        let at = now()
        // A refused code is a domain outcome, returned rather than thrown: see GroupCommitWriter.
        return try await writer.write(outcome: { db -> Result<Subscriber, InviteError> in
            guard let invite = try Self.fetchInvite(code: code, db) else { return .failure(.unknownCode) }
            if let current = try Self.fetchSubscriber(platform: platform, userID: userID, db),
                current.inviteCode == code
            {
                return .success(current)
            }
            if let expiry = invite.expiresAt, expiry <= at { return .failure(.expired(at: expiry)) }
            guard invite.uses < invite.maxUses else { return .failure(.usedUp(maxUses: invite.maxUses)) }
            try db.execute(sql: "UPDATE invites SET uses = uses + 1 WHERE code = ?", arguments: [code])
            let subscriber = Subscriber(
                platform: platform, userID: userID, chatID: chatID, displayName: displayName, role: invite.role,
                level: invite.level, subscribedAt: Date(epochMillis: at.epochMillis), inviteCode: code)
            try Self.upsertSubscriber(subscriber, db)
            return .success(subscriber)
        })
    }

    public func subscription(platform: String, userID: String) async throws -> Subscriber? {
        try await read { db in try Self.fetchSubscriber(platform: platform, userID: userID, db) }
    }

    public func addSubscriber(_ subscriber: Subscriber) async throws {
        try await writer.write { db in try Self.upsertSubscriber(subscriber, db) }
    }

    @discardableResult
    public func removeSubscriber(platform: String, userID: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM subscribers WHERE platform = ? AND user_id = ?", arguments: [platform, userID])
            return db.changesCount > 0
        }
    }

    public func listSubscribers(role: String?, level: String?) async throws -> [Subscriber] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.subscriberColumns) FROM subscribers
                    WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR level = ?2)
                    ORDER BY subscribed_at, platform, user_id
                    """, arguments: [role, level]
            ).map(Self.decodeSubscriber)
        }
    }

    private static let subscriberColumns =
        "platform, user_id, chat_id, display_name, role, level, subscribed_at, invite_code"

    private static func decodeSubscriber(_ row: Row) -> Subscriber {
        Subscriber(
            platform: row[0], userID: row[1], chatID: row[2], displayName: row[3], role: row[4], level: row[5],
            subscribedAt: Date(epochMillis: row[6]), inviteCode: row[7])
    }

    private static func fetchSubscriber(platform: String, userID: String, _ db: Database) throws -> Subscriber? {
        try Row.fetchOne(
            db, sql: "SELECT \(subscriberColumns) FROM subscribers WHERE platform = ? AND user_id = ?",
            arguments: [platform, userID]
        ).map(decodeSubscriber)
    }

    private static func upsertSubscriber(_ subscriber: Subscriber, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO subscribers (platform, user_id, chat_id, display_name, role, level, invite_code,
                                         subscribed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, user_id) DO UPDATE
                SET chat_id = excluded.chat_id, display_name = excluded.display_name, role = excluded.role,
                    level = excluded.level, invite_code = excluded.invite_code,
                    subscribed_at = excluded.subscribed_at
                """,
            arguments: [
                subscriber.platform, subscriber.userID, subscriber.chatID, subscriber.displayName, subscriber.role,
                subscriber.level, subscriber.inviteCode, subscriber.subscribedAt.epochMillis,
            ])
    }

    private static func fetchInvite(code: String, _ db: Database) throws -> Invite? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT role, level, expires_at, max_uses, uses, created_at FROM invites WHERE code = ?",
                arguments: [code])
        else { return nil }
        let expires: Int64? = row[2]
        return Invite(
            code: code, role: row[0], level: row[1], expiresAt: expires.map { Date(epochMillis: $0) },
            maxUses: row[3], uses: row[4], createdAt: Date(epochMillis: row[5]))
    }
}
