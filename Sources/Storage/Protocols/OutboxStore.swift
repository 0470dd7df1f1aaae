import Foundation

/// The durable delivery queue shared by replies, broadcasts and reminders.
///
/// Workers `claim` rows with a lease, deliver, then settle each row with one of the `mark…`/`reschedule`
/// calls. A worker that dies mid-delivery loses its lease and the row is claimed again later, so delivery is
/// at least once; `uniqueKey` makes enqueueing idempotent.
public protocol OutboxStore: Sendable {
    /// Inserts the items in one transaction. Returns each new row's id, or `nil` where a row with the same
    /// `uniqueKey` already existed (the existing row is left untouched).
    func enqueue(_ items: [OutboxItem]) async throws -> [Int64?]

    /// Atomically takes up to `limit` rows of `lane` that are due at `now`: queued rows whose `nextAttemptAt`
    /// has come, and in-flight rows whose lease expired (their worker crashed). Oldest due first. The rows
    /// become `inflight` until `now + lease`, with `attempts` incremented.
    func claim(lane: OutboxLane, limit: Int, now: Date, lease: Duration) async throws -> [OutboxRow]

    /// Delivered. Returns `false` if the row is unknown or was already sent.
    @discardableResult
    func markSent(id: Int64, platformMessageID: String?, at: Date) async throws -> Bool

    /// Back to `queued` for another attempt at `at` (429 retry-after, 5xx, timeout). No effect on terminal rows.
    /// `chunksSent` is how many chunks of the reply the platform has accepted so far (never lowered): the
    /// next attempt starts after them.
    @discardableResult
    func reschedule(id: Int64, at: Date, error: String, chunksSent: Int) async throws -> Bool

    /// Given up: a permanent error or too many attempts. No effect on terminal rows.
    @discardableResult
    func markFailed(id: Int64, error: String) async throws -> Bool

    /// The recipient blocked the bot or is outside the platform's window. No effect on terminal rows.
    @discardableResult
    func markUnreachable(id: Int64, reason: String) async throws -> Bool

    /// Queued plus in-flight rows per lane; every lane is present.
    func outboxDepth() async throws -> [OutboxLane: Int]
}
