import BotCore
import Channels
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Storage

/// The HTTP edge shared by the three platforms: read the raw body under a size cap, verify it, parse it,
/// record it, acknowledge. Typed errors from the channels become status codes only here; nothing internal
/// reaches the platform. Each platform's routes are in their own file.
struct WebhookRoutes: Sendable {
    let deps: BotDependencies
    let pipeline: InboundPipeline
    let telegramIdentity: TelegramBotIdentity?
    let hooks: BenchmarkHooks

    func register(on router: Router<BotRequestContext>) {
        registerTelegram(on: router)
        registerMessenger(on: router)
        registerZalo(on: router)
    }

    /// Counts every webhook request by route and status, and times it.
    func timed(
        _ route: String, _ context: BotRequestContext, _ handler: () async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer { deps.metrics.webhookRequest(route: route, status: status, duration: ContinuousClock.now - start) }
        do {
            let response = try await handler()
            status = response.status.code
            return response
        } catch let error as NIOTooManyBytesError {
            status = 413
            // The client's doing, not ours: debug, and counted in electionbot_requests_total{status="413"}.
            context.logger.debug("webhook body too large", metadata: ["route": "\(route)"])
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

    func refused(
        _ channel: Platform, _ error: WebhookAuthError, status: HTTPResponse.Status, _ context: BotRequestContext
    ) -> Response {
        // WebhookAuthError's description never contains a secret. A forged or misconfigured caller is the
        // client's failure: debug level, counted by status in the request metrics.
        context.logger.debug("webhook refused", metadata: ["channel": "\(channel.rawValue)", "reason": "\(error)"])
        return Self.plain(status, "forbidden")
    }

    func malformed(_ channel: Platform, _ error: Channels.ChannelError, _ context: BotRequestContext) -> Response {
        context.logger.debug(
            "malformed webhook body", metadata: ["channel": "\(channel.rawValue)", "error": "\(error)"])
        return Self.plain(.badRequest, "malformed request body")
    }

    /// Records each event durably before the 200; a store failure answers 500 so the platform redelivers.
    /// The message's dedupe key is its correlation id: logged here with the request id, and carried by the
    /// inbox row, the conversation log and the outbox row of its reply.
    func accept(_ events: [InboundEvent], _ context: BotRequestContext) async throws -> Response {
        if hooks.stage == nil, pipeline.backlog >= deps.config.maxBacklog,
            let platform = events.lazy.compactMap({ event -> Platform? in
                if case .message(let m) = event { m.platform } else { nil }
            }).first
        {
            // Nothing is recorded: the platform redelivers after Retry-After, when the backlog has drained.
            deps.metrics.admissionRefused(platform: platform.rawValue)
            context.logger.debug("backlog at its limit; webhook refused for now", metadata: ["channel": "\(platform)"])
            var response = Self.plain(.serviceUnavailable, "busy, retry later")
            response.headers[.retryAfter] = "30"
            return response
        }
        for event in events {
            switch event {
            case .message(let m):
                context.logger.debug("webhook message recorded", metadata: ["correlation.id": "\(m.dedupeKey)"])
                switch hooks.stage {
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
                deps.metrics.ignoredUpdate(kind: IgnoredKind.label(for: reason))
                context.logger.debug("update ignored", metadata: ["reason": "\(reason)"])
            }
        }
        return Self.plain(.ok, "ok")
    }
}

/// Benchmarks only, set by code and never by configuration: a bare route to compare against, and where a
/// webhook message's handling stops, so that each stage's cost can be measured in the same server.
public struct BenchmarkHooks: Sendable {
    public enum Stage: String, Sendable {
        /// Verify and parse, then 200: nothing stored, nothing answered.
        case parse
        /// Also record it in the inbox (durably, before the 200), but never answer it.
        case record
    }

    /// Adds `POST /bench/bare` (reads the body, answers 200).
    public var bareRoute = false
    public var stage: Stage?
    /// Tests only: runs between answering a batch and writing it (see `InboundPipeline`).
    public var beforeSettling: (@Sendable () async -> Void)?

    public init(bareRoute: Bool = false, stage: Stage? = nil) {
        self.bareRoute = bareRoute
        self.stage = stage
    }

    /// Production: no hook.
    public static let none = BenchmarkHooks()
}

/// The `reason` label of `electionbot_ignored_updates_total`: the parsers' reasons can carry a key of the
/// request body ("unsupported update …"), so they are mapped onto a closed set before becoming a label.
enum IgnoredKind {
    static let known: Set<String> = [
        "message without chat", "channel message", "message from a bot", "message without text",
        "command for another bot", "callback query without id or sender", "my_chat_member without chat",
        "edited message", "channel post", "edited channel post", "business message",
        "echo of the page's own message", "event without sender", "message without mid", "page change",
        "postback without payload", "standby event (another app owns the thread)", "unsupported messaging event",
    ]
    /// Reasons whose tail names something from the body: only the head becomes the label.
    static let prefixes = [
        "bot membership is now", "attachment without text", "unsupported update", "object ",
    ]

    static func label(for reason: String) -> String {
        if known.contains(reason) { return reason }
        if let prefix = prefixes.first(where: reason.hasPrefix) {
            return prefix.trimmingCharacters(in: .whitespaces)
        }
        return "other"
    }
}
