import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// Deletes what the retention policy says is too old, in small batches with pauses between them, so the
/// webhook's writes (which share the one SQLite writer) wait at most one short delete.
public final class Retention: Sendable {
    public struct Status: Sendable {
        public var policy: RetentionPolicy
        public var lastRunAt: Date?
        public var lastDeleted: PruneReport
        public var totalDeleted: Int
        public var lastError: String?
    }

    let store: any RetentionStore
    let policy: RetentionPolicy
    let batch: Int
    let metrics: BotMetrics
    let logger: Logger
    let now: @Sendable () -> Date
    private let state: Mutex<Status>

    public init(
        store: any RetentionStore, policy: RetentionPolicy, batch: Int, metrics: BotMetrics, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.policy = policy
        self.batch = batch
        self.metrics = metrics
        self.logger = logger
        self.now = now
        state = Mutex(Status(policy: policy, lastRunAt: nil, lastDeleted: PruneReport(), totalDeleted: 0))
    }

    public var status: Status { state.withLock { $0 } }

    /// One pass: batches until nothing old is left. Returns what it deleted.
    @discardableResult
    public func runOnce(pause: Duration = .milliseconds(20)) async -> PruneReport {
        var total = PruneReport()
        do {
            while !Task.isCancelled {
                let report = try await store.prune(policy: policy, now: now(), batch: batch, dryRun: false)
                total = total + report
                metrics.pruned(report)
                // Every table came back short of a batch: nothing old is left.
                let full = [report.conversations, report.unanswered, report.inbox, report.outbox, report.audit]
                    .contains { $0 >= batch }
                if !full { break }
                try await Task.sleep(for: pause)
            }
            state.withLock {
                $0.lastRunAt = now()
                $0.lastDeleted = total
                $0.totalDeleted += total.total
                $0.lastError = nil
            }
            if total.total > 0 { logger.info("retention pruned old rows", metadata: ["deleted": "\(total)"]) }
        } catch is CancellationError {
        } catch {
            state.withLock {
                $0.lastError = "\(error)"
                $0.lastDeleted = total
            }
            logger.error("retention could not prune", metadata: ["error": "\(error)"])
        }
        return total
    }
}

/// Runs ``Retention`` at start and then every `interval` until shutdown.
public struct RetentionService: Service {
    let retention: Retention
    let interval: Duration

    public init(retention: Retention, interval: Duration) {
        self.retention = retention
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await retention.runOnce()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
