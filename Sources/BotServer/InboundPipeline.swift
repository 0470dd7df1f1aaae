import Channels
import ElectionKnowledge
import Foundation
import Logging
import Storage

/// Records inbound messages durably (once per platform id) and turns each new one into an outbox reply.
///
/// The webhook acknowledges as soon as `record` returns; answering happens after, on the processor's task, so
/// a slow disk or a large batch never holds the platform's connection. Messages recorded but not answered
/// before a crash are answered at the next start (`recoverPending`).
public final class InboundPipeline: Sendable {
    let store: any BotStore
    let knowledge: KnowledgeHolder
    let metrics: Metrics
    let doorbell: Doorbell
    let logger: Logger
    let now: @Sendable () -> Date
    let commands: SubscriptionCommands
    private let queue: AsyncStream<InboundMessage>
    private let input: AsyncStream<InboundMessage>.Continuation

    public init(
        store: any BotStore, knowledge: KnowledgeHolder, metrics: Metrics, doorbell: Doorbell, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.knowledge = knowledge
        self.metrics = metrics
        self.doorbell = doorbell
        self.logger = logger
        self.now = now
        commands = SubscriptionCommands(store: store, logger: logger, now: now)
        (queue, input) = AsyncStream.makeStream(of: InboundMessage.self)
    }

    /// Stores the message in the inbox; false when this platform id was seen before (a redelivery).
    public func record(_ m: InboundMessage) async throws -> Bool {
        let isNew = try await store.recordInbound(
            InboundRecord(
                dedupeKey: m.dedupeKey, platform: m.platform.rawValue, userID: m.userID, chatID: m.chatID,
                threadID: m.threadID.map(String.init), text: m.text, receivedAt: m.receivedAt,
                payload: InboundPayload.encode(m)))
        if isNew {
            input.yield(m)
        } else {
            metrics.increment(
                "electionbot_redeliveries_total", [("platform", m.platform.rawValue)],
                help: "Webhook deliveries dropped as duplicates of a recorded message")
        }
        return isNew
    }

    /// Answers recorded messages until the stream ends (graceful shutdown finishes it).
    public func run() async {
        await recoverPending()
        for await m in queue {
            await process(m)
        }
    }

    public func finish() { input.finish() }

    func recoverPending() async {
        do {
            let pending = try await store.pendingInbound(limit: 10_000)
            if !pending.isEmpty {
                logger.info("answering messages left from before a restart", metadata: ["count": "\(pending.count)"])
            }
            for r in pending {
                guard let platform = Platform(rawValue: r.platform) else { continue }
                await process(
                    InboundPayload.decode(
                        r.payload, platform: platform, dedupeKey: r.dedupeKey, userID: r.userID, chatID: r.chatID,
                        text: r.text, receivedAt: r.receivedAt))
            }
        } catch {
            logger.error("could not read pending inbound messages", metadata: ["error": "\(error)"])
        }
    }

    /// Answers one message and queues the reply, atomically with marking the message processed.
    func process(_ m: InboundMessage) async {
        let start = ContinuousClock.now
        guard m.isAddressedToBot else {
            // In a group the bot speaks only when addressed: a command, an @mention or a reply to it.
            _ = try? await store.completeInbound(dedupeKey: m.dedupeKey, conversation: nil, replies: [])
            return
        }
        if let command = SubscriptionCommands.parse(m.text) {
            // Officials' /dangky, /toi, /huy are answered here, never matched as questions.
            await answerSubscriptionCommand(command, m)
            return
        }
        let kb = knowledge.snapshot
        let today = CivilDate.today(utcOffsetMinutes: kb.election.utcOffsetMinutes, now: now().timeIntervalSince1970)
        let reply = kb.answer(m.text, today: today)
        metrics.increment(
            "electionbot_answers_total", [("intent", reply.intent ?? "fallback"), ("fallback", "\(reply.fallback)")],
            help: "Answers given, by intent")
        let payload = ReplyPayload(
            text: reply.text,
            suggestions: reply.suggestions.map { Channels.Suggestion(title: $0.title, payload: $0.payload) },
            replyToMessageID: m.chatIsGroup ? m.messageID : nil, callbackQueryID: m.callbackQueryID)
        let item = OutboxItem(
            lane: .reply, platform: m.platform.rawValue, chatID: m.chatID, threadID: m.threadID.map(String.init),
            payload: payload.encoded(), uniqueKey: "reply:" + m.dedupeKey)
        let entry = ConversationEntry(
            platform: m.platform.rawValue, userID: m.userID, chatID: m.chatID, dedupeKey: m.dedupeKey,
            question: m.text, intent: reply.intent, confidence: reply.confidence, isFallback: reply.fallback,
            reply: reply.text, at: now())
        do {
            try await store.completeInbound(dedupeKey: m.dedupeKey, conversation: entry, replies: [item])
            doorbell.ring()
        } catch {
            logger.error("could not queue a reply", metadata: ["dedupe": "\(m.dedupeKey)", "error": "\(error)"])
        }
        metrics.observe(
            "electionbot_answer_seconds", seconds: (ContinuousClock.now - start).seconds,
            help: "Time from a recorded message to its queued reply")
        logger.debug(
            "answered",
            metadata: [
                "channel": "\(m.platform.rawValue)", "intent": "\(reply.intent ?? "fallback")",
                "score": "\(reply.confidence)", "kb.version": "\(kb.version)",
            ])
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
