import Channels
import Foundation
import Storage
import TestSupport
import Testing

@testable import BotCore
@testable import BotServer

@Suite("Pipeline parts")
struct PipelinePartsTests {
    static func message(_ n: Int) -> InboundMessage {
        InboundMessage(
            platform: .telegram, dedupeKey: "telegram:\(n)", userID: "u\(n)", chatID: "c\(n)", text: "q\(n)",
            receivedAt: Date(timeIntervalSince1970: 1_621_000_000))
    }

    @Test("the queue hands out what arrived, oldest first, at most `limit` at a time")
    func batches() async {
        let queue = MessageQueue()
        for n in 1...5 { queue.push(Self.message(n)) }
        #expect(await queue.next(limit: 3)?.map(\.dedupeKey) == ["telegram:1", "telegram:2", "telegram:3"])
        #expect(await queue.next(limit: 3)?.map(\.dedupeKey) == ["telegram:4", "telegram:5"])
    }

    @Test("a waiting consumer wakes on the next message; after finish it drains, then ends")
    func waitingAndFinishing() async {
        let queue = MessageQueue()
        async let first = queue.next(limit: 10)
        // Give the consumer time to park; the push must wake it whether or not it has parked yet.
        try? await Task.sleep(for: .milliseconds(20))
        queue.push(Self.message(1))
        #expect(await first?.map(\.dedupeKey) == ["telegram:1"])

        queue.push(Self.message(2))
        queue.finish()
        queue.push(Self.message(3))  // ignored: the queue is finished
        #expect(await queue.next(limit: 10)?.map(\.dedupeKey) == ["telegram:2"])
        #expect(await queue.next(limit: 10) == nil)
    }

    @Test("a consumer parked on an empty queue ends when the queue finishes")
    func finishWakesTheConsumer() async {
        let queue = MessageQueue()
        async let end = queue.next(limit: 10)
        try? await Task.sleep(for: .milliseconds(20))
        queue.finish()
        #expect(await end == nil)
    }

    @Test("a batch's settling time counts once per message, in the Prometheus exposition")
    func batchObservation() {
        let metrics = BotMetrics()
        metrics.answerBatch(duration: .milliseconds(2), count: 3)
        metrics.answerBatch(duration: .milliseconds(200), count: 1)
        let text = metrics.render()
        #expect(text.contains("electionbot_answer_seconds_count 4\n"))
        #expect(text.contains("electionbot_answer_seconds_bucket{le=\"0.0025\"} 3\n"))
        #expect(metrics.value("electionbot_answer_seconds_sum").map { abs($0 - 0.206) < 1e-9 } == true)
    }

    @Test("series keep the names earlier releases exported, counters end in _total, instances do not share")
    func seriesNames() {
        let metrics = BotMetrics()
        metrics.webhookRequest(route: "telegram", status: 200, duration: .milliseconds(3))
        metrics.answered(intent: "luat.tuoi-bau-cu", fallback: false)
        metrics.send(platform: "telegram", result: "delivered")
        metrics.outboxDepth([.reply: 2])
        metrics.storeWrites(WriteStatistics(transactions: 3, writes: 9))
        #expect(metrics.value("electionbot_requests_total", [("route", "telegram"), ("status", "200")]) == 1)
        #expect(metrics.value("electionbot_request_seconds_count", [("route", "telegram")]) == 1)
        #expect(
            metrics.value("electionbot_answers_total", [("intent", "luat.tuoi-bau-cu"), ("fallback", "false")]) == 1)
        #expect(metrics.value("electionbot_sends_total", [("platform", "telegram"), ("result", "delivered")]) == 1)
        #expect(metrics.value("electionbot_outbox_depth", [("lane", "reply")]) == 2)
        #expect(metrics.value("electionbot_store_writes_total") == 9)
        #expect(metrics.value("electionbot_store_writes") == 9)
        metrics.storeWrites(WriteStatistics(transactions: 4, writes: 12))
        #expect(metrics.value("electionbot_store_transactions_total") == 4)
        #expect(BotMetrics().value("electionbot_requests_total", [("route", "telegram"), ("status", "200")]) == nil)
    }
}
