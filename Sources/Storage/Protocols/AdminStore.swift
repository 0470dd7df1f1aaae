import Foundation

/// Admin accounts and the audit log of what they changed.
public protocol AdminStore: Sendable {
    /// Creates an account with the digest of its token. Throws ``AdminError/exists(_:)`` for a taken name.
    func addAdmin(name: String, tokenDigest: String) async throws

    /// Removes the account; its token stops working at once. Returns `false` if there was none.
    @discardableResult
    func removeAdmin(name: String) async throws -> Bool

    func listAdmins() async throws -> [AdminAccount]

    /// The account whose token has this digest, marking it used; `nil` when none has.
    func admin(tokenDigest: String) async throws -> String?

    func appendAudit(_ entry: AuditEntry) async throws

    /// Latest entries, newest first.
    func auditEntries(limit: Int) async throws -> [AuditEntry]
}

/// What the console reads from the logs: statistics, unanswered questions, broadcasts.
public protocol ConsoleStore: Sendable {
    /// Counts from the conversation log since `since`, days cut at `utcOffsetSeconds`.
    func conversationStats(since: Date, utcOffsetSeconds: Int, top: Int) async throws -> ConversationStats

    /// Unanswered questions since `since`, newest first.
    func unansweredQuestions(since: Date, limit: Int) async throws -> [UnansweredQuestion]

    /// Latest broadcasts, newest first.
    func recentBroadcasts(limit: Int) async throws -> [BroadcastRecord]
}

/// Deleting what the retention policy or a citizen's request says must go.
public protocol RetentionStore: Sendable {
    /// Deletes at most `batch` rows of each kind older than the policy allows, in one short transaction per
    /// kind, so the webhook's writes never wait long. With `dryRun`, counts without deleting (all of them).
    func prune(policy: RetentionPolicy, now: Date, batch: Int, dryRun: Bool) async throws -> PruneReport

    /// Deletes one citizen's conversation history, their answered inbox rows, their finished outbox rows
    /// and their subscription (`/xoa`).
    func forgetUser(platform: String, userID: String) async throws -> ForgetReport
}

public enum AdminError: Error, Equatable, CustomStringConvertible {
    case exists(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .exists(let n): "an admin named '\(n)' already exists"
        case .invalidName(let n): "'\(n)' is not a valid admin name (letters, digits, '.', '_' or '-', 1–40)"
        }
    }
}
