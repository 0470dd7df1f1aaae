import Foundation
import Storage
import TestSupport
import Testing

@Suite("Admin accounts, the audit log, console statistics, retention and /xoa (real SQLite files)")
struct AdminStoreTests {
    @Test func accountsAreFoundByDigestOnlyAndRemovedAtOnce() async throws {
        try await withStore { store, _, _ in
            try await store.addAdmin(name: "lan", tokenDigest: "aa11")
            try await store.addAdmin(name: "minh", tokenDigest: "bb22")
            await #expect(throws: AdminError.exists("lan")) { try await store.addAdmin(name: "lan", tokenDigest: "cc") }
            await #expect(throws: AdminError.invalidName("a b")) {
                try await store.addAdmin(name: "a b", tokenDigest: "dd")
            }
            #expect(try await store.admin(tokenDigest: "aa11") == "lan")
            #expect(try await store.admin(tokenDigest: "bb22") == "minh")
            #expect(try await store.admin(tokenDigest: "aa1") == nil)
            #expect(try await store.admin(tokenDigest: "aa11 ") == nil)
            #expect(try await store.listAdmins().map(\.name) == ["lan", "minh"])
            #expect(try await store.listAdmins().first?.lastUsedAt != nil)
            #expect(try await store.removeAdmin(name: "lan"))
            #expect(!(try await store.removeAdmin(name: "lan")))
            #expect(try await store.admin(tokenDigest: "aa11") == nil)
        }
    }

    @Test func auditEntriesComeBackNewestFirst() async throws {
        try await withStore { store, _, _ in
            for n in 0..<5 {
                try await store.appendAudit(
                    AuditEntry(
                        at: TestClock.start.addingTimeInterval(Double(n)), admin: "lan", action: "reload",
                        detail: "\(n)"))
            }
            let entries = try await store.auditEntries(limit: 3)
            #expect(entries.map(\.detail) == ["4", "3", "2"])
            #expect(entries.first?.at == TestClock.start.addingTimeInterval(4))
        }
    }

    func entry(_ user: String, _ question: String, intent: String?, fallback: Bool, at: Date, micros: Int? = nil)
        -> ConversationEntry
    {
        ConversationEntry(
            platform: user.hasPrefix("z") ? "zalo" : "telegram", userID: user, chatID: "chat-\(user)",
            question: question, intent: intent, confidence: fallback ? 0.1 : 0.8, isFallback: fallback, reply: "r",
            at: at, knowledgeVersion: "v1", answerMicros: micros)
    }

    @Test func statisticsCountPerLocalDayPlatformAndIntentWithPercentiles() async throws {
        try await withStore { store, _, _ in
            // 23:30 UTC is already the next day at UTC+7: days are cut in the election's time zone.
            let day1 = Date(timeIntervalSince1970: 1_617_235_200)  // 2021-04-01 00:00 UTC = 07:00 at UTC+7
            let late = day1.addingTimeInterval(17 * 3600 + 1800)  // 2021-04-01 17:30 UTC = 2021-04-02 00:30 local
            for n in 1...100 {
                try await store.logConversation(
                    entry("u\(n % 3)", "q", intent: n % 2 == 0 ? "a" : "b", fallback: false, at: day1, micros: n))
            }
            try await store.logConversation(entry("z1", "giá vàng", intent: nil, fallback: true, at: late))
            try await store.logConversation(entry("z2", "giá vàng", intent: "b", fallback: true, at: late))
            let stats = try await store.conversationStats(
                since: day1.addingTimeInterval(-1), utcOffsetSeconds: 7 * 3600, top: 5)
            #expect(stats.days.count == 2)
            #expect(stats.days[0].questions == 100 && stats.days[0].fallbacks == 0)
            #expect(stats.days[0].perPlatform == ["telegram": 100])
            #expect(
                stats.days[1].questions == 2 && stats.days[1].fallbacks == 2 && stats.days[1].perPlatform == ["zalo": 2]
            )
            #expect(stats.days[1].dayNumber == stats.days[0].dayNumber + 1)
            #expect(stats.topIntents.map(\.key) == ["a", "b"] && stats.topIntents.map(\.count) == [50, 50])
            #expect(stats.topFallbacks.first?.key == "giá vàng" && stats.topFallbacks.first?.count == 2)
            #expect(stats.answerMicrosP50 == 50)
            #expect(stats.answerMicrosP99 == 99)
            let none = try await store.conversationStats(
                since: late.addingTimeInterval(3600), utcOffsetSeconds: 0, top: 5)
            #expect(none.days.isEmpty && none.answerMicrosP50 == nil)
            // The knowledge version is stored with the row and read back.
            #expect(try await store.recentConversations(limit: 1).first?.knowledgeVersion == "v1")
        }
    }

    @Test func pruneDeletesOnlyWhatThePolicyAgesOutInBatches() async throws {
        let clock = TestClock()
        try await withStore(clock: clock) { store, _, _ in
            let now = clock.now
            let old = now.addingTimeInterval(-200 * 86_400)
            let young = now.addingTimeInterval(-10 * 86_400)
            for n in 0..<25 {
                try await store.logConversation(entry("u\(n)", "cũ \(n)", intent: nil, fallback: true, at: old))
            }
            for n in 0..<3 {
                try await store.logConversation(entry("y\(n)", "mới", intent: "a", fallback: false, at: young))
            }
            // Inbox rows: answered long ago, answered recently, and one never answered (owed a reply: it stays).
            clock.set(old)
            #expect(try await store.recordInbound(inbound("old-done")))
            #expect(try await store.recordInbound(inbound("old-pending")))
            try await store.completeInbound(
                dedupeKey: "old-done", conversation: nil, replies: [reply("reply:old-done")])
            let claimed = try await store.claim(lane: .reply, limit: 10, now: old, lease: .seconds(60))
            for row in claimed { _ = try await store.markSent(id: row.id, platformMessageID: nil, at: old) }
            clock.set(now)
            #expect(try await store.recordInbound(inbound("new-done")))
            try await store.completeInbound(
                dedupeKey: "new-done", conversation: nil, replies: [reply("reply:new-done")])
            try await store.appendAudit(AuditEntry(at: old, admin: "lan", action: "reload", detail: "old"))
            try await store.appendAudit(AuditEntry(at: young, admin: "lan", action: "reload", detail: "young"))

            let dry = try await store.prune(policy: .standard, now: now, batch: 10, dryRun: true)
            #expect(dry.conversations == 25 && dry.unanswered == 25 && dry.inbox == 1 && dry.outbox == 1)
            #expect(dry.audit == 0)  // 200 days is younger than the audit log's year
            #expect(try await store.recentConversations(limit: 100).count == 28)  // a dry run deletes nothing

            var total = PruneReport()
            var passes = 0
            while passes < 10 {
                let r = try await store.prune(policy: .standard, now: now, batch: 10, dryRun: false)
                // A batch of conversations takes their unanswered rows along, then a batch of unanswered ones.
                #expect(r.conversations <= 10 && r.unanswered <= 20)
                total = total + r
                passes += 1
                let remaining = try await store.prune(policy: .standard, now: now, batch: 10, dryRun: true)
                if remaining.total == 0 { break }
            }
            #expect(total.conversations == 25 && total.unanswered == 25 && total.inbox == 1 && total.outbox == 1)
            #expect(passes == 3)
            let left = try await store.recentConversations(limit: 100)
            #expect(left.count == 3 && left.allSatisfy { $0.question == "mới" })
            #expect(try await store.unansweredQuestions(limit: 100).isEmpty)
            // The unanswered message is still owed its reply; the young one is still deduplicated.
            #expect(try await store.pendingInbound(limit: 10).map(\.dedupeKey) == ["old-pending"])
            #expect(!(try await store.recordInbound(inbound("new-done"))))
            #expect(try await store.auditEntries(limit: 10).map(\.detail) == ["young", "old"])
            let forever = RetentionPolicy(conversations: nil, settledInbox: nil, finishedOutbox: nil, audit: nil)
            #expect(
                try await store.prune(policy: forever, now: now.addingTimeInterval(1e9), batch: 10, dryRun: true).total
                    == 0)
        }
    }

    @Test func forgettingAUserDeletesTheirHistoryAndSubscriptionOnly() async throws {
        try await withStore { store, _, _ in
            let at = TestClock.start
            for user in ["u1", "u2"] {
                #expect(try await store.recordInbound(inbound("k-\(user)", user: user)))
                try await store.completeInbound(
                    dedupeKey: "k-\(user)",
                    conversation: entry(user, "câu của \(user)", intent: nil, fallback: true, at: at),
                    replies: [reply("reply:k-\(user)", chat: "chat-\(user)")])
                try await store.addSubscriber(
                    Subscriber(
                        platform: "telegram", userID: user, chatID: "chat-\(user)", role: "r", level: "xa",
                        subscribedAt: at))
            }
            for row in try await store.claim(lane: .reply, limit: 10, now: at, lease: .seconds(60)) {
                _ = try await store.markSent(id: row.id, platformMessageID: nil, at: at)
            }
            // A message still being answered: its inbox row and its queued reply stay.
            #expect(try await store.recordInbound(inbound("k-u1-open", user: "u1")))
            _ = try await store.enqueue([reply("reply:queued-u1", chat: "chat-u1")])

            let report = try await store.forgetUser(platform: "telegram", userID: "u1")
            #expect(report.conversations == 1 && report.inbox == 1 && report.outbox == 1 && report.subscription)
            let left = try await store.recentConversations(limit: 10)
            #expect(left.map(\.userID) == ["u2"])
            #expect(try await store.unansweredQuestions(limit: 10).map(\.userID) == ["u2"])
            #expect(try await store.subscription(platform: "telegram", userID: "u1") == nil)
            #expect(try await store.subscription(platform: "telegram", userID: "u2") != nil)
            #expect(try await store.pendingInbound(limit: 10).map(\.dedupeKey) == ["k-u1-open"])
            #expect(try await store.health().outboxDepth[.reply] == 1)
            // Forgetting twice finds nothing more.
            let again = try await store.forgetUser(platform: "telegram", userID: "u1")
            #expect(again.conversations == 0 && again.inbox == 0 && !again.subscription)
        }
    }
}
