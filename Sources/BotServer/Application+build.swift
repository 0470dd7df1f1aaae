import Channels
import CurlTransport
import ElectionKnowledge
import Foundation
import Hummingbird
import JSONWire
import Logging
import ServiceLifecycle
import Storage

/// Everything a running bot is made of; the binary and the tests build it the same way.
public struct BotDependencies: Sendable {
    public var config: BotConfig
    public var store: any BotStore
    public var knowledge: KnowledgeHolder
    public var transport: any HTTPTransport
    public var metrics: Metrics
    public var logger: Logger

    public init(
        config: BotConfig, store: any BotStore, knowledge: KnowledgeHolder, transport: any HTTPTransport,
        metrics: Metrics = Metrics(), logger: Logger
    ) {
        self.config = config
        self.store = store
        self.knowledge = knowledge
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
    }
}

/// Builds the Hummingbird application: webhook routes, health and metrics, the answering pipeline and the
/// delivery workers as services that drain on SIGTERM/SIGINT.
public func buildApplication(
    _ deps: BotDependencies, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async -> some ApplicationProtocol {
    let logger = deps.logger
    let doorbell = Doorbell()
    var identity: TelegramBotIdentity?
    if let tg = deps.config.telegram {
        identity = await fetchTelegramIdentity(tg, transport: deps.transport, logger: logger)
    }
    let pipeline = InboundPipeline(
        store: deps.store, knowledge: deps.knowledge, metrics: deps.metrics, doorbell: doorbell, logger: logger)
    let delivery = DeliveryService(
        store: deps.store, transport: deps.transport, config: deps.config, metrics: deps.metrics, doorbell: doorbell,
        logger: logger)
    let reminders = ReminderScheduler(
        store: deps.store, knowledge: deps.knowledge, grace: deps.config.delivery.reminderGrace, doorbell: doorbell,
        logger: logger)
    let routes = WebhookRoutes(deps: deps, pipeline: pipeline, telegramIdentity: identity)
    let router = Router()
    routes.register(on: router)

    logger.info(
        "electionbot starting",
        metadata: [
            "channels":
                "\(deps.config.enabledChannels.isEmpty ? "none (ask locally with `electionbot ask`)" : deps.config.enabledChannels.joined(separator: ", "))",
            "kb.version": "\(deps.knowledge.snapshot.version)", "intents": "\(deps.knowledge.snapshot.intents.count)",
        ])
    return Application(
        router: router,
        configuration: .init(address: .hostname(deps.config.host, port: deps.config.port), serverName: "electionbot"),
        services: [
            PipelineService(pipeline: pipeline), DeliveryWorkers(delivery: delivery, lane: .reply),
            DeliveryWorkers(delivery: delivery, lane: .broadcast), DeliveryWorkers(delivery: delivery, lane: .reminder),
            ReminderService(scheduler: reminders),
        ],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// Learns the bot's username and id (for @mentions and replies in groups). The bot still runs without it.
func fetchTelegramIdentity(_ tg: BotConfig.Telegram, transport: any HTTPTransport, logger: Logger) async
    -> TelegramBotIdentity?
{
    let request = TelegramAPI(token: tg.token).getMe()
    do {
        let response = try await transport.send(
            CurlTransport.HTTPRequest(
                method: request.method, url: request.url(baseURL: tg.apiBase), headers: request.headers,
                body: request.body,
                timeout: .seconds(5)))
        let identity = try TelegramAPI.parseGetMe(response.body)
        logger.info("telegram bot identity", metadata: ["username": "\(identity.username)"])
        return identity
    } catch {
        logger.warning("telegram getMe failed; group mentions will not be recognised", metadata: ["error": "\(error)"])
        return nil
    }
}

/// Answers recorded messages; on shutdown it finishes the queue it has, then stops.
struct PipelineService: Service {
    let pipeline: InboundPipeline
    func run() async throws {
        await withGracefulShutdownHandler {
            await pipeline.run()
        } onGracefulShutdown: {
            pipeline.finish()
        }
    }
}

/// Sends one lane of the outbox; on shutdown the rows in flight finish (or keep their lease and resume at the
/// next start).
struct DeliveryWorkers: Service {
    let delivery: DeliveryService
    var lane: OutboxLane = .reply
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await delivery.run(lane: lane)
        }
    }
}

/// Queues due reminders every minute; stops at shutdown (the next start catches up within the grace).
struct ReminderService: Service {
    let scheduler: ReminderScheduler
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await scheduler.run()
        }
    }
}
