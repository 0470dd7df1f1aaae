import Foundation

/// Delivery lanes: each has its own workers and rate limit, so a large broadcast never delays replies.
public enum OutboxLane: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case reply
    case broadcast
    case reminder

    public var description: String { rawValue }
}

/// Life cycle of an outbox row: `queued` ⇄ `inflight` → `sent` | `failed` | `unreachable`.
public enum OutboxState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Waiting for its `nextAttemptAt`.
    case queued
    /// Claimed by a worker until `leaseUntil`; claimable again after that (the worker crashed).
    case inflight
    /// Delivered (terminal).
    case sent
    /// Given up after retries or a permanent error (terminal).
    case failed
    /// The user blocked the bot or left the messaging window (terminal).
    case unreachable

    public var description: String { rawValue }

    /// True for the states no worker will touch again.
    public var isTerminal: Bool {
        switch self {
        case .queued, .inflight: false
        case .sent, .failed, .unreachable: true
        }
    }
}

/// A message to deliver, as handed to ``OutboxStore/enqueue(_:)``.
public struct OutboxItem: Sendable, Hashable {
    public var lane: OutboxLane
    public var platform: String
    public var chatID: String
    public var threadID: String?
    /// The rendered message, opaque to the store (the server stores its reply as JSON text).
    public var payload: String
    /// Idempotency key, unique across the whole outbox: `reply:<dedupeKey>`,
    /// `reminder:<milestone>:<date>:<subscriber>`, `broadcast:<id>:<subscriber>`.
    /// Enqueueing the same key twice keeps the first row.
    public var uniqueKey: String
    /// Earliest delivery time; `nil` means now.
    public var notBefore: Date?
    /// The broadcast this delivery belongs to, so that ``BroadcastStore/broadcastStatus(id:)`` can count it.
    public var broadcastID: Int64?

    public init(
        lane: OutboxLane, platform: String, chatID: String, threadID: String? = nil, payload: String,
        uniqueKey: String, notBefore: Date? = nil, broadcastID: Int64? = nil
    ) {
        self.lane = lane
        self.platform = platform
        self.chatID = chatID
        self.threadID = threadID
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.notBefore = notBefore
        self.broadcastID = broadcastID
    }
}

/// An outbox row as stored, returned by ``OutboxStore/claim(lane:limit:now:lease:)``.
public struct OutboxRow: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var lane: OutboxLane
    public var platform: String
    public var chatID: String
    public var threadID: String?
    public var payload: String
    public var uniqueKey: String
    public var state: OutboxState
    /// Delivery attempts so far, counting the current claim.
    public var attempts: Int
    public var nextAttemptAt: Date
    /// While `inflight`: the time after which another worker may take the row over.
    public var leaseUntil: Date?
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// The platform's id for the delivered message (e.g. Telegram `message_id`), when known.
    public var platformMessageID: String?
    public var broadcastID: Int64?
    /// Chunks of a long reply the platform already accepted; a retry sends only the rest.
    public var chunksSent: Int

    /// The inbound message a reply answers (its inbox dedupe key, e.g. `tg:123`), for tracing a reply back
    /// to its webhook request in the logs; `nil` for broadcasts and reminders.
    public var correlationID: Substring? {
        uniqueKey.hasPrefix("reply:") ? uniqueKey.dropFirst(6) : nil
    }

    public init(
        id: Int64, lane: OutboxLane, platform: String, chatID: String, threadID: String?, payload: String,
        uniqueKey: String, state: OutboxState, attempts: Int, nextAttemptAt: Date, leaseUntil: Date?,
        lastError: String?, createdAt: Date, sentAt: Date?, platformMessageID: String?, broadcastID: Int64?,
        chunksSent: Int = 0
    ) {
        self.id = id
        self.lane = lane
        self.platform = platform
        self.chatID = chatID
        self.threadID = threadID
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.platformMessageID = platformMessageID
        self.broadcastID = broadcastID
        self.chunksSent = chunksSent
    }
}
