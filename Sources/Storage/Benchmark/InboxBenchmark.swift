import Foundation

/// Measures inbox write throughput the way the webhook produces it: `concurrency` callers (think HTTP
/// connections), each recording messages one after another and waiting for each commit.
///
/// Compare `maxBatchSize: 1` (one transaction per message) with the default (group commit).
public enum InboxBenchmark {
    /// One measurement.
    public struct Result: Sendable, CustomStringConvertible {
        public var inserts: Int
        public var concurrency: Int
        public var seconds: Double
        public var transactions: Int
        public var maxBatchSize: Int
        public var durability: SQLiteBotStore.Options.Durability

        public var insertsPerSecond: Double { Double(inserts) / seconds }
        /// Average writes per committed transaction.
        public var averageGroupSize: Double { transactions == 0 ? 0 : Double(inserts) / Double(transactions) }

        public var description: String {
            let rate = Int(insertsPerSecond.rounded())
            let group = (averageGroupSize * 10).rounded() / 10
            return "\(inserts) inserts, \(concurrency) concurrent, maxBatch \(maxBatchSize), \(durability): "
                + "\(rate)/s, \(transactions) transactions (avg group \(group))"
        }
    }

    /// Writes `count` distinct messages into a fresh database file in `directory` (deleted afterwards).
    public static func run(
        directory: URL, count: Int, concurrency: Int, options: SQLiteBotStore.Options = .init()
    ) async throws -> Result {
        let path = directory.appendingPathComponent("inbox-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteBotStore(path: path, options: options)
        let workers = max(1, concurrency)
        let perWorker = max(1, count / workers)
        let payload = String(repeating: "x", count: 600)  // about a Telegram update
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in 0..<perWorker {
                        _ = try await store.recordInbound(
                            InboundRecord(
                                dedupeKey: "telegram:\(worker):\(index)", platform: "telegram",
                                userID: "u\(index % 500)", chatID: "c\(index % 500)", text: "Ngày bầu cử là ngày nào?",
                                receivedAt: Date(), payload: payload))
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let statistics = store.writeStatistics
        try store.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(
            inserts: perWorker * workers, concurrency: workers, seconds: seconds,
            transactions: statistics.transactions, maxBatchSize: options.maxBatchSize,
            durability: options.durability)
    }
}
