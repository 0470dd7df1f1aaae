/// The outcome of one platform call, including failures of the transport itself.
enum DeliveryOutcome: Sendable, Equatable {
    case delivered(String?)
    case retryAfter(seconds: Int, wholeBot: Bool)
    case retry(String)
    case transport(String)
    case refreshToken
    case chatMigrated(String)
    case unreachable(String)
    case failed(String)

    /// The `result` label of `electionbot_sends_total`.
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

/// One delivery of one outbox row, chunk by chunk, as a small state machine over the platforms' answers:
/// the worker performs each call, feeds the outcome to ``record(_:)`` and does what the step says. It holds
/// no IO, so every rule (resume after the accepted chunks, 429 pauses, give up after the last attempt, mark
/// the user unreachable) is tested without sockets.
struct DeliveryAttempt: Sendable {
    /// What the worker does next.
    enum Step: Sendable, Equatable {
        /// The chunk was accepted: send the next one, or finish with ``finished`` when none is left.
        case sendNext
        /// Stop here and try the row again after `delay`; `pauseLane` when the platform throttles the whole bot.
        case retry(after: Duration, reason: String, pauseLane: Bool)
        /// Stop for good.
        case finish(Final)
    }

    /// How a row ends.
    enum Final: Sendable, Equatable {
        case sent(platformMessageID: String?)
        case failed(String)
        /// The recipient cannot be reached (blocked the bot, window closed): the user is marked too.
        case unreachable(String)
    }

    let chunkCount: Int
    /// Which attempt this is (the claim counted it).
    let attempt: Int
    let policy: RetryPolicy
    /// Chunks the platform has accepted, including those of earlier attempts.
    private(set) var chunksSent: Int
    private(set) var lastMessageID: String?

    init(chunkCount: Int, chunksSentBefore: Int, attempt: Int, policy: RetryPolicy) {
        self.chunkCount = chunkCount
        self.attempt = attempt
        self.policy = policy
        chunksSent = min(chunksSentBefore, chunkCount)
    }

    /// The chunk to send next, or `nil` when all were accepted.
    var nextChunk: Int? { chunksSent < chunkCount ? chunksSent : nil }

    /// What delivering every chunk means for the row.
    var finished: Final { .sent(platformMessageID: lastMessageID) }

    mutating func record(_ outcome: DeliveryOutcome) -> Step {
        switch outcome {
        case .delivered(let id):
            chunksSent += 1
            lastMessageID = id ?? lastMessageID
            return nextChunk == nil ? .finish(finished) : .sendNext
        case .retryAfter(let seconds, let wholeBot):
            return retry(after: .seconds(seconds), "429 retry after \(seconds) s", pauseLane: wholeBot)
        case .retry(let reason), .transport(let reason):
            return retry(after: policy.backoff(attempt: attempt), reason, pauseLane: false)
        case .refreshToken:
            // The sender refreshed the token already: the row is rendered again with the new one.
            return retry(after: .seconds(1), "access token refreshed", pauseLane: false)
        case .chatMigrated(let newChat):
            return .finish(.failed("chat migrated to \(newChat)"))
        case .unreachable(let reason):
            return .finish(.unreachable(reason))
        case .failed(let reason):
            return .finish(.failed(reason))
        }
    }

    private func retry(after delay: Duration, _ reason: String, pauseLane: Bool) -> Step {
        let described = "sent \(chunksSent) chunk(s); \(reason)"
        if attempt >= policy.maxAttempts { return .finish(.failed("gave up after \(attempt) attempts: \(described)")) }
        return .retry(after: delay, reason: described, pauseLane: pauseLane)
    }
}
