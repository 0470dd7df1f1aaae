import Foundation

/// How long a row waits before its next attempt, and when the bot gives up on it.
public struct RetryPolicy: Sendable {
    /// First retry delay; doubles per attempt with ±50 % jitter, capped at ``maxBackoff``.
    public var baseBackoff: Duration
    public var maxBackoff: Duration
    /// Attempts after which a row that still fails is marked failed.
    public var maxAttempts: Int
    /// Jitter factor source, in 0.5…1.5 (injectable so the policy is testable).
    var jitter: @Sendable () -> Double = { Double.random(in: 0.5...1.5) }

    public init(baseBackoff: Duration, maxBackoff: Duration, maxAttempts: Int) {
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.maxAttempts = maxAttempts
    }

    init(_ delivery: BotConfig.Delivery) {
        self.init(
            baseBackoff: delivery.baseBackoff, maxBackoff: delivery.maxBackoff, maxAttempts: delivery.maxAttempts)
    }

    /// Exponential backoff for the `attempt`-th attempt (1-based), with jitter, capped.
    func backoff(attempt: Int) -> Duration {
        let base = baseBackoff.seconds * pow(2, Double(max(0, attempt - 1)))
        let capped = min(base, maxBackoff.seconds)
        return .milliseconds(Int(capped * jitter() * 1000))
    }
}
