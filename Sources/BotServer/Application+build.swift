import BotCore
import Channels
import Configuration
import CurlTransport
import ElectionKnowledge
import Foundation
import Hummingbird
import IntentFiles
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Storage

/// Everything a running bot is made of; the binary and the tests build it the same way.
public struct BotDependencies: Sendable {
    public var config: BotConfig
    public var store: any BotStore
    public var knowledge: KnowledgeHolder
    public var transport: any HTTPTransport
    public var metrics: BotMetrics
    public var logger: Logger

    public init(
        config: BotConfig, store: any BotStore, knowledge: KnowledgeHolder, transport: any HTTPTransport,
        metrics: BotMetrics = BotMetrics(), logger: Logger
    ) {
        self.config = config
        self.store = store
        self.knowledge = knowledge
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
    }
}

/// Why the application could not be built from its configuration.
public enum StartupError: Error, CustomStringConvertible {
    case configuration(BotConfig.ConfigError)
    case knowledge(IntentLoadError)
    case store(path: String, any Error)

    public var description: String {
        switch self {
        case .configuration(let e): e.description
        case .knowledge(let e): e.description
        case .store(let path, let e): "cannot open the database \(path): \(e)"
        }
    }
}

/// Builds the whole bot from configuration, as `electionbot serve` runs it: the knowledge files, the SQLite
/// store and the libcurl transport are opened here and closed by the application's lifecycle, after every
/// service that uses them has stopped (SIGTERM or SIGINT).
public func buildApplication(
    reader: ConfigReader, metrics: BotMetrics = BotMetrics(), logger: Logger, hooks: BenchmarkHooks = .none,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws(StartupError) -> some ApplicationProtocol {
    let config: BotConfig
    do { config = try BotConfig.load(reader) } catch { throw .configuration(error) }
    let knowledge: KnowledgeHolder
    do { knowledge = try KnowledgeHolder(directory: config.intentsDirectory) } catch { throw .knowledge(error) }
    let store: SQLiteBotStore
    do { store = try SQLiteBotStore(path: config.databasePath) } catch {
        throw .store(path: config.databasePath, error)
    }
    let transport = CurlHTTPClient(
        configuration: .init(
            connectTimeout: config.delivery.connectTimeout, requestTimeout: config.delivery.requestTimeout),
        logger: logger)
    let deps = BotDependencies(
        config: config, store: store, knowledge: knowledge, transport: transport, metrics: metrics, logger: logger)
    return await buildApplication(
        deps,
        resources: [.store(store, logger: logger), .transport(transport, logger: logger)], hooks: hooks,
        onServerRunning: onServerRunning)
}

/// Builds the Hummingbird application around given dependencies (tests inject fakes here): webhook routes,
/// health and metrics, the answering pipeline, the delivery lanes and the reminder scheduler as services that
/// drain on SIGTERM/SIGINT. `resources` are closed after all of them.
public func buildApplication(
    _ deps: BotDependencies, resources: [ResourceService] = [], hooks: BenchmarkHooks = .none,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async -> some ApplicationProtocol {
    let logger = deps.logger
    let doorbell = Doorbell()
    var identity: TelegramBotIdentity?
    if let tg = deps.config.telegram {
        if tg.secretToken == nil {
            logger.warning(
                """
                telegram webhook accepts updates without a secret token (--insecure-no-telegram-secret): \
                anyone who knows its URL can post as any user; set TELEGRAM_SECRET_TOKEN
                """)
        }
        identity = await fetchTelegramIdentity(tg, transport: deps.transport, logger: logger)
    }
    let pipeline = InboundPipeline(
        store: deps.store, knowledge: deps.knowledge, metrics: deps.metrics, doorbell: doorbell, logger: logger,
        beforeSettling: hooks.beforeSettling)
    let delivery = DeliveryService(
        store: deps.store, transport: deps.transport, config: deps.config, metrics: deps.metrics, doorbell: doorbell,
        logger: logger)
    await delivery.prepare()
    let reminders = ReminderScheduler(
        store: deps.store, knowledge: deps.knowledge, grace: deps.config.delivery.reminderGrace, doorbell: doorbell,
        logger: logger)
    let reloader = KnowledgeReloader(knowledge: deps.knowledge, metrics: deps.metrics, logger: logger)
    let retention = Retention(
        store: deps.store, policy: deps.config.retention.policy, batch: deps.config.retention.batch,
        metrics: deps.metrics, logger: logger)
    let router = Router(context: BotRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    WebhookRoutes(deps: deps, pipeline: pipeline, telegramIdentity: identity, hooks: hooks).register(on: router)
    AdminRoutes(deps: deps, reloader: reloader, doorbell: doorbell, failures: FailedLogins()).register(on: router)
    ConsoleRoutes(directory: deps.config.consoleDirectory).register(on: router)
    let operations = OperationsRoutes(deps: deps, pipeline: pipeline, retention: retention)
    operations.register(on: router)
    MethodRoutes(health: { await operations.health() }).register(on: router)
    if hooks.bareRoute {
        router.post("/bench/bare") { request, _ in
            _ = try await request.body.collect(upTo: deps.config.maxBodyBytes)
            return WebhookRoutes.plain(.ok, "ok")
        }
    }

    logger.info(
        "electionbot starting",
        metadata: [
            "channels":
                "\(deps.config.enabledChannels.isEmpty ? "none (ask locally with `electionbot ask`)" : deps.config.enabledChannels.joined(separator: ", "))",
            "kb.version": "\(deps.knowledge.snapshot.version)", "intents": "\(deps.knowledge.snapshot.intents.count)",
        ])
    // The service group stops services in reverse order: the resources, listed first, close last.
    let services: [any Service] =
        resources + [
            PipelineService(pipeline: pipeline), DeliveryLaneService(delivery: delivery, lane: .reply),
            DeliveryLaneService(delivery: delivery, lane: .broadcast),
            DeliveryLaneService(delivery: delivery, lane: .reminder), ReminderService(scheduler: reminders),
            KnowledgeSignalService(reloader: reloader),
            RetentionService(retention: retention, interval: deps.config.retention.interval),
        ] + (deps.config.knowledgeWatchInterval.map { [KnowledgeWatchService(reloader: reloader, interval: $0)] } ?? [])
    let limits = deps.config.connections
    let governor = ConnectionGovernor(
        maxConnections: ConnectionGovernor.effectiveCap(configured: limits.maxConnections, logger: logger),
        metrics: deps.metrics, logger: logger)
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionGuardHandler(governor: governor, limits: limits)],
                idleTimeout: TimeAmount(limits.idleTimeout))),
        configuration: .init(address: .hostname(deps.config.host, port: deps.config.port), serverName: "electionbot"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// Learns the bot's username and id (for @mentions and replies in groups). The bot still runs without it.
func fetchTelegramIdentity(_ tg: BotConfig.Telegram, transport: any HTTPTransport, logger: Logger) async
    -> TelegramBotIdentity?
{
    let request = TelegramAPI(token: tg.token).getMe()
    guard let http = TransportRequest(request, baseURL: tg.apiBase, timeout: .seconds(5)) else { return nil }
    do {
        let response = try await transport.send(http)
        let identity = try TelegramAPI.parseGetMe(response.body)
        logger.info("telegram bot identity", metadata: ["telegram.username": "\(identity.username)"])
        return identity
    } catch {
        logger.warning("telegram getMe failed; group mentions will not be recognised", metadata: ["error": "\(error)"])
        return nil
    }
}
