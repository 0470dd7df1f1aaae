import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        /// CPU time of the whole process (callers, writer, SQLite, kernel) during the run; unlike the rate, it
        /// hardly depends on what else the machine is doing.
        public var cpuSeconds: Double
        public var transactions: Int
        /// Latency of one `recordInbound` call (what the webhook waits before its 200), in microseconds.
        public var latencyP50Micros: Double
        public var latencyP99Micros: Double
        public var latencyMaxMicros: Double
        public var maxBatchSize: Int
        public var durability: SQLiteBotStore.Options.Durability

        public var insertsPerSecond: Double { Double(inserts) / seconds }
        /// Average writes per committed transaction.
        public var averageGroupSize: Double { transactions == 0 ? 0 : Double(inserts) / Double(transactions) }
        /// Process CPU microseconds per insert.
        public var cpuMicrosPerInsert: Double { cpuSeconds * 1e6 / Double(inserts) }

        public var description: String {
            let rate = Int(insertsPerSecond.rounded())
            let group = (averageGroupSize * 10).rounded() / 10
            let cpu = Int(cpuMicrosPerInsert.rounded())
            return "\(inserts) inserts, \(concurrency) concurrent, maxBatch \(maxBatchSize), \(durability): "
                + "\(rate)/s, \(cpu) µs CPU/insert, \(transactions) transactions (avg group \(group)), "
                + "latency p50 \(Int(latencyP50Micros)) µs, p99 \(Int(latencyP99Micros)) µs, "
                + "max \(Int(latencyMaxMicros)) µs"
        }
    }

    /// Writes `count` (≥ 1) distinct messages, each with a `payloadBytes` opaque payload, into a fresh
    /// database file in `directory` (deleted afterwards).
    public static func run(
        directory: URL, count: Int, concurrency: Int, payloadBytes: Int = 600,
        options: SQLiteBotStore.Options = .init()
    ) async throws -> Result {
        let path = directory.appendingPathComponent("inbox-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteBotStore(path: path, options: options)
        let workers = max(1, min(concurrency, count))
        let payload = String(repeating: "x", count: payloadBytes)  // 600 B is about a Telegram update
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<workers {
                let share = count / workers + (worker < count % workers ? 1 : 0)
                group.addTask {
                    var latencies: [Duration] = []
                    latencies.reserveCapacity(share)
                    for index in 0..<share {
                        let callStart = ContinuousClock.now
                        _ = try await store.recordInbound(
                            InboundRecord(
                                dedupeKey: "telegram:\(worker):\(index)", platform: "telegram",
                                userID: "u\(index % 500)", chatID: "c\(index % 500)", text: "Ngày bầu cử là ngày nào?",
                                receivedAt: Date(), payload: payload))
                        latencies.append(ContinuousClock.now - callStart)
                    }
                    return latencies
                }
            }
            var all: [Duration] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let elapsed = ContinuousClock.now - start
        let cpuSeconds = processCPUSeconds() - cpuStart
        let statistics = store.writeStatistics
        try await store.close()
        func micros(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
        }
        func percentile(_ p: Double) -> Double {
            micros(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
        }
        let seconds = micros(elapsed) / 1e6
        return Result(
            inserts: count, concurrency: workers, seconds: seconds, cpuSeconds: cpuSeconds,
            transactions: statistics.transactions, latencyP50Micros: percentile(0.5),
            latencyP99Micros: percentile(0.99), latencyMaxMicros: latencies.last.map(micros) ?? 0,
            maxBatchSize: options.maxBatchSize,
            durability: options.durability)
    }

    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
