import BotServer
import Foundation
import HTTPTypes
import Storage
import Testing

/// The benchmark switch that stops a webhook message after parsing or after recording, used by
/// `scripts/bench-webhook.sh` to measure what each stage costs. Never on in production.
@Suite("Benchmark stages", .serialized)
struct BenchStageTests {
    static func stopping(at stage: BotConfig.BenchStage) -> @Sendable (inout BotConfig, String) -> Void {
        { config, _ in
            config.benchBareRoute = true
            config.benchStage = stage
        }
    }

    @Test("the stage is read only together with the bench route, and a wrong value is refused")
    func configuration() throws {
        let on = ["ELECTIONBOT_BENCH_BARE_ROUTE": "1"]
        #expect(try BotConfig.load([on.merging(["ELECTIONBOT_BENCH_STAGE": "record"]) { $1 }]).benchStage == .record)
        #expect(try BotConfig.load([on.merging(["ELECTIONBOT_BENCH_STAGE": "parse"]) { $1 }]).benchStage == .parse)
        #expect(try BotConfig.load([["ELECTIONBOT_BENCH_STAGE": "parse"]]).benchStage == nil)
        #expect(try BotConfig.load([on]).benchStage == nil)
        #expect(throws: BotConfig.ConfigError.invalid(key: "ELECTIONBOT_BENCH_STAGE", reason: "parse or record")) {
            try BotConfig.load([on.merging(["ELECTIONBOT_BENCH_STAGE": "answer"]) { $1 }])
        }
    }

    @Test("record: the message is stored durably (a redelivery is a duplicate) and never answered")
    func recordStage() async throws {
        try await withBot(configure: Self.stopping(at: .record)) { client, fake, store in
            #expect(try await postTelegram(client, textUpdate(70001, text: "ngày bầu cử là ngày nào")) == .ok)
            #expect(try await postTelegram(client, textUpdate(70001, text: "ngày bầu cử là ngày nào")) == .ok)
            try await Task.sleep(for: .milliseconds(400))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
            #expect(try await store.pendingInbound(limit: 10).map(\.dedupeKey) == ["tg:70001"])
        }
    }

    @Test("parse: the message is verified and parsed, then dropped")
    func parseStage() async throws {
        try await withBot(configure: Self.stopping(at: .parse)) { client, fake, store in
            #expect(try await postTelegram(client, textUpdate(70002, text: "xin chào")) == .ok)
            #expect(try await postTelegram(client, "{not json") == .badRequest)
            #expect(try await postTelegram(client, textUpdate(70003, text: "x"), secret: "wrong") == .unauthorized)
            try await Task.sleep(for: .milliseconds(300))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
        }
    }
}
