import BotServer
import ElectionKnowledge
import Foundation
import Logging
import Storage
import Synchronization
import TestSupport
import Testing

@testable import BotCore

@Suite("Reminder scheduler (injectable clock, real SQLite)")
struct ReminderSchedulerTests {
    let knowledge: KnowledgeHolder
    let logger: Logger

    init() throws {
        knowledge = try KnowledgeHolder(directory: intentsDirectory)
        var l = Logger(label: "test")
        l.logLevel = .warning
        logger = l
    }

    func freshStore() throws -> SQLiteBotStore {
        try SQLiteBotStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent(
                "reminders-\(UUID()).sqlite"
            ).path)
    }

    /// A reminder 3 days before a milestone that names roles, and a role that no reminder due then concerns.
    func pick() throws -> (ReminderOccurrence, String, otherRole: String) {
        let kb = knowledge.snapshot
        let all = ReminderScheduler.occurrences(in: kb)
        let o = try #require(all.first { $0.daysBefore == 3 && !$0.milestone.roles.isEmpty })
        let sameDay = ReminderScheduler.dueOccurrences(
            in: kb, at: o.at.addingTimeInterval(3600), grace: nil)
        let busy = Set(sameDay.flatMap(\.milestone.roles))
        let other = try #require(kb.roles.first { !busy.contains($0.id) }?.id)
        return (o, o.milestone.roles[0], other)
    }

    /// Every reminder row queued so far (claimed in the test, so nothing else reads them).
    /// Rows are due at their real creation time, whatever the scheduler's clock said.
    func queued(_ store: SQLiteBotStore) async throws -> [OutboxRow] {
        try await store.claim(
            lane: .reminder, limit: 10_000, now: Date().addingTimeInterval(60), lease: .seconds(1))
    }

    @Test("occurrences fall at remindAt local time (UTC+7), N days before the milestone")
    func localTime() throws {
        let kb = knowledge.snapshot
        let (o, _, _) = try pick()
        #expect(o.day == o.milestone.date.adding(days: -3))
        let parts = o.milestone.remindAt.split(separator: ":").compactMap { Int($0) }
        let expected =
            o.day.dayNumber * 86_400 + (parts[0] * 60 + parts[1]) * 60 - kb.election.utcOffsetMinutes * 60
        #expect(o.at.timeIntervalSince1970 == Double(expected))
        // 08:00 in Hồ Chí Minh City is 01:00 UTC.
        if o.milestone.remindAt == "08:00" {
            #expect(ISO8601DateFormatter().string(from: o.at).hasSuffix("T01:00:00Z"))
        }
        let all = ReminderScheduler.occurrences(in: kb)
        #expect(
            all.count
                == kb.milestones.filter { !$0.roles.isEmpty }.reduce(0) {
                    $0 + Set($1.remindDaysBefore).count
                })
    }

    @Test("a due reminder goes to the milestone's roles only, once, across ticks and restarts")
    func firesOnceForTheRightRoles() async throws {
        let (o, role, other) = try pick()
        let store = try freshStore()
        let kb = knowledge.snapshot
        let roleLevel = kb.roles.first { $0.id == role }!.level.rawValue
        try await store.addSubscriber(
            Subscriber(
                platform: "telegram", userID: "1", chatID: "1", role: role, level: roleLevel,
                subscribedAt: Date()))
        try await store.addSubscriber(
            Subscriber(
                platform: "zalo", userID: "z2", chatID: "z2", role: role, level: roleLevel,
                subscribedAt: Date()))
        try await store.addSubscriber(
            Subscriber(
                platform: "telegram", userID: "3", chatID: "3", role: other, level: "xa",
                subscribedAt: Date()))
        let clock = TestClock(o.at.addingTimeInterval(-60))
        let scheduler = ReminderScheduler(
            store: store, knowledge: knowledge, logger: logger, now: { clock.now })

        #expect(try await scheduler.tick() == 0)  // 07:59: not yet
        clock.set(o.at)
        let created = try await scheduler.tick()
        #expect(created >= 2)
        #expect(try await scheduler.tick() == 0)  // the next minute: nothing new
        let restarted = ReminderScheduler(
            store: store, knowledge: knowledge, logger: logger, now: { clock.now })
        clock.set(o.at.addingTimeInterval(3600))
        #expect(try await restarted.tick() == 0)  // a restart the same day: nothing new

        let rows = try await queued(store)
        #expect(rows.count == created)
        #expect(!rows.contains { $0.chatID == "3" })  // the other role is never reminded
        let mine = rows.filter { $0.uniqueKey.hasPrefix("reminder:\(o.milestone.id):3:") }
        #expect(
            Set(mine.map(\.uniqueKey)) == [
                "reminder:\(o.milestone.id):3:telegram:1", "reminder:\(o.milestone.id):3:zalo:z2",
            ])
        #expect(mine.allSatisfy { $0.lane == .reminder })
        let text = try #require(
            mine.first.flatMap {
                try? JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as? [String: Any]
            }?["text"] as? String)
        #expect(text.contains(o.milestone.title))
        #expect(text.contains(o.milestone.date.ddmmyyyy))
        #expect(text.contains(o.milestone.date.vietnameseWeekday))
        #expect(text.contains("còn 3 ngày"))
        #expect(text.contains(o.milestone.basis))
        #expect(text.contains(o.milestone.body))
    }

    @Test("a reminder missed while down is caught up within the grace, and not after it")
    func graceWindow() async throws {
        let (o, role, _) = try pick()
        let kb = knowledge.snapshot
        let level = kb.roles.first { $0.id == role }!.level.rawValue

        // Same-day default: at 23:00 local the 08:00 reminder still goes out; the next day it does not.
        let store = try freshStore()
        try await store.addSubscriber(
            Subscriber(
                platform: "telegram", userID: "1", chatID: "1", role: role, level: level,
                subscribedAt: Date()))
        let clock = TestClock(o.at.addingTimeInterval(26 * 3600))  // 10:00 the next day
        let late = ReminderScheduler(
            store: store, knowledge: knowledge, logger: logger, now: { clock.now })
        try await late.tick()
        var keys = try await queued(store).map(\.uniqueKey)
        #expect(!keys.contains("reminder:\(o.milestone.id):3:telegram:1"))
        clock.set(o.at.addingTimeInterval(15 * 3600))  // 23:00 the same day
        try await late.tick()
        keys = try await queued(store).map(\.uniqueKey)
        #expect(keys.contains("reminder:\(o.milestone.id):3:telegram:1"))

        // A 30-minute grace: 10 minutes late is caught up, 40 minutes late is not.
        let store2 = try freshStore()
        try await store2.addSubscriber(
            Subscriber(
                platform: "telegram", userID: "1", chatID: "1", role: role, level: level,
                subscribedAt: Date()))
        let clock2 = TestClock(o.at.addingTimeInterval(40 * 60))
        let strict = ReminderScheduler(
            store: store2, knowledge: knowledge, grace: .seconds(30 * 60), logger: logger,
            now: { clock2.now })
        try await strict.tick()
        #expect(
            !(try await queued(store2)).map(\.uniqueKey).contains(
                "reminder:\(o.milestone.id):3:telegram:1"))
        clock2.set(o.at.addingTimeInterval(10 * 60))
        try await strict.tick()
        #expect(
            (try await queued(store2)).map(\.uniqueKey).contains(
                "reminder:\(o.milestone.id):3:telegram:1"))
    }

    @Test("subscription commands parse with and without @botname, in any case")
    func parseCommands() {
        #expect(SubscriptionCommands.parse("/dangky AB2C-3D4E") == .subscribe(code: "AB2C-3D4E"))
        #expect(
            SubscriptionCommands.parse("/dangky@bau_cu_bot  ab2c 3d4e") == .subscribe(code: "ab2c3d4e"))
        #expect(SubscriptionCommands.parse("/DangKy") == .subscribe(code: nil))
        #expect(SubscriptionCommands.parse("/toi@bau_cu_bot") == .show)
        #expect(SubscriptionCommands.parse(" /huy") == .leave)
        #expect(SubscriptionCommands.parse("/start") == nil)
        #expect(SubscriptionCommands.parse("đăng ký bầu cử thế nào") == nil)
        #expect(SubscriptionCommands.parse("/toilet") == nil)
    }
}
