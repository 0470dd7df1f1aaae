import Foundation

/// A named admin of the console and the admin API. Only a digest of the token is stored: a copy of the
/// database does not let anyone in.
public struct AdminAccount: Sendable, Hashable {
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(name: String, createdAt: Date, lastUsedAt: Date?) {
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// One change made through the admin API or the command line, with who made it.
public struct AuditEntry: Sendable, Hashable {
    public var at: Date
    public var admin: String
    /// A short closed vocabulary: `reload`, `broadcast`, `subscriber.remove`, `admin.add`, …
    public var action: String
    public var detail: String

    public init(at: Date, admin: String, action: String, detail: String) {
        self.at = at
        self.admin = admin
        self.action = action
        self.detail = detail
    }
}

/// What the console's statistics page shows for a period: per-day counts, top intents and fallbacks, and the
/// answer time distribution, all computed from the conversation log.
public struct ConversationStats: Sendable, Hashable {
    public struct Day: Sendable, Hashable {
        /// Days since 1970-01-01 in the time zone given to the query (`CivilDate(dayNumber:)` names it).
        public var dayNumber: Int
        public var questions: Int
        public var fallbacks: Int
        public var perPlatform: [String: Int]

        public init(dayNumber: Int, questions: Int, fallbacks: Int, perPlatform: [String: Int]) {
            self.dayNumber = dayNumber
            self.questions = questions
            self.fallbacks = fallbacks
            self.perPlatform = perPlatform
        }
    }

    /// A text or id and how often it occurred.
    public struct Tally: Sendable, Hashable {
        public var key: String
        public var count: Int

        public init(key: String, count: Int) {
            self.key = key
            self.count = count
        }
    }

    public var days: [Day]
    public var topIntents: [Tally]
    /// Fallback questions by their folded text (see ``UnansweredQuestion``), most frequent first.
    public var topFallbacks: [Tally]
    /// Median and 99th percentile of the answering time, when the rows carry it.
    public var answerMicrosP50: Int?
    public var answerMicrosP99: Int?

    public var questions: Int { days.reduce(0) { $0 + $1.questions } }
    public var fallbacks: Int { days.reduce(0) { $0 + $1.fallbacks } }

    public init(days: [Day], topIntents: [Tally], topFallbacks: [Tally], answerMicrosP50: Int?, answerMicrosP99: Int?) {
        self.days = days
        self.topIntents = topIntents
        self.topFallbacks = topFallbacks
        self.answerMicrosP50 = answerMicrosP50
        self.answerMicrosP99 = answerMicrosP99
    }
}

/// How long each kind of row is kept. `nil` keeps that kind for ever.
public struct RetentionPolicy: Sendable, Hashable {
    /// The conversation log and the unanswered questions (personal data: user ids and message texts).
    public var conversations: Duration?
    /// Inbox rows already answered. Platforms redeliver within minutes, so dedupe needs days at most.
    public var settledInbox: Duration?
    /// Outbox rows that reached a final state (sent, failed, unreachable).
    public var finishedOutbox: Duration?
    /// The admins' audit log.
    public var audit: Duration?

    public init(conversations: Duration?, settledInbox: Duration?, finishedOutbox: Duration?, audit: Duration?) {
        self.conversations = conversations
        self.settledInbox = settledInbox
        self.finishedOutbox = finishedOutbox
        self.audit = audit
    }

    /// The shipped defaults: conversations 180 days, settled inbox and finished outbox 30 days, audit a year.
    public static let standard = RetentionPolicy(
        conversations: .seconds(180 * 86_400), settledInbox: .seconds(30 * 86_400),
        finishedOutbox: .seconds(30 * 86_400), audit: .seconds(365 * 86_400))
}

/// Rows deleted (or, in a dry run, that would be) per table.
public struct PruneReport: Sendable, Hashable, CustomStringConvertible {
    public var conversations = 0
    public var unanswered = 0
    public var inbox = 0
    public var outbox = 0
    public var audit = 0

    public init() {}

    public var total: Int { conversations + unanswered + inbox + outbox + audit }

    public static func + (a: Self, b: Self) -> Self {
        var r = a
        r.conversations += b.conversations
        r.unanswered += b.unanswered
        r.inbox += b.inbox
        r.outbox += b.outbox
        r.audit += b.audit
        return r
    }

    public var description: String {
        "conversations \(conversations), unanswered \(unanswered), inbox \(inbox), outbox \(outbox), audit \(audit)"
    }
}

/// What `/xoa` deleted for one citizen.
public struct ForgetReport: Sendable, Hashable {
    public var conversations: Int
    public var inbox: Int
    public var outbox: Int
    public var subscription: Bool

    public init(conversations: Int, inbox: Int, outbox: Int, subscription: Bool) {
        self.conversations = conversations
        self.inbox = inbox
        self.outbox = outbox
        self.subscription = subscription
    }
}
