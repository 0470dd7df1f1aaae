import Channels
import Foundation
import Testing

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

    @Test("a batch's settling time counts once per message")
    func batchObservation() {
        let metrics = Metrics()
        metrics.observe("t_seconds", seconds: 0.002, times: 3)
        metrics.observe("t_seconds", seconds: 0.2)
        let text = metrics.render()
        #expect(text.contains("t_seconds_count 4\n"))
        #expect(text.contains("t_seconds_bucket{le=\"0.0025\"} 3\n"))
        #expect(text.contains("t_seconds_sum 0.206"))
    }

    @Test("metric label values are escaped only where the exposition format needs it")
    func labelEscaping() {
        #expect(Metrics.labelText([]) == "")
        #expect(
            Metrics.labelText([("intent", "luat.tuoi"), ("fallback", "false")])
                == #"intent="luat.tuoi",fallback="false""#)
        #expect(Metrics.labelText([("q", "a\"b\\c\nd")]) == #"q="a\"b\\c\nd""#)
        #expect(Metrics.escape("Bầu cử") == "Bầu cử")
    }
}
