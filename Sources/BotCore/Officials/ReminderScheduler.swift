import ElectionKnowledge
import Foundation
import Logging
import Storage

/// One reminder of one milestone: `daysBefore` days before its date, at its `remindAt` local time.
public struct ReminderOccurrence: Sendable, Equatable {
    public var milestone: Milestone
    public var daysBefore: Int
    /// The local day the reminder is sent on.
    public var day: CivilDate
    /// The instant it becomes due (local `remindAt` on `day`, at the election's UTC offset).
    public var at: Date

    /// `reminder:<milestone>:<N>:<platform>:<user>`: the outbox key that makes each delivery happen once,
    /// across ticks and restarts.
    public func uniqueKey(platform: String, userID: String) -> String {
        "reminder:\(milestone.id):\(daysBefore):\(platform):\(userID)"
    }
}

/// Turns the timeline into outbox rows: every minute, each reminder occurrence that is due (and not older than
/// the grace) gets one `.reminder` row per subscriber whose role the milestone names.
///
/// Idempotent by construction: rows are keyed by ``ReminderOccurrence/uniqueKey(platform:userID:)``, so a
/// second tick, a second process or a restart after a crash never sends a reminder twice, and a reminder
/// missed while the bot was down is caught up at the next tick within the grace.
public final class ReminderScheduler: Sendable {
    let store: any BotStore
    let knowledge: KnowledgeHolder
    /// `nil`: a missed reminder may go out until the end of its local day.
    let grace: Duration?
    let doorbell: Doorbell?
    let logger: Logger
    let now: @Sendable () -> Date
    let interval: Duration

    public init(
        store: any BotStore, knowledge: KnowledgeHolder, grace: Duration? = nil,
        doorbell: Doorbell? = nil,
        logger: Logger, interval: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.knowledge = knowledge
        self.grace = grace
        self.doorbell = doorbell
        self.logger = logger
        self.interval = interval
        self.now = now
    }

    /// Ticks at once, then every `interval`, until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await tick()
            } catch {
                logger.error("reminder tick failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Queues the rows of every due occurrence; returns how many rows were new.
    @discardableResult
    public func tick() async throws -> Int {
        let kb = knowledge.snapshot
        let due = Self.dueOccurrences(in: kb, at: now(), grace: grace)
        guard !due.isEmpty else { return 0 }
        var byRole: [String: [Subscriber]] = [:]
        var created = 0
        for occurrence in due {
            var items: [OutboxItem] = []
            var seen = Set<String>()
            for role in occurrence.milestone.roles {
                if byRole[role] == nil {
                    byRole[role] = try await store.listSubscribers(role: role, level: nil)
                }
                for s in byRole[role] ?? [] where seen.insert(s.platform + ":" + s.userID).inserted {
                    let payload = ReplyPayload(
                        text: ReminderText.render(occurrence, for: s, kb: kb), suggestions: [],
                        replyToMessageID: nil,
                        callbackQueryID: nil)
                    items.append(
                        OutboxItem(
                            lane: .reminder, platform: s.platform, chatID: s.chatID, payload: payload.encoded(),
                            uniqueKey: occurrence.uniqueKey(platform: s.platform, userID: s.userID)))
                }
            }
            guard !items.isEmpty else { continue }
            let ids = try await store.enqueue(items)
            let new = ids.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
            if new > 0 {
                created += new
                logger.info(
                    "reminders queued",
                    metadata: [
                        "milestone": "\(occurrence.milestone.id)", "days_before": "\(occurrence.daysBefore)",
                        "rows": "\(new)",
                    ])
            }
        }
        if created > 0 { doorbell?.ring() }
        return created
    }

    /// Every reminder of the timeline, in time order.
    public static func occurrences(in kb: KnowledgeBase) -> [ReminderOccurrence] {
        var out: [ReminderOccurrence] = []
        for m in kb.milestones where !m.roles.isEmpty {
            let minutes = minutesOfDay(m.remindAt) ?? 8 * 60
            for n in Set(m.remindDaysBefore) where n >= 0 {
                let day = m.date.adding(days: -n)
                let seconds = day.dayNumber * 86_400 + minutes * 60 - kb.election.utcOffsetMinutes * 60
                out.append(
                    ReminderOccurrence(
                        milestone: m, daysBefore: n, day: day, at: Date(timeIntervalSince1970: Double(seconds)))
                )
            }
        }
        return out.sorted { ($0.at, $0.milestone.id) < ($1.at, $1.milestone.id) }
    }

    /// The occurrences due at `now`: started, and either within `grace` of their time or (without a grace)
    /// still on their local day.
    public static func dueOccurrences(in kb: KnowledgeBase, at now: Date, grace: Duration?)
        -> [ReminderOccurrence]
    {
        occurrences(in: kb).filter { o in
            guard o.at <= now else { return false }
            let end: Date
            if let grace {
                end = o.at.addingTimeInterval(grace.seconds)
            } else {
                let nextDay = (o.day.dayNumber + 1) * 86_400 - kb.election.utcOffsetMinutes * 60
                end = Date(timeIntervalSince1970: Double(nextDay))
            }
            return now < end
        }
    }

    /// "08:00" → 480; `nil` when malformed (the loader validates the files, this is a last guard).
    static func minutesOfDay(_ hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h),
            (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }
}

/// The Vietnamese text of a reminder: the task, the deadline with its weekday and the days left, the body
/// responsible, the legal basis, and why the official receives it.
public enum ReminderText {
    public static func render(_ o: ReminderOccurrence, for subscriber: Subscriber, kb: KnowledgeBase)
        -> String
    {
        let m = o.milestone
        var lines = ["⏰ NHẮC VIỆC: \(m.title)"]
        if !m.task.isEmpty { lines.append("Nhiệm vụ: \(m.task)") }
        lines.append("Thời hạn: " + m.dueWording(today: o.day))
        if !m.body.isEmpty { lines.append("Cơ quan thực hiện: \(m.body)") }
        if !m.basis.isEmpty { lines.append("Căn cứ: \(m.basis)") }
        lines.append(
            "Bạn nhận tin này vì đã đăng ký cho \(SubscriptionCommands.describe(subscriber, kb)). Gửi /huy để thôi nhận."
        )
        return lines.joined(separator: "\n")
    }
}
