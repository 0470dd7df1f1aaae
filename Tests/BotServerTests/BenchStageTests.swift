import BotServer
import Foundation
import HTTPTypes
import Storage
import TestSupport
import Testing

@testable import BotCore

/// The benchmark hook that stops a webhook message after parsing or after recording, used by the webhook
/// benchmark server to measure what each stage costs. Set by code only: `serve` has no such switch.
@Suite("Benchmark stages", .serialized)
struct BenchStageTests {
    @Test("record: the message is stored durably (a redelivery is a duplicate) and never answered")
    func recordStage() async throws {
        try await withBot(hooks: BenchmarkHooks(bareRoute: true, stage: .record)) { client, fake, store in
            #expect(try await postTelegram(client, textUpdate(70001, text: "ngày bầu cử là ngày nào")) == .ok)
            #expect(try await postTelegram(client, textUpdate(70001, text: "ngày bầu cử là ngày nào")) == .ok)
            try await Task.sleep(for: .milliseconds(400))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
            #expect(try await store.pendingInbound(limit: 10).map(\.dedupeKey) == ["tg:70001"])
        }
    }

    @Test("parse: the message is verified and parsed, then dropped")
    func parseStage() async throws {
        try await withBot(hooks: BenchmarkHooks(bareRoute: true, stage: .parse)) { client, fake, store in
            #expect(try await postTelegram(client, textUpdate(70002, text: "xin chào")) == .ok)
            #expect(try await postTelegram(client, "{not json") == .badRequest)
            #expect(try await postTelegram(client, textUpdate(70003, text: "x"), secret: "wrong") == .unauthorized)
            try await Task.sleep(for: .milliseconds(300))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
        }
    }
}
