import Synchronization

/// Paces sends on one platform: a global rate (token bucket), a minimum interval per chat, and a pause of the
/// whole platform when it says so (Telegram 429 `retry_after`).
public final class RateLimiter: Sendable {
    private struct State {
        var tokens: Double
        var last: ContinuousClock.Instant
        var pausedUntil: ContinuousClock.Instant?
        var lastPerChat: [String: ContinuousClock.Instant] = [:]
    }
    private let state: Mutex<State>
    let rate: Double
    let burst: Double
    let chatInterval: Duration

    public init(ratePerSecond: Double, burst: Double? = nil, chatInterval: Duration = .zero) {
        rate = ratePerSecond
        self.burst = burst ?? max(1, ratePerSecond)
        self.chatInterval = chatInterval
        state = Mutex(State(tokens: self.burst, last: .now))
    }

    /// Stops every send until `until`.
    public func pause(until: ContinuousClock.Instant) {
        state.withLock { s in
            if s.pausedUntil.map({ $0 < until }) ?? true { s.pausedUntil = until }
        }
    }

    public var pausedUntil: ContinuousClock.Instant? {
        state.withLock { s in s.pausedUntil.flatMap { $0 > .now ? $0 : nil } }
    }

    /// Waits until one message to `chat` may be sent, and takes its slot.
    public func acquire(chat: String) async throws {
        while true {
            let wait: Duration? = state.withLock { s in
                let now = ContinuousClock.now
                if let p = s.pausedUntil, p > now { return p - now }
                if let l = s.lastPerChat[chat], now - l < chatInterval { return chatInterval - (now - l) }
                s.tokens = min(burst, s.tokens + (now - s.last).seconds * rate)
                s.last = now
                if s.tokens >= 1 {
                    s.tokens -= 1
                    s.lastPerChat[chat] = now
                    if s.lastPerChat.count > 50_000 {
                        s.lastPerChat = s.lastPerChat.filter { now - $0.value < chatInterval }
                    }
                    return nil
                }
                return .seconds((1 - s.tokens) / rate)
            }
            guard let wait else { return }
            try await Task.sleep(for: wait)
        }
    }
}
