import Channels
import ElectionKnowledge
import Foundation
import Logging
import Storage
import Synchronization

/// Records inbound messages durably (once per platform id) and turns each new one into an outbox reply.
///
/// The webhook acknowledges as soon as `record` returns; answering happens after, on the processor's task, so
/// a slow disk or a large batch never holds the platform's connection. Messages recorded but not answered
/// before a crash are answered at the next start (`recoverPending`).
public final class InboundPipeline: Sendable {
    let store: any BotStore
    let knowledge: KnowledgeHolder
    let metrics: BotMetrics
    let doorbell: Doorbell
    let logger: Logger
    let now: @Sendable () -> Date
    let commands: SubscriptionCommands
    private let queue = MessageQueue()
    /// Outbox payloads of recent answers (encoding one was a third of answering a message).
    let encodedReplies = EncodedReplies()
    /// Messages answered together and settled in one transaction, at most.
    static let batchLimit = 128
    /// Acknowledged messages whose answer could not be written (a full disk, a read-only file): they stay
    /// pending in the inbox and ``runRecovery(every:)`` answers them again while the server runs, since a
    /// platform never redelivers after a 200.
    private let unsettled = Mutex<Set<String>>([])
    /// Whether the last write of the inbox failed, for `/healthz` (a degraded store answers 503); the next
    /// successful write clears it.
    private let lastWriteFailed = Atomic<Bool>(false)
    /// Replies queued in the outbox and not yet sent, as last read by ``runRecovery(every:)``: reading it per
    /// webhook request would put a query on the acknowledgement's path.
    private let unsentReplies = Atomic<Int>(0)

    /// Tests only: runs after a batch is answered and before it is written, so a test can take the disk away
    /// between a message's 200 and its answer's write.
    let beforeSettling: (@Sendable () async -> Void)?

    public init(
        store: any BotStore, knowledge: KnowledgeHolder, metrics: BotMetrics, doorbell: Doorbell, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init, beforeSettling: (@Sendable () async -> Void)? = nil
    ) {
        self.beforeSettling = beforeSettling
        self.store = store
        self.knowledge = knowledge
        self.metrics = metrics
        self.doorbell = doorbell
        self.logger = logger
        self.now = now
        commands = SubscriptionCommands(store: store, logger: logger, now: now)
    }

    /// Stores the message in the inbox and queues it for answering (`answering: false` only in benchmarks);
    /// false when this platform id was seen before (a redelivery).
    public func record(_ m: InboundMessage, answering: Bool = true) async throws -> Bool {
        let isNew: Bool
        do {
            isNew = try await store.recordInbound(
                InboundRecord(
                    dedupeKey: m.dedupeKey, platform: m.platform.rawValue, userID: m.userID, chatID: m.chatID,
                    threadID: m.threadID.map(String.init), text: m.text, receivedAt: m.receivedAt,
                    payload: InboundPayload.encode(m)))
        } catch {
            writeFailed(operation: "record_inbound")
            throw error
        }
        lastWriteFailed.store(false, ordering: .relaxed)
        if isNew {
            if answering { queue.push(m) }
        } else {
            metrics.redelivery(platform: m.platform.rawValue)
        }
        return isNew
    }

    /// Answers recorded messages until the queue ends (graceful shutdown finishes it), in batches of whatever
    /// arrived meanwhile.
    public func run() async {
        await recoverPending()
        while let batch = await queue.next(limit: Self.batchLimit) {
            await process(batch)
            // Under load, let the next batch fill for a moment: one transaction then settles more messages,
            // which leaves more of the CPU to the webhook's acknowledgements. At low load (a batch of one or
            // two) the next message is answered at once, and after a full batch more are already waiting (a
            // pause then would only let the backlog grow).
            if batch.count >= 4 && batch.count < Self.batchLimit { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    public func finish() { queue.finish() }

    /// Messages not answered yet, for admission control: waiting to be answered, answered but not written,
    /// and replies not yet sent (delivery runs at the platforms' pace, so under a flood this is what grows).
    public var backlog: Int {
        queue.count + unsettled.withLock { $0.count } + unsentReplies.load(ordering: .relaxed)
    }

    /// How the inbox's writes are going, for `/healthz`.
    public var writeHealth: (failing: Bool, unsettled: Int) {
        (lastWriteFailed.load(ordering: .relaxed), unsettled.withLock { $0.count })
    }

    func writeFailed(operation: String) {
        lastWriteFailed.store(true, ordering: .relaxed)
        metrics.storeWriteFailed(operation: operation)
    }

    /// Answers again, every `interval`, the acknowledged messages whose answer could not be written, until
    /// cancelled. Only those: messages still in the queue are the answering task's.
    public func runRecovery(every interval: Duration = .milliseconds(500)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if let depth = try? await store.outboxDepth() {
                unsentReplies.store(depth[.reply] ?? 0, ordering: .relaxed)
                metrics.backlog(backlog)
            }
            let keys = unsettled.withLock { $0 }
            guard !keys.isEmpty else { continue }
            do {
                let pending = try await store.pendingInbound(limit: 10_000).filter { keys.contains($0.dedupeKey) }
                // Settled meanwhile (by a batch retried one by one): nothing left to do for those.
                let stillPending = Set(pending.map(\.dedupeKey))
                unsettled.withLock { $0.formIntersection(stillPending.union($0.subtracting(keys))) }
                guard !pending.isEmpty else { continue }
                logger.notice(
                    "answering acknowledged messages whose answer could not be written",
                    metadata: ["inbox.pending": "\(pending.count)"])
                let messages = pending.compactMap(Self.message(from:))
                for start in stride(from: 0, to: messages.count, by: Self.batchLimit) {
                    await process(Array(messages[start..<min(messages.count, start + Self.batchLimit)]))
                }
            } catch {
                writeFailed(operation: "read_inbox")
                logger.error("could not read pending inbound messages", metadata: ["error": "\(error)"])
            }
        }
    }

    static func message(from r: InboundRecord) -> InboundMessage? {
        guard let platform = Platform(rawValue: r.platform) else { return nil }
        return InboundPayload.decode(
            r.payload, platform: platform, dedupeKey: r.dedupeKey, userID: r.userID, chatID: r.chatID,
            text: r.text, receivedAt: r.receivedAt)
    }

    func recoverPending() async {
        do {
            let pending = try await store.pendingInbound(limit: 10_000)
            if !pending.isEmpty {
                logger.info(
                    "answering messages left from before a restart", metadata: ["inbox.pending": "\(pending.count)"])
            }
            let messages = pending.compactMap(Self.message(from:))
            for start in stride(from: 0, to: messages.count, by: Self.batchLimit) {
                await process(Array(messages[start..<min(messages.count, start + Self.batchLimit)]))
            }
        } catch {
            logger.error("could not read pending inbound messages", metadata: ["error": "\(error)"])
        }
    }

    /// Answers a batch of messages and settles them in one transaction: each one's reply queued, exchange logged
    /// and message marked processed. If the batch cannot be written, each message is settled alone so that one
    /// bad row only loses its own reply (and stays pending for the next start).
    func process(_ batch: [InboundMessage]) async {
        let start = ContinuousClock.now
        var completions: [InboundCompletion] = []
        completions.reserveCapacity(batch.count)
        // One snapshot and one date for the whole batch: copying the knowledge base's value retains each of
        // its tables, which per message was a visible share of an answer.
        let kb = knowledge.snapshot
        let at = now()
        let today = CivilDate.today(utcOffsetMinutes: kb.election.utcOffsetMinutes, now: at.timeIntervalSince1970)
        for (n, m) in batch.enumerated() {
            completions.append(await reply(to: m, kb: kb, today: today, at: at))
            // A large batch is milliseconds of matching: let webhook requests waiting for this thread run.
            if n % 16 == 15 { await Task.yield() }
        }
        await beforeSettling?()
        do {
            try await store.completeInbound(completions)
            settled(completions.map(\.dedupeKey))
        } catch {
            logger.warning("settling a batch failed; settling its messages one by one", metadata: ["error": "\(error)"])
            for c in completions {
                do {
                    try await store.completeInbound([c])
                    settled([c.dedupeKey])
                } catch {
                    writeFailed(operation: "settle_inbound")
                    unsettled.withLock { _ = $0.insert(c.dedupeKey) }
                    logger.error(
                        "could not queue a reply; retried while the server runs",
                        metadata: ["correlation.id": "\(c.dedupeKey)", "error": "\(error)"])
                }
            }
        }
        if completions.contains(where: { !$0.replies.isEmpty }) { doorbell.ring() }
        metrics.answerBatch(duration: ContinuousClock.now - start, count: batch.count)
    }

    private func settled(_ keys: [String]) {
        lastWriteFailed.store(false, ordering: .relaxed)
        unsettled.withLock { set in
            guard !set.isEmpty else { return }
            for key in keys { set.remove(key) }
        }
    }

    /// What answering one message writes when its batch is settled: nothing but "processed" when it is not for
    /// the bot; otherwise the reply to a subscription command or the answer to the question.
    func reply(to m: InboundMessage, kb: KnowledgeBase, today: CivilDate, at: Date) async -> InboundCompletion {
        guard m.isAddressedToBot else {
            // In a group the bot speaks only when addressed: a command, an @mention or a reply to it.
            return InboundCompletion(dedupeKey: m.dedupeKey, conversation: nil, replies: [])
        }
        if let command = SubscriptionCommands.parse(m.text) {
            // Officials' /dangky, /toi, /huy are answered here, never matched as questions.
            return await answerSubscriptionCommand(command, m)
        }
        let answering = ContinuousClock.now
        var reply = kb.answer(m.text, today: today)
        let took = ContinuousClock.now - answering
        if m.textWasTruncated {
            // Say so: the citizen may have put the question at the end of a long message.
            reply.text +=
                "\n\n(Tin nhắn rất dài: mình chỉ đọc \(InboundText.maxScalars) ký tự đầu. "
                + "Bạn gửi riêng câu hỏi trong một tin ngắn nhé.)"
        }
        metrics.answered(intent: reply.intent, fallback: reply.fallback)
        var payload = ReplyPayload(
            text: reply.text,
            suggestions: reply.suggestions.map { Channels.QuickReply(title: $0.title, payload: $0.payload) },
            replyToMessageID: m.chatIsGroup ? m.messageID : nil, callbackQueryID: m.callbackQueryID)
        if !m.hasChat {
            // Only the button's acknowledgement can carry anything: the answer's first line, as a toast.
            payload.acknowledgeOnly = true
            payload.callbackText = String(reply.text.prefix { $0 != "\n" }.prefix(200))
        }
        let item = OutboxItem(
            lane: .reply, platform: m.platform.rawValue, chatID: m.chatID, threadID: m.threadID.map(String.init),
            payload: encodedReplies.encoded(payload), uniqueKey: "reply:" + m.dedupeKey)
        let entry = ConversationEntry(
            platform: m.platform.rawValue, userID: m.userID, chatID: m.chatID, dedupeKey: m.dedupeKey,
            question: m.text, intent: reply.intent, confidence: reply.confidence, isFallback: reply.fallback,
            reply: reply.text, at: at, knowledgeVersion: kb.version,
            answerMicros: Int(took.components.seconds) * 1_000_000
                + Int(took.components.attoseconds / 1_000_000_000_000))
        logger.debug(
            "answered",
            metadata: [
                "channel": "\(m.platform.rawValue)", "intent": "\(reply.intent ?? "fallback")",
                "score": "\(reply.confidence)", "kb.version": "\(kb.version)",
            ])
        return InboundCompletion(dedupeKey: m.dedupeKey, conversation: entry, replies: [item])
    }
}
