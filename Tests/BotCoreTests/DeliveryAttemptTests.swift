import Testing

@testable import BotCore

/// The delivery rules without sockets: every platform answer fed to one attempt of one row.
@Suite("One delivery attempt")
struct DeliveryAttemptTests {
    var policy: RetryPolicy {
        var p = RetryPolicy(baseBackoff: .seconds(2), maxBackoff: .seconds(60), maxAttempts: 3)
        p.jitter = { 1 }
        return p
    }

    @Test func sendsEveryChunkThenFinishesWithTheLastMessageID() {
        var attempt = DeliveryAttempt(chunkCount: 3, chunksSentBefore: 0, attempt: 1, policy: policy)
        #expect(attempt.nextChunk == 0)
        #expect(attempt.record(.delivered("m1")) == .sendNext)
        #expect(attempt.nextChunk == 1)
        #expect(attempt.record(.delivered(nil)) == .sendNext)
        #expect(attempt.record(.delivered("m3")) == .finish(.sent(platformMessageID: "m3")))
        #expect(attempt.nextChunk == nil && attempt.chunksSent == 3)
    }

    @Test func resumesAfterTheChunksAnEarlierAttemptSent() {
        var attempt = DeliveryAttempt(chunkCount: 3, chunksSentBefore: 2, attempt: 2, policy: policy)
        #expect(attempt.nextChunk == 2)
        #expect(attempt.record(.delivered("m3")) == .finish(.sent(platformMessageID: "m3")))
        // A stored count larger than the chunks (the text was edited shorter) sends nothing again.
        let done = DeliveryAttempt(chunkCount: 2, chunksSentBefore: 5, attempt: 2, policy: policy)
        #expect(done.nextChunk == nil && done.chunksSent == 2)
    }

    @Test func rateLimitWaitsWhatThePlatformSaysAndPausesTheLaneOnlyForWholeBotLimits() {
        var a = DeliveryAttempt(chunkCount: 2, chunksSentBefore: 0, attempt: 1, policy: policy)
        #expect(a.record(.delivered("m1")) == .sendNext)
        #expect(
            a.record(.retryAfter(seconds: 7, wholeBot: true))
                == .retry(after: .seconds(7), reason: "sent 1 chunk(s); 429 retry after 7 s", pauseLane: true))
        #expect(a.chunksSent == 1)
        var b = DeliveryAttempt(chunkCount: 1, chunksSentBefore: 0, attempt: 1, policy: policy)
        guard case .retry(_, _, let pause) = b.record(.retryAfter(seconds: 3, wholeBot: false)) else {
            Issue.record("a 429 below the last attempt retries")
            return
        }
        #expect(!pause)
    }

    @Test(arguments: [1, 2])
    func transientFailuresBackOffExponentially(attemptNumber: Int) {
        var a = DeliveryAttempt(chunkCount: 1, chunksSentBefore: 0, attempt: attemptNumber, policy: policy)
        let expected: Duration = attemptNumber == 1 ? .seconds(2) : .seconds(4)
        #expect(
            a.record(.transport("timeout"))
                == .retry(after: expected, reason: "sent 0 chunk(s); timeout", pauseLane: false))
    }

    @Test func theLastAttemptGivesUpWithTheReason() {
        var a = DeliveryAttempt(chunkCount: 2, chunksSentBefore: 1, attempt: 3, policy: policy)
        #expect(a.record(.retry("HTTP 502")) == .finish(.failed("gave up after 3 attempts: sent 1 chunk(s); HTTP 502")))
    }

    @Test func permanentAnswersFinishAtOnce() {
        var a = DeliveryAttempt(chunkCount: 1, chunksSentBefore: 0, attempt: 1, policy: policy)
        #expect(a.record(.unreachable("blocked by the user")) == .finish(.unreachable("blocked by the user")))
        var b = DeliveryAttempt(chunkCount: 1, chunksSentBefore: 0, attempt: 1, policy: policy)
        #expect(b.record(.failed("Bad Request")) == .finish(.failed("Bad Request")))
        var c = DeliveryAttempt(chunkCount: 1, chunksSentBefore: 0, attempt: 1, policy: policy)
        #expect(c.record(.chatMigrated("-100")) == .finish(.failed("chat migrated to -100")))
    }

    @Test func aRefreshedTokenRetriesSoonWithoutCountingAsTheLastWord() {
        var a = DeliveryAttempt(chunkCount: 1, chunksSentBefore: 0, attempt: 1, policy: policy)
        #expect(
            a.record(.refreshToken)
                == .retry(after: .seconds(1), reason: "sent 0 chunk(s); access token refreshed", pauseLane: false))
    }

    @Test func backoffIsCapped() {
        #expect(policy.backoff(attempt: 10) == .seconds(60))
    }
}
