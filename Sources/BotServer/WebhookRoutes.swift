import Channels
import ElectionKnowledge
import Foundation
import HTTPTypes
import Hummingbird
import JSONWire
import Logging
import NIOCore
import Storage

/// The HTTP edge: read the raw body under a size cap, verify it, parse it, record it, acknowledge.
/// Typed errors from the channels become status codes only here; nothing internal reaches the platform.
struct WebhookRoutes: Sendable {
    let deps: BotDependencies
    let pipeline: InboundPipeline
    let telegramIdentity: TelegramBotIdentity?

    static let telegramSecretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!
    static let messengerSignatureHeader = HTTPField.Name("X-Hub-Signature-256")!
    static let zaloSignatureHeader = HTTPField.Name("X-ZEvent-Signature")!

    func register(on router: Router<BasicRequestContext>) {
        router.post("/webhook/telegram") { request, context in
            try await timed("telegram") { try await telegram(request, context) }
        }
        router.get("/webhook/messenger") { request, _ in
            try await timed("messenger_handshake") { messengerHandshake(request) }
        }
        router.post("/webhook/messenger") { request, context in
            try await timed("messenger") { try await messenger(request, context) }
        }
        router.post("/webhook/zalo") { request, context in
            try await timed("zalo") { try await zalo(request, context) }
        }
        router.get("/healthz") { _, _ in await health() }
        if deps.config.benchBareRoute {
            router.post("/bench/bare") { request, _ in
                _ = try await request.body.collect(upTo: deps.config.maxBodyBytes)
                return Self.plain(.ok, "ok")
            }
        }
        router.get("/metrics") { _, _ in
            if let sqlite = deps.store as? SQLiteBotStore {
                // Group commit at work: writes per transaction is the average group size.
                let statistics = sqlite.writeStatistics
                deps.metrics.set(
                    "electionbot_store_transactions", Double(statistics.transactions),
                    help: "Write transactions committed since start")
                deps.metrics.set(
                    "electionbot_store_writes", Double(statistics.writes),
                    help: "Writes committed since start (several share a transaction under load)")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: deps.metrics.render())))
        }
    }

    /// Counts every webhook request by route and status, and times it.
    func timed(_ route: String, _ handler: () async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            deps.metrics.increment(
                "electionbot_requests_total", [("route", route), ("status", "\(status)")], help: "Webhook requests")
            deps.metrics.observe(
                "electionbot_request_seconds", seconds: (ContinuousClock.now - start).seconds, [("route", route)],
                help: "Webhook request handling time")
        }
        do {
            let response = try await handler()
            status = response.status.code
            return response
        } catch let error as NIOTooManyBytesError {
            status = 413
            deps.logger.notice("webhook body too large", metadata: ["route": "\(route)"])
            throw error
        } catch let error as HTTPError {
            status = error.status.code
            throw error
        }
    }

    func readBody(_ request: Request) async throws -> [UInt8] {
        let buffer = try await request.body.collect(upTo: deps.config.maxBodyBytes)
        return Array(buffer.readableBytesView)
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String = "") -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func refused(_ channel: Platform, _ error: WebhookAuthError, status: HTTPResponse.Status) -> Response {
        // WebhookAuthError's description never contains a secret.
        deps.logger.warning("webhook refused", metadata: ["channel": "\(channel.rawValue)", "reason": "\(error)"])
        return Self.plain(status, "forbidden")
    }

    func malformed(_ channel: Platform, _ error: Channels.ChannelError) -> Response {
        deps.logger.notice("malformed webhook body", metadata: ["channel": "\(channel.rawValue)", "error": "\(error)"])
        return Self.plain(.badRequest, "malformed request body")
    }

    // MARK: Telegram

    func telegram(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let tg = deps.config.telegram else { return Self.plain(.notFound, "telegram is not configured") }
        let body = try await readBody(request)
        if let secret = tg.secretToken {
            do {
                try TelegramWebhook.verify(
                    secretTokenHeader: request.headers[Self.telegramSecretHeader], secretToken: secret)
            } catch {
                return refused(.telegram, error, status: .unauthorized)
            }
        }
        let events: [InboundEvent]
        do {
            events = try TelegramWebhook.parse(
                body, botUsername: telegramIdentity?.username, botID: telegramIdentity?.id)
        } catch {
            return malformed(.telegram, error)
        }
        return try await accept(events)
    }

    // MARK: Messenger

    func messengerHandshake(_ request: Request) -> Response {
        guard let fb = deps.config.messenger else { return Self.plain(.notFound, "messenger is not configured") }
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        guard let challenge = MessengerWebhook.handshake(query: query, verifyToken: fb.verifyToken) else {
            deps.logger.warning("messenger verification refused")
            return Self.plain(.forbidden, "forbidden")
        }
        return Self.plain(.ok, challenge)
    }

    func messenger(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let fb = deps.config.messenger else { return Self.plain(.notFound, "messenger is not configured") }
        let body = try await readBody(request)
        do {
            try MessengerWebhook.verify(
                body: body, signatureHeader: request.headers[Self.messengerSignatureHeader], appSecret: fb.appSecret)
        } catch {
            return refused(.messenger, error, status: .forbidden)
        }
        let events: [InboundEvent]
        do {
            events = try MessengerWebhook.parse(body)
        } catch {
            return malformed(.messenger, error)
        }
        return try await accept(events)
    }

    // MARK: Zalo

    func zalo(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let z = deps.config.zalo else { return Self.plain(.notFound, "zalo is not configured") }
        let body = try await readBody(request)
        do {
            let variant = try ZaloWebhook.verify(
                body: body, signatureHeader: request.headers[Self.zaloSignatureHeader], appID: z.appID,
                oaSecretKey: z.oaSecretKey)
            deps.metrics.increment(
                "electionbot_zalo_signature_variant_total", [("variant", variant.rawValue)],
                help: "Which Zalo signature form matched")
        } catch {
            return refused(.zalo, error, status: .unauthorized)
        }
        let events: [InboundEvent]
        do {
            events = try ZaloWebhook.parse(body)
        } catch {
            return malformed(.zalo, error)
        }
        return try await accept(events)
    }

    // MARK: common

    /// Records each event durably before the 200; a store failure answers 500 so the platform redelivers.
    func accept(_ events: [InboundEvent]) async throws -> Response {
        for event in events {
            switch event {
            case .message(let m):
                switch deps.config.benchStage {
                case nil: _ = try await pipeline.record(m)
                case .record: _ = try await pipeline.record(m, answering: false)
                case .parse: continue
                }
            case .userBlocked(let platform, let userID, let chatID, let reason):
                try await deps.store.markUnreachable(platform: platform.rawValue, userID: chatID, reason: reason)
                if userID != chatID {
                    try await deps.store.markUnreachable(platform: platform.rawValue, userID: userID, reason: reason)
                }
            case .ignored(let reason):
                deps.metrics.increment(
                    "electionbot_ignored_updates_total", [("reason", reason)],
                    help: "Webhook updates the bot does not handle")
            }
        }
        return Self.plain(.ok, "ok")
    }

    func health() async -> Response {
        let store = await deps.store.health()
        let kb = deps.knowledge.snapshot
        var depth: [(String, JSONValue)] = []
        for lane in OutboxLane.allCases { depth.append((lane.rawValue, .int(Int64(store.outboxDepth[lane] ?? 0)))) }
        let body: JSONValue = .object(
            JSONObject([
                ("status", .string(store.ok ? "ok" : "degraded")),
                (
                    "store",
                    .object(
                        JSONObject([
                            ("ok", .bool(store.ok)), ("schema_version", .int(Int64(store.schemaVersion))),
                            ("outbox_depth", .object(JSONObject(depth))),
                        ]))
                ),
                (
                    "knowledge",
                    .object(
                        JSONObject([
                            ("version", .string(kb.version)), ("intents", .int(Int64(kb.intents.count))),
                            ("milestones", .int(Int64(kb.milestones.count))),
                            ("directory", .string(deps.knowledge.directory)),
                        ]))
                ),
                ("channels", .array(deps.config.enabledChannels.map { .string($0) })),
            ]))
        return Response(
            status: store.ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWire.serializedString(body))))
    }
}
