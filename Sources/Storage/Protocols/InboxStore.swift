import Foundation

/// The webhook's durable inbox: dedupe on the platform's id, and recovery of messages not yet answered.
public protocol InboxStore: Sendable {
    /// Records an inbound message once per `dedupeKey`, and touches its user (chat id, last inbound time,
    /// reachable again) in the same transaction.
    ///
    /// Returns `true` if the key is new and `false` for a redelivery, across restarts. The call returns only
    /// after the row is committed, so a 200 sent afterwards never loses the message; concurrent calls share
    /// one transaction (group commit).
    func recordInbound(_ record: InboundRecord) async throws -> Bool

    /// Recorded but unanswered messages, oldest first: what a restart must answer. Read once at startup, so
    /// the SQLite store scans for them rather than keeping an index that every message would write twice.
    func pendingInbound(limit: Int) async throws -> [InboundRecord]
}

/// Per-user facts the delivery workers need: where to write, the platform's messaging window, blocks.
public protocol UserStore: Sendable {
    /// Records that the user cannot be reached (blocked the bot, window closed) so workers skip them.
    func markUnreachable(platform: String, userID: String, reason: String) async throws

    func isUnreachable(platform: String, userID: String) async throws -> Bool

    func user(platform: String, userID: String) async throws -> UserRecord?
}
