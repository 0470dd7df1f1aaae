import Channels
import CurlTransport
import Foundation
import JSONWire
import Logging
import Storage

/// Sends queued outbox rows through libcurl, one worker loop per lane (``run(lane:)``): replies are paced by the
/// per-platform limiters, broadcasts and reminders by their own (``BotConfig/Delivery/broadcastRate``).
///
/// Rows of different chats go out concurrently, rows of one chat in order. Each platform reply is classified:
/// delivered, retry with exponential backoff and jitter, wait `retry_after` (pausing the whole platform),
/// refresh the Zalo token and retry once, or give up — marking the user unreachable when the platform
/// says they cannot be reached. A crash mid-send leaves the row leased; it is taken again when the lease expires.
public final class DeliveryService: Sendable {
    let store: any BotStore
    let transport: any HTTPTransport
    let config: BotConfig
    let metrics: Metrics
    let doorbell: Doorbell
    let logger: Logger
    let senders: [Platform: any PlatformSender]
    let limiters: [Platform: RateLimiter]
    /// The broadcast and reminder lanes' own pacing (``BotConfig/Delivery/broadcastRate``), so that a large
    /// broadcast never takes the slots of citizens' replies.
    let bulkLimiters: [Platform: RateLimiter]

    public init(
        store: any BotStore, transport: any HTTPTransport, config: BotConfig, metrics: Metrics, doorbell: Doorbell,
        logger: Logger, telegramIdentity: TelegramBotIdentity? = nil
    ) {
        self.store = store
        self.transport = transport
        self.config = config
        self.metrics = metrics
        self.doorbell = doorbell
        self.logger = logger
        var senders: [Platform: any PlatformSender] = [:]
        var limiters: [Platform: RateLimiter] = [:]
        var bulk: [Platform: RateLimiter] = [:]
        let bulkRate = config.delivery.broadcastRate
        // A small burst: a broadcast starts at its pace instead of spending a whole second's quota at once.
        let bulkBurst = max(1, bulkRate / 5)
        if let t = config.telegram {
            senders[.telegram] = TelegramSender(config: t)
            limiters[.telegram] = RateLimiter(
                ratePerSecond: config.delivery.telegramRate, chatInterval: config.delivery.telegramChatInterval)
            bulk[.telegram] = RateLimiter(
                ratePerSecond: bulkRate, burst: bulkBurst, chatInterval: config.delivery.telegramChatInterval)
        }
        if let m = config.messenger {
            senders[.messenger] = MessengerSender(config: m)
            limiters[.messenger] = RateLimiter(ratePerSecond: config.delivery.messengerRate)
            bulk[.messenger] = RateLimiter(ratePerSecond: bulkRate, burst: bulkBurst)
        }
        if let z = config.zalo {
            senders[.zalo] = ZaloSender(config: z, store: store, transport: transport, logger: logger)
            limiters[.zalo] = RateLimiter(ratePerSecond: config.delivery.zaloRate)
            bulk[.zalo] = RateLimiter(ratePerSecond: bulkRate, burst: bulkBurst)
        }
        self.senders = senders
        self.limiters = limiters
        self.bulkLimiters = bulk
    }

    /// Serves one lane until the task is cancelled (graceful shutdown): rows already claimed finish their send
    /// first. Run one loop per lane so that each keeps its own pace.
    public func run(lane: OutboxLane = .reply) async {
        while !Task.isCancelled {
            let worked = await deliverDueRows(lane: lane)
            if !worked { await doorbell.wait(timeout: config.delivery.pollInterval) }
        }
    }

    /// Rows claimed at once: replies in small batches; broadcast and reminder batches hold about one second
    /// of sends, so that a batch never outlives its lease.
    func batchSize(_ lane: OutboxLane) -> Int {
        lane == .reply ? 64 : max(16, min(512, Int(config.delivery.broadcastRate)))
    }

    /// Claims and sends one batch; returns whether there was anything to do.
    @discardableResult
    public func deliverDueRows(lane: OutboxLane = .reply) async -> Bool {
        let rows: [OutboxRow]
        do {
            rows = try await store.claim(
                lane: lane, limit: batchSize(lane), now: Date(), lease: config.delivery.lease)
        } catch {
            logger.error("outbox claim failed", metadata: ["error": "\(error)"])
            return false
        }
        guard !rows.isEmpty else { return false }
        var byChat: [String: [OutboxRow]] = [:]
        for r in rows { byChat[r.platform + ":" + r.chatID, default: []].append(r) }
        await withTaskGroup(of: Void.self) { group in
            for (_, chatRows) in byChat {
                group.addTask {
                    for row in chatRows.sorted(by: { $0.id < $1.id }) {
                        let ok = await self.deliver(row)
                        // Keep a chat's order: if one row waits, the next waits behind it.
                        if !ok { break }
                    }
                }
            }
        }
        await updateDepthGauge()
        return true
    }

    func updateDepthGauge() async {
        if let depth = try? await store.outboxDepth() {
            for lane in OutboxLane.allCases {
                metrics.set(
                    "electionbot_outbox_depth", Double(depth[lane] ?? 0), [("lane", lane.rawValue)],
                    help: "Rows waiting in the outbox")
            }
        }
    }

    /// Sends one row; returns false when the row had to wait (so later rows of the chat wait too).
    func deliver(_ row: OutboxRow) async -> Bool {
        let platformName = row.platform
        guard let platform = Platform(rawValue: platformName), let sender = senders[platform],
            let limiter = row.lane == .reply ? limiters[platform] : bulkLimiters[platform]
        else {
            _ = try? await store.markFailed(id: row.id, error: "channel \(platformName) is not configured")
            return true
        }
        guard var payload = ReplyPayload.decode(row.payload) else {
            _ = try? await store.markFailed(id: row.id, error: "unreadable payload")
            return true
        }
        if (try? await store.isUnreachable(platform: platformName, userID: row.chatID)) == true {
            _ = try? await store.markUnreachable(id: row.id, reason: "user marked unreachable earlier")
            return true
        }
        if platform == .messenger, row.lane != .reply {
            guard let type = await messengerProactiveType(chatID: row.chatID) else {
                _ = try? await store.markFailed(id: row.id, error: MessengerWindow.outsideReason)
                return true
            }
            payload.messengerType = type
        }
        let start = ContinuousClock.now
        let requests = sender.render(row: row, payload: payload)
        var lastMessageID: String?
        // Chunks already accepted by the platform are not sent again when the row is retried.
        let done = Int(
            row.lastError.flatMap {
                $0.hasPrefix("sent ") ? $0.dropFirst(5).split(separator: " ").first.flatMap { Int($0) } : nil
            } ?? 0)
        for (index, request) in requests.enumerated() where index >= done {
            do {
                try await limiter.acquire(chat: row.chatID)
            } catch {
                return false  // cancelled: the lease returns the row later
            }
            let outcome = await sender.send(request, transport: transport)
            metrics.increment(
                "electionbot_sends_total", [("platform", platformName), ("result", outcome.label)],
                help: "Platform send calls by result")
            switch outcome {
            case .delivered(let id):
                lastMessageID = id ?? lastMessageID
                continue
            case .retryAfter(let seconds, let wholeBot):
                let until = ContinuousClock.now + .seconds(seconds)
                if wholeBot { limiter.pause(until: until) }
                await reschedule(
                    row, after: .seconds(seconds), reason: "sent \(index) chunk(s); 429 retry after \(seconds) s")
                return false
            case .retry(let reason), .transport(let reason):
                await reschedule(
                    row, after: backoff(attempt: row.attempts), reason: "sent \(index) chunk(s); \(reason)")
                return false
            case .refreshToken:
                await reschedule(row, after: .seconds(1), reason: "sent \(index) chunk(s); access token refreshed")
                return false
            case .chatMigrated(let newChat):
                _ = try? await store.markFailed(id: row.id, error: "chat migrated to \(newChat)")
                return true
            case .unreachable(let reason):
                _ = try? await store.markUnreachable(platform: platformName, userID: row.chatID, reason: reason)
                _ = try? await store.markUnreachable(id: row.id, reason: reason)
                logger.info("user unreachable", metadata: ["channel": "\(platformName)", "reason": "\(reason)"])
                return true
            case .failed(let reason):
                _ = try? await store.markFailed(id: row.id, error: reason)
                logger.warning("send failed", metadata: ["channel": "\(platformName)", "reason": "\(reason)"])
                return true
            }
        }
        if let callback = payload.callbackQueryID, let answer = sender.answerCallback(id: callback) {
            // Telegram shows a spinner on the button until this call: always make it, its result does not matter.
            _ = await sender.send(answer, transport: transport)
        }
        _ = try? await store.markSent(id: row.id, platformMessageID: lastMessageID, at: Date())
        metrics.observe(
            "electionbot_send_seconds", seconds: (ContinuousClock.now - start).seconds, [("platform", platformName)],
            help: "Time to deliver one reply to the platform")
        return true
    }

    func reschedule(_ row: OutboxRow, after delay: Duration, reason: String) async {
        if row.attempts >= config.delivery.maxAttempts {
            _ = try? await store.markFailed(id: row.id, error: "gave up after \(row.attempts) attempts: \(reason)")
            return
        }
        _ = try? await store.reschedule(id: row.id, at: Date().addingTimeInterval(delay.seconds), error: reason)
    }

    /// Exponential backoff with ±50 % jitter, capped.
    func backoff(attempt: Int) -> Duration {
        let base = config.delivery.baseBackoff.seconds * pow(2, Double(max(0, attempt - 1)))
        let capped = min(base, config.delivery.maxBackoff.seconds)
        return .milliseconds(Int(capped * Double.random(in: 0.5...1.5) * 1000))
    }
}

/// The outcome of one send, including failures of the transport itself.
enum DeliveryOutcome: Sendable {
    case delivered(String?)
    case retryAfter(seconds: Int, wholeBot: Bool)
    case retry(String)
    case transport(String)
    case refreshToken
    case chatMigrated(String)
    case unreachable(String)
    case failed(String)

    init(_ outcome: SendOutcome) {
        switch outcome {
        case .delivered(let id): self = .delivered(id)
        case .retryAfter(let s, let whole): self = .retryAfter(seconds: s, wholeBot: whole)
        case .retry(let r): self = .retry(r)
        case .refreshToken: self = .refreshToken
        case .chatMigrated(let c): self = .chatMigrated(c)
        case .unreachable(let r): self = .unreachable(r)
        case .failed(let r): self = .failed(r)
        }
    }

    var label: String {
        switch self {
        case .delivered: "delivered"
        case .retryAfter: "rate_limited"
        case .retry: "retry"
        case .transport: "network_error"
        case .refreshToken: "token_refresh"
        case .chatMigrated: "chat_migrated"
        case .unreachable: "unreachable"
        case .failed: "failed"
        }
    }
}

/// Renders and sends rows for one platform.
protocol PlatformSender: Sendable {
    func render(row: OutboxRow, payload: ReplyPayload) -> [PlatformRequest]
    func answerCallback(id: String) -> PlatformRequest?
    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome
}

extension PlatformSender {
    func answerCallback(id: String) -> PlatformRequest? { nil }

    /// One HTTP call; network failures become retries (never fatal), with the URL's secrets kept out.
    func perform(
        _ request: PlatformRequest, base: String, transport: any HTTPTransport,
        classify: (Int, [UInt8]) -> SendOutcome
    ) async -> DeliveryOutcome {
        let http = CurlTransport.HTTPRequest(
            method: request.method, url: request.url(baseURL: base),
            headers: request.headers
                + [("Content-Type", "application/json")].filter { h in
                    !request.headers.contains { $0.0.lowercased() == h.0.lowercased() }
                }, body: request.body)
        do {
            let response = try await transport.send(http)
            return DeliveryOutcome(classify(response.status, response.body))
        } catch {
            return .transport("\(error)")
        }
    }
}

struct TelegramSender: PlatformSender {
    let api: TelegramAPI
    let base: String

    init(config: BotConfig.Telegram) {
        api = TelegramAPI(token: config.token)
        base = config.apiBase
    }

    func render(row: OutboxRow, payload: ReplyPayload) -> [PlatformRequest] {
        api.sendMessage(chatID: row.chatID, threadID: row.threadID.flatMap { Int64($0) }, reply: payload.outgoing)
    }

    func answerCallback(id: String) -> PlatformRequest? { api.answerCallbackQuery(id: id) }

    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome {
        await perform(request, base: base, transport: transport, classify: TelegramAPI.classify)
    }
}
