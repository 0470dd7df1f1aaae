import Foundation
import Storage
import TestSupport
import Testing

@Suite("Inbox")
struct InboxTests {
    @Test func dedupeSurvivesReopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var store = try SQLiteBotStore(path: directory.databasePath)
        #expect(try await store.recordInbound(inbound("telegram:1")))
        #expect(try await !store.recordInbound(inbound("telegram:1")))
        try await store.close()

        store = try SQLiteBotStore(path: directory.databasePath)
        #expect(try await !store.recordInbound(inbound("telegram:1")))
        #expect(try await store.recordInbound(inbound("telegram:2")))
        try await store.close()
    }

    @Test func unansweredMessagesArePendingAfterRestart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var store = try SQLiteBotStore(path: directory.databasePath)
        for index in 0..<3 {
            _ = try await store.recordInbound(
                inbound("k\(index)", at: TestClock.start.addingTimeInterval(Double(index))))
        }
        #expect(try await store.markInboundProcessed(dedupeKey: "k1"))
        #expect(try await !store.markInboundProcessed(dedupeKey: "k1"))
        try await store.close()  // the crash between the 200 and the answer

        store = try SQLiteBotStore(path: directory.databasePath)
        let pending = try await store.pendingInbound(limit: 10)
        #expect(pending.map(\.dedupeKey) == ["k0", "k2"])
        #expect(pending[0] == inbound("k0"))
        #expect(try await store.pendingInbound(limit: 1).map(\.dedupeKey) == ["k0"])
        try await store.close()
    }

    @Test func recordingTouchesTheUserAndClearsUnreachable() async throws {
        try await withStore { store, _, _ in
            try await store.markUnreachable(platform: "telegram", userID: "u9", reason: "403 blocked")
            #expect(try await store.isUnreachable(platform: "telegram", userID: "u9"))

            let at = TestClock.start.addingTimeInterval(60)
            _ = try await store.recordInbound(inbound("m1", user: "u9", at: at))
            let user = try #require(try await store.user(platform: "telegram", userID: "u9"))
            #expect(user.chatID == "chat-u9")
            #expect(user.lastInboundAt == at)
            #expect(!user.isUnreachable)
            #expect(user.unreachableReason == nil)
        }
    }

    @Test func completeInboundLogsEnqueuesAndMarksProcessedTogether() async throws {
        try await withStore { store, _, _ in
            _ = try await store.recordInbound(inbound("m1"))
            let entry = ConversationEntry(
                platform: "telegram", userID: "u1", chatID: "chat-u1", dedupeKey: "m1", question: "xyz?",
                intent: nil, confidence: 0.1, isFallback: true, reply: "Xin lỗi…", at: TestClock.start)
            let ids = try await store.completeInbound(
                dedupeKey: "m1", conversation: entry, replies: [reply("reply:m1")])
            #expect(ids.count == 1 && ids[0] != nil)
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
            #expect(try await store.recentConversations(limit: 5) == [entry])
            #expect(try await store.unansweredQuestions(limit: 5).map(\.question) == ["xyz?"])

            // Answering again (e.g. after a crash right after the commit) enqueues nothing new.
            let again = try await store.completeInbound(
                dedupeKey: "m1", conversation: nil, replies: [reply("reply:m1")])
            #expect(again == [nil])
            #expect(try await store.outboxDepth()[.reply] == 1)
        }
    }

    @Test func batchCompletionSettlesEveryMessageInOrder() async throws {
        try await withStore { store, _, _ in
            for key in ["b1", "b2", "b3"] { _ = try await store.recordInbound(inbound(key)) }
            try await store.completeInbound([
                InboundCompletion(dedupeKey: "b1", conversation: nil, replies: [reply("reply:b1")]),
                InboundCompletion(dedupeKey: "b2", conversation: nil, replies: []),  // not addressed to the bot
                InboundCompletion(dedupeKey: "b3", conversation: nil, replies: [reply("reply:b3")]),
            ])
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
            // Outbox ids follow the batch's order, so a chat's replies leave in the order its messages came.
            let claimed = try await store.claim(lane: .reply, limit: 10, now: TestClock.start, lease: .seconds(30))
            #expect(claimed.map(\.uniqueKey) == ["reply:b1", "reply:b3"])
            #expect(claimed[0].id < claimed[1].id)
            try await store.completeInbound([])  // nothing to do, no error
        }
    }

    @Test func pruneDropsOnlyAnsweredOldMessages() async throws {
        try await withStore { store, _, _ in
            _ = try await store.recordInbound(inbound("old-done"))
            _ = try await store.recordInbound(inbound("old-pending"))
            _ = try await store.recordInbound(inbound("new-done", at: TestClock.start.addingTimeInterval(86_400)))
            try await store.markInboundProcessed(dedupeKey: "old-done")
            try await store.markInboundProcessed(dedupeKey: "new-done")
            #expect(try await store.pruneInbox(receivedBefore: TestClock.start.addingTimeInterval(3600)) == 1)
            #expect(try await store.recordInbound(inbound("old-done")))
            #expect(try await !store.recordInbound(inbound("old-pending")))
            #expect(try await !store.recordInbound(inbound("new-done")))
        }
    }

    @Test func inMemoryStoreBehavesTheSame() async throws {
        let store = try SQLiteBotStore.inMemory()
        #expect(try await store.recordInbound(inbound("a")))
        #expect(try await !store.recordInbound(inbound("a")))
        #expect(try await store.pendingInbound(limit: 5).count == 1)
        try await store.close()
    }

    @Test func nonPositiveLimitIsRejected() async throws {
        let store = try SQLiteBotStore.inMemory()
        await #expect(throws: StorageError.invalidArgument("limit must be positive, got 0")) {
            try await store.pendingInbound(limit: 0)
        }
        try await store.close()
    }
}
