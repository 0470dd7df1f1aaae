import Channels
import CurlTransport
import Foundation
import Logging
import Storage

/// Sends queued outbox rows, one worker loop per lane (``run(lane:)``): replies are paced by the per-platform
/// limiters, broadcasts and reminders by their own (``BotConfig/Delivery/broadcastRate``).
///
/// Rows of different chats go out concurrently, rows of one chat in order. Each row is one
/// ``DeliveryAttempt``: the platform's answer to every call decides whether the next chunk goes, the row
/// waits (backoff with jitter, or `retry_after` pausing the whole platform), or it ends (sent, failed,
/// unreachable). A crash mid-send leaves the row leased; it is taken again when the lease expires.
public final class DeliveryService: Sendable {
    let store: any BotStore
    let transport: any HTTPTransport
    let config: BotConfig
    /// Upstream error texts go to the log and `outbox.last_error` only through this.
    let scrubber: SecretScrubber
    let policy: RetryPolicy
    let metrics: BotMetrics
    let doorbell: Doorbell
    let logger: Logger
    let senders: [Platform: any PlatformSender]
    let limiters: [Platform: RateLimiter]
    /// The broadcast and reminder lanes' own pacing (``BotConfig/Delivery/broadcastRate``), so that a large
    /// broadcast never takes the slots of citizens' replies.
    let bulkLimiters: [Platform: RateLimiter]

    public init(
        store: any BotStore, transport: any HTTPTransport, config: BotConfig, metrics: BotMetrics,
        doorbell: Doorbell, logger: Logger
    ) {
        self.store = store
        self.transport = transport
        self.config = config
        scrubber = SecretScrubber(config: config)
        policy = RetryPolicy(config.delivery)
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

    /// Loads what the senders keep between runs (Zalo's rotated token pair). Call once before the lanes run.
    public func prepare() async {
        for sender in senders.values { await sender.prepare() }
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
            logger.error("outbox claim failed", metadata: ["outbox.lane": "\(lane.rawValue)", "error": "\(error)"])
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
        if let depth = try? await store.outboxDepth() { metrics.outboxDepth(depth) }
        return true
    }

    /// Sends one row; returns false when the row had to wait (so later rows of the chat wait too).
    func deliver(_ row: OutboxRow) async -> Bool {
        var logger = logger
        logger[metadataKey: "outbox.id"] = "\(row.id)"
        logger[metadataKey: "channel"] = "\(row.platform)"
        if let correlation = row.correlationID { logger[metadataKey: "correlation.id"] = "\(correlation)" }
        guard let platform = Platform(rawValue: row.platform), let sender = senders[platform],
            let limiter = row.lane == .reply ? limiters[platform] : bulkLimiters[platform]
        else {
            await finish(row, .failed("channel \(row.platform) is not configured"), logger: logger)
            return true
        }
        guard var payload = ReplyPayload.decode(row.payload) else {
            await finish(row, .failed("unreadable payload"), logger: logger)
            return true
        }
        if (try? await store.isUnreachable(platform: row.platform, userID: row.chatID)) == true {
            _ = try? await store.markUnreachable(id: row.id, reason: "user marked unreachable earlier")
            return true
        }
        if platform == .messenger, row.lane != .reply {
            guard let type = await messengerProactiveType(chatID: row.chatID) else {
                await finish(row, .failed(MessengerWindow.outsideReason), logger: logger)
                return true
            }
            payload.messengerType = type
        }
        let start = ContinuousClock.now
        let requests = await sender.render(
            row: OutboxRowContent(chatID: row.chatID, threadID: row.threadID), payload: payload)
        var attempt = DeliveryAttempt(
            chunkCount: requests.count, chunksSentBefore: row.chunksSent, attempt: row.attempts, policy: policy)
        var final = attempt.finished
        while let index = attempt.nextChunk {
            do {
                try await limiter.acquire(chat: row.chatID)
            } catch {
                return false  // cancelled: the lease returns the row later
            }
            let outcome = scrubber.scrub(await sender.send(requests[index], transport: transport))
            metrics.send(platform: row.platform, result: outcome.label)
            switch attempt.record(outcome) {
            case .sendNext:
                continue
            case .retry(let delay, let reason, let pauseLane):
                if pauseLane { limiter.pause(until: ContinuousClock.now + delay) }
                _ = try? await store.reschedule(
                    id: row.id, at: Date().addingTimeInterval(delay.seconds), error: reason,
                    chunksSent: attempt.chunksSent)
                logger.debug("send will be retried", metadata: ["reason": "\(reason)"])
                return false
            case .finish(let outcome):
                final = outcome
            }
            break
        }
        if case .sent = final, let callback = payload.callbackQueryID,
            let answer = sender.answerCallback(id: callback, text: payload.callbackText)
        {
            // Telegram shows a spinner on the button until this call: always make it, its result does not matter.
            _ = await sender.send(answer, transport: transport)
        }
        await finish(row, final, logger: logger)
        if case .sent = final { metrics.delivered(platform: row.platform, duration: ContinuousClock.now - start) }
        return true
    }

    /// Settles a row that will not be tried again.
    func finish(_ row: OutboxRow, _ final: DeliveryAttempt.Final, logger: Logger) async {
        switch final {
        case .sent(let id):
            _ = try? await store.markSent(id: row.id, platformMessageID: id, at: Date())
        case .failed(let reason):
            _ = try? await store.markFailed(id: row.id, error: reason)
            logger.warning("send failed", metadata: ["reason": "\(reason)"])
        case .unreachable(let reason):
            _ = try? await store.markUnreachable(platform: row.platform, userID: row.chatID, reason: reason)
            _ = try? await store.markUnreachable(id: row.id, reason: reason)
            logger.info("user unreachable", metadata: ["reason": "\(reason)"])
        }
    }
}
