import Foundation

/// Which subscribers a broadcast goes to; `nil` matches any value.
public struct BroadcastAudience: Sendable, Hashable {
    public var role: String?
    public var level: String?

    /// Every subscriber.
    public static let everyone = BroadcastAudience()

    public init(role: String? = nil, level: String? = nil) {
        self.role = role
        self.level = level
    }
}

/// A broadcast as created by an admin; its deliveries are outbox rows carrying its id.
public struct BroadcastRecord: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var audience: BroadcastAudience
    public var text: String
    public var createdBy: String
    public var createdAt: Date

    public init(id: Int64, audience: BroadcastAudience, text: String, createdBy: String, createdAt: Date) {
        self.id = id
        self.audience = audience
        self.text = text
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Progress of a broadcast, derived from its outbox rows.
public struct BroadcastStatus: Sendable, Hashable {
    /// One delivery that did not get through, with the reason the worker recorded.
    public struct Problem: Sendable, Hashable {
        public var outboxID: Int64
        public var platform: String
        public var chatID: String
        public var state: OutboxState
        public var reason: String?

        public init(outboxID: Int64, platform: String, chatID: String, state: OutboxState, reason: String?) {
            self.outboxID = outboxID
            self.platform = platform
            self.chatID = chatID
            self.state = state
            self.reason = reason
        }
    }

    public var broadcast: BroadcastRecord
    /// Rows per state; every state is present (zero when none).
    public var counts: [OutboxState: Int]
    /// Failed and unreachable deliveries, oldest first.
    public var problems: [Problem]

    /// Number of deliveries enqueued for this broadcast.
    public var total: Int { counts.values.reduce(0, +) }
    /// True when no delivery is queued or in flight any more.
    public var isFinished: Bool { counts[.queued, default: 0] == 0 && counts[.inflight, default: 0] == 0 }

    public init(broadcast: BroadcastRecord, counts: [OutboxState: Int], problems: [Problem]) {
        self.broadcast = broadcast
        self.counts = counts
        self.problems = problems
    }
}
