import Foundation
import Storage
import TestSupport
import Testing

@Suite("Users and conversation log")
struct LogAndUserTests {
    @Test func usersTrackWindowAndBlocks() async throws {
        let clock = TestClock()
        try await withStore(clock: clock) { store, _, _ in
            #expect(try await store.user(platform: "messenger", userID: "p1") == nil)
            #expect(try await !store.isUnreachable(platform: "messenger", userID: "p1"))
            let first = clock.now
            try await store.touchUser(platform: "messenger", userID: "p1", chatID: "p1", at: first)
            try await store.touchUser(
                platform: "messenger", userID: "p1", chatID: "p1", at: first.addingTimeInterval(-60))
            #expect(try await store.user(platform: "messenger", userID: "p1")?.lastInboundAt == first)

            clock.advance(by: 10)
            try await store.markUnreachable(platform: "messenger", userID: "p1", reason: "outside 24h window")
            let blocked = try #require(try await store.user(platform: "messenger", userID: "p1"))
            #expect(blocked.isUnreachable && blocked.unreachableReason == "outside 24h window")
            #expect(blocked.unreachableAt == clock.now && blocked.chatID == "p1")

            try await store.touchUser(platform: "messenger", userID: "p1", chatID: "p1", at: clock.now)
            #expect(try await !store.isUnreachable(platform: "messenger", userID: "p1"))
        }
    }

    @Test func fallbacksGoToTheUnansweredLog() async throws {
        try await withStore { store, _, _ in
            let t0 = TestClock.start
            let answered = ConversationEntry(
                platform: "telegram", userID: "u1", chatID: "c1", question: "Ngày bầu cử?", intent: "election_day",
                confidence: 0.92, isFallback: false, reply: "Chủ nhật 15/3", at: t0)
            let fallback = ConversationEntry(
                platform: "zalo", userID: "u2", chatID: "c2", question: "Ai là ứng viên?", intent: "candidates",
                confidence: 0.31, isFallback: true, reply: "Xin lỗi…", at: t0.addingTimeInterval(5))
            try await store.logConversation(answered)
            try await store.logConversation(fallback)
            #expect(try await store.recentConversations(limit: 10) == [fallback, answered])
            let unanswered = try await store.unansweredQuestions(limit: 10)
            #expect(unanswered.count == 1)
            #expect(unanswered[0].question == "Ai là ứng viên?" && unanswered[0].bestIntent == "candidates")
            #expect(unanswered[0].confidence == 0.31 && unanswered[0].at == fallback.at)
        }
    }
}
