import Foundation
import Storage
import TestSupport
import Testing

/// Settling a batch with multi-row statements (16 rows each) and skipping upserts of recently written users.
@Suite("Settling batches and recent users")
struct SettleBatchTests {
    private func entry(_ n: Int, fallback: Bool) -> ConversationEntry {
        ConversationEntry(
            platform: "telegram", userID: "u\(n)", chatID: "chat-u\(n)", dedupeKey: "k\(n)", question: "q\(n)?",
            intent: fallback ? nil : "intent-\(n)", confidence: fallback ? 0.1 : 0.9, isFallback: fallback,
            reply: "answer \(n)", at: TestClock.start.addingTimeInterval(Double(n)))
    }

    @Test func aBatchLargerThanOneStatementKeepsOrderAndLogsFallbacks() async throws {
        try await withStore { store, _, _ in
            let count = 37  // two full chunks of 16 and a remainder, with fallbacks cutting the runs
            for n in 0..<count { _ = try await store.recordInbound(inbound("k\(n)", user: "u\(n)")) }
            let completions = (0..<count).map { n in
                InboundCompletion(
                    dedupeKey: "k\(n)", conversation: n % 3 == 2 ? nil : entry(n, fallback: n % 10 == 4),
                    replies: n % 3 == 2 ? [] : [reply("reply:k\(n)", chat: "chat-u\(n)")])
            }
            try await store.completeInbound(completions)

            #expect(try await store.pendingInbound(limit: 100).isEmpty)
            let logged = try await store.recentConversations(limit: 100)
            let expected = completions.compactMap(\.conversation)
            #expect(logged == expected.reversed())  // newest first
            let unanswered = try await store.unansweredQuestions(limit: 100)
            // Fallbacks are n % 10 == 4, minus 14 (n % 3 == 2: settled without an exchange).
            #expect(Set(unanswered.map(\.question)) == ["q4?", "q24?", "q34?"])
            let claimed = try await store.claim(lane: .reply, limit: 100, now: TestClock.start, lease: .seconds(30))
            #expect(claimed.map(\.uniqueKey) == completions.flatMap(\.replies).map(\.uniqueKey))
            #expect(claimed.map(\.id) == claimed.map(\.id).sorted())
        }
    }

    @Test func aReplyAlreadyQueuedIsNotQueuedTwiceInABatch() async throws {
        try await withStore { store, _, _ in
            for key in ["a", "b"] { _ = try await store.recordInbound(inbound(key)) }
            _ = try await store.enqueue([reply("reply:a")])
            try await store.completeInbound([
                InboundCompletion(dedupeKey: "a", conversation: nil, replies: [reply("reply:a")]),
                InboundCompletion(dedupeKey: "b", conversation: nil, replies: [reply("reply:b"), reply("reply:b")]),
            ])
            #expect(try await store.outboxDepth()[.reply] == 2)
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
        }
    }

    @Test func aProcessedMessageKeepsItsFirstProcessingInABatch() async throws {
        try await withStore { store, _, _ in
            _ = try await store.recordInbound(inbound("a"))
            try await store.completeInbound([InboundCompletion(dedupeKey: "a", conversation: nil, replies: [])])
            // Settling it again (a crash between commit and acknowledgement of the batch) changes nothing.
            try await store.completeInbound([
                InboundCompletion(dedupeKey: "a", conversation: nil, replies: [reply("reply:a")])
            ])
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
            #expect(try await store.outboxDepth()[.reply] == 1)
        }
    }

    @Test func aRecentSenderIsNotRewrittenButAStaleOneIs() async throws {
        try await withStore { store, _, _ in
            let first = TestClock.start
            _ = try await store.recordInbound(inbound("m1", user: "u1", at: first))
            // Within a minute: the row keeps the first contact time (no upsert).
            _ = try await store.recordInbound(inbound("m2", user: "u1", at: first.addingTimeInterval(30)))
            #expect(try await store.user(platform: "telegram", userID: "u1")?.lastInboundAt == first)
            // A minute later the message refreshes it.
            let later = first.addingTimeInterval(61)
            _ = try await store.recordInbound(inbound("m3", user: "u1", at: later))
            #expect(try await store.user(platform: "telegram", userID: "u1")?.lastInboundAt == later)
        }
    }

    @Test func aRecentSenderFromAnotherChatIsRewritten() async throws {
        try await withStore { store, _, _ in
            _ = try await store.recordInbound(inbound("m1", user: "u1"))
            var moved = inbound("m2", user: "u1", at: TestClock.start.addingTimeInterval(5))
            moved.chatID = "another-chat"
            _ = try await store.recordInbound(moved)
            #expect(try await store.user(platform: "telegram", userID: "u1")?.chatID == "another-chat")
        }
    }

    @Test func aMessageAfterTheUnreachableMarkClearsItEvenFromARecentSender() async throws {
        try await withStore { store, _, _ in
            _ = try await store.recordInbound(inbound("m1", user: "u1"))
            try await store.markUnreachable(platform: "telegram", userID: "u1", reason: "403 blocked")
            #expect(try await store.isUnreachable(platform: "telegram", userID: "u1"))
            _ = try await store.recordInbound(inbound("m2", user: "u1", at: TestClock.start.addingTimeInterval(2)))
            #expect(try await !store.isUnreachable(platform: "telegram", userID: "u1"))
        }
    }

    @Test func aRedeliveryWritesNothing() async throws {
        try await withStore { store, _, _ in
            #expect(try await store.recordInbound(inbound("m1", user: "u1")))
            try await store.markUnreachable(platform: "telegram", userID: "u1", reason: "403 blocked")
            // The same platform id again is a duplicate: it proves nothing new about the user.
            #expect(try await !store.recordInbound(inbound("m1", user: "u1")))
            #expect(try await store.isUnreachable(platform: "telegram", userID: "u1"))
        }
    }
}

@Suite("Shared texts")
struct SharedTextTests {
    static let longAnswer = String(repeating: "Ngày bầu cử là Chủ Nhật, 23/05/2021. ", count: 12)

    private func completion(_ n: Int, reply: String) -> InboundCompletion {
        InboundCompletion(
            dedupeKey: "k\(n)",
            conversation: ConversationEntry(
                platform: "telegram", userID: "u\(n)", chatID: "c\(n)", dedupeKey: "k\(n)", question: "q\(n)",
                intent: "ngay-bau-cu", confidence: 0.9, isFallback: false, reply: reply,
                at: TestClock.start.addingTimeInterval(Double(n))),
            replies: [
                OutboxItem(
                    lane: .reply, platform: "telegram", chatID: "c\(n)", payload: #"{"text":"\#(reply)"}"#,
                    uniqueKey: "reply:k\(n)")
            ])
    }

    @Test func aRepeatedLongAnswerIsStoredOnceAndReadBackWhole() async throws {
        try await withStore { store, _, _ in
            let batch = (0..<20).map { completion($0, reply: Self.longAnswer) }
            for c in batch { _ = try await store.recordInbound(inbound(c.dedupeKey)) }
            try await store.completeInbound(Array(batch[0..<10]))
            try await store.completeInbound(Array(batch[10...]))
            // One payload and one reply text, whatever the number of messages and batches.
            #expect(try await store.sharedTextCount() == 2)

            let claimed = try await store.claim(lane: .reply, limit: 50, now: TestClock.start, lease: .seconds(30))
            #expect(claimed.map(\.payload) == batch.flatMap(\.replies).map(\.payload))
            #expect(try await store.outboxRow(id: claimed[3].id)?.payload == batch[3].replies[0].payload)
            let logged = try await store.recentConversations(limit: 50)
            #expect(logged == batch.compactMap(\.conversation).reversed())
        }
    }

    @Test func shortTextsAndSingleWritesStayInlineAndMixWithShared() async throws {
        try await withStore { store, _, _ in
            let short = completion(0, reply: "Có.")
            let long = completion(1, reply: Self.longAnswer)
            for c in [short, long] { _ = try await store.recordInbound(inbound(c.dedupeKey)) }
            try await store.completeInbound([short, long])
            #expect(try await store.sharedTextCount() == 2)  // only the long reply and its payload
            // A broadcast row written by enqueue keeps its text inline; all three read back the same way.
            let broadcastText = #"{"text":"\#(Self.longAnswer)"}"#
            _ = try await store.enqueue([
                OutboxItem(lane: .reply, platform: "telegram", chatID: "c9", payload: broadcastText, uniqueKey: "b:1")
            ])
            #expect(try await store.sharedTextCount() == 2)
            let claimed = try await store.claim(lane: .reply, limit: 10, now: TestClock.start, lease: .seconds(30))
            #expect(
                claimed.map(\.payload) == short.replies.map(\.payload) + long.replies.map(\.payload) + [broadcastText])
            #expect(
                try await store.recentConversations(limit: 10).map(\.reply) == [Self.longAnswer, "Có."])
        }
    }
}
