import CurlTransport
import Logging
import ServiceLifecycle
import Storage

/// Answers recorded messages; on shutdown it finishes the queue it has, then stops.
public struct PipelineService: Service {
    let pipeline: InboundPipeline
    public init(pipeline: InboundPipeline) { self.pipeline = pipeline }
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                // The recovery loop lives as long as the answering task: cancelled when the queue has drained.
                group.addTask { await pipeline.runRecovery() }
                await pipeline.run()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            pipeline.finish()
        }
    }
}

/// Sends one lane of the outbox; on shutdown the rows in flight finish (or keep their lease and resume at the
/// next start).
public struct DeliveryLaneService: Service {
    let delivery: DeliveryService
    let lane: OutboxLane
    public init(delivery: DeliveryService, lane: OutboxLane) {
        self.delivery = delivery
        self.lane = lane
    }
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await delivery.run(lane: lane)
        }
    }
}

/// Queues due reminders every minute; stops at shutdown (the next start catches up within the grace).
public struct ReminderService: Service {
    let scheduler: ReminderScheduler
    public init(scheduler: ReminderScheduler) { self.scheduler = scheduler }
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await scheduler.run()
        }
    }
}

/// Holds a resource open for the application's lifetime and closes it when the service group shuts down.
///
/// A service group stops its services in the reverse order of the list, so a resource placed before the
/// services that use it is closed after them: the store after the pipeline's last settle and the delivery
/// lanes' last mark, the curl workers after the last send.
public struct ResourceService: Service {
    let name: String
    let close: @Sendable () async -> Void
    let logger: Logger

    public init(name: String, logger: Logger, close: @escaping @Sendable () async -> Void) {
        self.name = name
        self.logger = logger
        self.close = close
    }

    public func run() async throws {
        // Sleeps until shutdown; closing happens whatever ends the wait (graceful shutdown or cancellation).
        try? await gracefulShutdown()
        await close()
        logger.debug("closed", metadata: ["resource": "\(name)"])
    }

    /// The store, closed last.
    public static func store(_ store: any BotStore, logger: Logger) -> ResourceService {
        ResourceService(name: "store", logger: logger) {
            do { try await store.close() } catch {
                logger.error("the store did not close cleanly", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The libcurl workers, shut down off the cooperative pool (joining their threads blocks).
    public static func transport(_ client: CurlHTTPClient, logger: Logger) -> ResourceService {
        ResourceService(name: "http-transport", logger: logger) { await client.shutdown() }
    }
}
