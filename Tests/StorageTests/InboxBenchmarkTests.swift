import Foundation
import Storage
import TestSupport
import Testing

/// Prints inbox throughput with and without group commit; asserts correctness only, never timing.
@Suite("Inbox throughput (prints figures)")
struct InboxBenchmarkTests {
    @Test func groupCommitVersusOneTransactionPerInsert() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let count = 4000
        let configurations: [SQLiteBotStore.Options] = [
            .init(maxBatchSize: 1),
            .init(),
            .init(durability: .powerLoss, maxBatchSize: 1),
            .init(durability: .powerLoss),
        ]
        for options in configurations {
            let rounds = options.durability == .powerLoss && options.maxBatchSize == 1 ? count / 20 : count
            let result = try await InboxBenchmark.run(
                directory: directory.url, count: rounds, concurrency: 32, options: options)
            print("inbox benchmark:", result)
            #expect(result.inserts == rounds)
            #expect(result.transactions >= 1)
        }
    }
}
