import Foundation
import Storage
import TestSupport
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    @Test func thousandConcurrentRecordsAreDurableAndDeduplicated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteBotStore(path: directory.databasePath)
        // 800 distinct keys, 200 of them sent twice (platform redeliveries racing the first delivery).
        let keys = (0..<1000).map { "telegram:\($0 < 800 ? $0 : $0 - 800)" }
        let newCount = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (index, key) in keys.enumerated() {
                group.addTask { try await store.recordInbound(inbound(key, user: "u\(index % 37)")) }
            }
            var count = 0
            for try await isNew in group where isNew { count += 1 }
            return count
        }
        #expect(newCount == 800)
        let statistics = store.writeStatistics
        #expect(statistics.writes == 1000)
        #expect(statistics.transactions < statistics.writes, "concurrent writes must share transactions")
        try await store.close()

        let reopened = try SQLiteBotStore(path: directory.databasePath)
        #expect(try await reopened.pendingInbound(limit: 2000).count == 800)
        #expect(try await !reopened.recordInbound(inbound("telegram:799")))
        try await reopened.close()
    }

    @Test func aFailingWriteFailsOnlyItsOwnCaller() async throws {
        try await withStore { store, _, _ in
            let code = try await store.createInvite(role: "ubbc", level: "province", expiresAt: nil, maxUses: 5)
            enum Outcome: Sendable {
                case inbox(Bool)
                case redeemed, usedUp
                case other(String)
            }
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        do {
                            if index % 10 == 0 {
                                try await store.redeemInvite(
                                    code: code, platform: "zalo", userID: "official\(index)", chatID: "c\(index)",
                                    displayName: nil)
                                return .redeemed
                            }
                            return .inbox(try await store.recordInbound(inbound("k\(index)")))
                        } catch InviteError.usedUp {
                            return .usedUp
                        } catch {
                            return .other("\(error)")
                        }
                    }
                }
                var all: [Outcome] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            var inboxNew = 0
            var redeemed = 0
            var usedUp = 0
            for outcome in outcomes {
                switch outcome {
                case .inbox(let isNew): if isNew { inboxNew += 1 }
                case .redeemed: redeemed += 1
                case .usedUp: usedUp += 1
                case .other(let message): Issue.record("unexpected error: \(message)")
                }
            }
            #expect(inboxNew == 180)
            #expect(redeemed == 5)
            #expect(usedUp == 15)
            #expect(try await store.listSubscribers().count == 5)
            #expect(try await store.invite(code: code)?.uses == 5)
            // A refused invite is an outcome returned from inside the write, not a storage failure: the
            // writes that shared its transaction commit with it, none is replayed alone.
            #expect(store.writeStatistics.isolatedRetries == 0)
            #expect(store.writeStatistics.transactions < store.writeStatistics.writes)
        }
    }

    @Test func aMistypedInviteCodeInABusyBatchReplaysNothing() async throws {
        try await withStore { store, _, _ in
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        if index % 4 == 0 {
                            await #expect(throws: InviteError.unknownCode) {
                                try await store.redeemInvite(
                                    code: "NOPE-\(index)", platform: "telegram", userID: "u\(index)",
                                    chatID: "c\(index)", displayName: nil)
                            }
                            return false
                        }
                        return try await store.recordInbound(inbound("m\(index)"))
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(results == 75)
            #expect(store.writeStatistics.isolatedRetries == 0)
        }
    }

    @Test func writesAfterCloseAreRefused() async throws {
        let store = try SQLiteBotStore.inMemory()
        try await store.close()
        await #expect(throws: StorageError.closed) { try await store.recordInbound(inbound("late")) }
    }
}

@Suite("Group commit window")
struct GroupCommitWindowTests {
    /// With a window far longer than the test may take, any wait would show: a lone write must never wait.
    @Test func writesOneAtATimeNeverWaitForCompany() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteBotStore(
            path: directory.databasePath, options: .init(groupCommitWindow: .seconds(30)))
        let start = ContinuousClock.now
        for index in 0..<20 { #expect(try await store.recordInbound(inbound("solo\(index)"))) }
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(store.writeStatistics.transactions == 20)
        try await store.close()
    }

    /// Concurrent writes fill transactions together; closing while the writer waits for more does not hang.
    @Test func concurrentWritesShareTransactionsAndCloseEndsTheWait() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteBotStore(
            path: directory.databasePath, options: .init(groupCommitWindow: .milliseconds(5)))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<300 { group.addTask { try await store.recordInbound(inbound("c\(index)")) } }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(results == 300)
        #expect(store.writeStatistics.transactions < 300)
        let start = ContinuousClock.now
        try await store.close()
        #expect(ContinuousClock.now - start < .seconds(5))
        let reopened = try SQLiteBotStore(path: directory.databasePath)
        #expect(try await reopened.pendingInbound(limit: 500).count == 300)
        try await reopened.close()
    }
}
