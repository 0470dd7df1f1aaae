import Foundation
import Storage
import TestSupport
import Testing

@Suite("Broadcasts")
struct BroadcastTests {
    @Test func statusCountsDeliveriesPerStateWithReasons() async throws {
        try await withStore { store, _, _ in
            let t0 = TestClock.start
            let id = try await store.createBroadcast(
                audience: BroadcastAudience(role: "ubbc"), text: "Họp lúc 8h", createdBy: "admin")
            let ids = try await store.enqueue(
                (0..<5).map {
                    reply(
                        "broadcast:\(id):telegram:\($0)", lane: .broadcast, chat: "c\($0)", notBefore: t0, broadcast: id
                    )
                }
            ).map { try #require($0) }
            _ = try await store.enqueue([reply("reply:other", notBefore: t0)])
            _ = try await store.claim(lane: .broadcast, limit: 4, now: t0, lease: .seconds(60))
            try await store.markSent(id: ids[0], platformMessageID: nil, at: t0)
            try await store.markSent(id: ids[1], platformMessageID: nil, at: t0)
            try await store.markFailed(id: ids[2], error: "400 chat not found")
            try await store.markUnreachable(id: ids[3], reason: "403 blocked")

            let status = try #require(try await store.broadcastStatus(id: id))
            #expect(status.broadcast.text == "Họp lúc 8h" && status.broadcast.audience.role == "ubbc")
            #expect(status.counts == [.queued: 1, .inflight: 0, .sent: 2, .failed: 1, .unreachable: 1])
            #expect(status.total == 5 && !status.isFinished)
            #expect(
                status.problems == [
                    .init(
                        outboxID: ids[2], platform: "telegram", chatID: "c2", state: .failed,
                        reason: "400 chat not found"),
                    .init(
                        outboxID: ids[3], platform: "telegram", chatID: "c3", state: .unreachable, reason: "403 blocked"
                    ),
                ])
            #expect(try await store.broadcastStatus(id: id + 1) == nil)
            #expect(try await store.recentBroadcasts(limit: 5).map(\.id) == [id])
            #expect(try await store.broadcast(id: id)?.createdBy == "admin")
        }
    }
}
