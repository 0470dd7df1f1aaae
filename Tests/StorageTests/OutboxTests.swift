import Foundation
import Storage
import TestSupport
import Testing

@Suite("Outbox")
struct OutboxTests {
    let t0 = TestClock.start

    @Test func uniqueKeysMakeEnqueueIdempotent() async throws {
        try await withStore { store, _, _ in
            let first = try await store.enqueue([reply("reply:a"), reply("reply:b"), reply("reply:a")])
            #expect(first.count == 3)
            #expect(first[0] != nil && first[1] != nil && first[0] != first[1])
            #expect(first[2] == nil)
            #expect(try await store.enqueue([reply("reply:a"), reply("reply:b")]) == [nil, nil])
            #expect(try await store.enqueue([]) == [])
            #expect(try await store.outboxDepth() == [.reply: 2, .broadcast: 0, .reminder: 0])
        }
    }

    @Test func claimTakesDueRowsOldestFirstPerLane() async throws {
        try await withStore { store, _, _ in
            let ids = try await store.enqueue([
                reply("r3", notBefore: t0.addingTimeInterval(3)),
                reply("r1", notBefore: t0.addingTimeInterval(1)),
                reply("later", notBefore: t0.addingTimeInterval(3600)),
                reply("b1", lane: .broadcast, notBefore: t0),
                reply("r2", notBefore: t0.addingTimeInterval(2)),
            ])
            let now = t0.addingTimeInterval(10)
            let claimed = try await store.claim(lane: .reply, limit: 2, now: now, lease: .seconds(30))
            #expect(claimed.map(\.uniqueKey) == ["r1", "r2"])
            #expect(claimed.allSatisfy { $0.state == .inflight && $0.attempts == 1 })
            #expect(claimed[0].leaseUntil == now.addingTimeInterval(30))
            #expect(claimed[0].id == ids[1])

            let rest = try await store.claim(lane: .reply, limit: 10, now: now, lease: .seconds(30))
            #expect(rest.map(\.uniqueKey) == ["r3"])
            #expect(try await store.claim(lane: .reply, limit: 10, now: now, lease: .seconds(30)).isEmpty)
            #expect(try await store.nextDueTime(lane: .reply) == now.addingTimeInterval(30))
            #expect(try await store.nextDueTime(lane: .broadcast) == t0)
            #expect(try await store.nextDueTime(lane: .reminder) == nil)
        }
    }

    @Test func expiredLeaseIsClaimedAgainAfterACrash() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteBotStore(path: directory.databasePath)
        let id = try #require(try await store.enqueue([reply("reply:m1", notBefore: t0)])[0])
        let taken = try await store.claim(lane: .reply, limit: 10, now: t0, lease: .seconds(30))
        #expect(taken.map(\.id) == [id])
        // The worker dies without settling the row; the process restarts.
        try await store.close()

        let restarted = try SQLiteBotStore(path: directory.databasePath)
        #expect(try await restarted.outboxDepth()[.reply] == 1)
        #expect(
            try await restarted.claim(lane: .reply, limit: 10, now: t0.addingTimeInterval(29), lease: .seconds(30))
                .isEmpty)
        let recovered = try await restarted.claim(
            lane: .reply, limit: 10, now: t0.addingTimeInterval(31), lease: .seconds(30))
        #expect(recovered.map(\.id) == [id])
        #expect(recovered.first?.attempts == 2)
        #expect(recovered.first?.leaseUntil == t0.addingTimeInterval(61))
        try await restarted.close()
    }

    @Test func stateTransitions() async throws {
        try await withStore { store, _, _ in
            let ids = try await store.enqueue((0..<4).map { reply("k\($0)", notBefore: t0) }).map { try #require($0) }
            _ = try await store.claim(lane: .reply, limit: 4, now: t0, lease: .seconds(60))

            // sent
            let sentAt = t0.addingTimeInterval(1)
            #expect(try await store.markSent(id: ids[0], platformMessageID: "777", at: sentAt))
            #expect(try await !store.markSent(id: ids[0], platformMessageID: "778", at: sentAt))
            #expect(try await !store.reschedule(id: ids[0], at: t0, error: "late", chunksSent: 0))
            let sent = try #require(try await store.outboxRow(id: ids[0]))
            #expect(sent.state == .sent && sent.sentAt == sentAt && sent.platformMessageID == "777")
            #expect(sent.leaseUntil == nil)

            // rescheduled (429), then claimable again only when due
            let retryAt = t0.addingTimeInterval(20)
            #expect(try await store.reschedule(id: ids[1], at: retryAt, error: "429 retry_after=20", chunksSent: 2))
            let rescheduled = try #require(try await store.outboxRow(id: ids[1]))
            #expect(rescheduled.state == .queued && rescheduled.nextAttemptAt == retryAt)
            #expect(rescheduled.lastError == "429 retry_after=20")
            // Progress is a column of its own, and never goes back (a late, stale reschedule cannot lower it).
            #expect(rescheduled.chunksSent == 2)
            #expect(try await store.reschedule(id: ids[1], at: retryAt, error: "timeout", chunksSent: 1))
            #expect(try await store.outboxRow(id: ids[1])?.chunksSent == 2)
            #expect(
                try await store.claim(lane: .reply, limit: 9, now: t0.addingTimeInterval(19), lease: .seconds(5))
                    .isEmpty)
            let retried = try await store.claim(lane: .reply, limit: 9, now: retryAt, lease: .seconds(5))
            #expect(retried.map(\.id) == [ids[1]] && retried[0].attempts == 2)

            // failed and unreachable are terminal
            #expect(try await store.markFailed(id: ids[2], error: "400 bad request"))
            #expect(try await store.markUnreachable(id: ids[3], reason: "403 bot blocked"))
            #expect(try await !store.markFailed(id: ids[3], error: "again"))
            #expect(try await !store.reschedule(id: ids[2], at: t0, error: "again", chunksSent: 0))
            #expect(try await store.outboxRow(id: ids[2])?.state == .failed)
            #expect(try await store.outboxRow(id: ids[3])?.state == .unreachable)
            #expect(try await store.outboxRow(id: ids[3])?.lastError == "403 bot blocked")
            let later = t0.addingTimeInterval(3600)
            #expect(try await store.claim(lane: .reply, limit: 9, now: later, lease: .seconds(5)).map(\.id) == [ids[1]])
            #expect(try await store.outboxDepth()[.reply] == 1)
            #expect(try await store.outboxRow(id: 9999) == nil)
            #expect(try await !store.markSent(id: 9999, platformMessageID: nil, at: t0))
        }
    }

    @Test func concurrentWorkersNeverShareARow() async throws {
        try await withStore { store, _, _ in
            _ = try await store.enqueue((0..<300).map { reply("k\($0)", notBefore: t0) })
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let rows = try await store.claim(lane: .reply, limit: 7, now: t0, lease: .seconds(60))
                            if rows.isEmpty { return mine }
                            mine += rows.map(\.id)
                        }
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 300)
            #expect(Set(claimed).count == 300)
        }
    }

    @Test func pruneRemovesOnlyFinishedRows() async throws {
        try await withStore { store, _, _ in
            let ids = try await store.enqueue([reply("a", notBefore: t0), reply("b", notBefore: t0)])
            _ = try await store.claim(lane: .reply, limit: 1, now: t0, lease: .seconds(60))
            try await store.markSent(id: try #require(ids[0]), platformMessageID: nil, at: t0)
            #expect(try await store.pruneOutbox(createdBefore: t0.addingTimeInterval(1)) == 1)
            #expect(try await store.outboxRow(id: try #require(ids[0])) == nil)
            #expect(try await store.outboxRow(id: try #require(ids[1])) != nil)
        }
    }
}
