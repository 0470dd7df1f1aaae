import BotCore
import BotServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Synchronization
import TestSupport
import Testing

@Suite("A full disk (SQLite's page cap, which fails writes with SQLITE_FULL as a full filesystem does)")
struct FullDiskTests {
    @Test("a message acknowledged before the disk filled is answered once space is back, without a restart")
    func recoversWhileRunning() async throws {
        let store = Mutex<SQLiteBotStore?>(nil)
        let fillBeforeNextSettle = Atomic<Bool>(false)
        var hooks = BenchmarkHooks()
        hooks.beforeSettling = {
            // The disk fills between the 200 and the answer's write.
            if fillBeforeNextSettle.exchange(false, ordering: .relaxed), let s = store.withLock({ $0 }) {
                try? await s.simulateFullDisk(true)
            }
        }
        try await withBot(hooks: hooks) { client, fake, sqlite in
            store.withLock { $0 = sqlite }
            #expect(try await postTelegram(client, TextLimitsTests.update(id: 1, chat: 1001, text: "xin chào")) == .ok)
            _ = await fake.waitFor("/sendMessage", count: 1)

            fillBeforeNextSettle.store(true, ordering: .relaxed)
            let text = "ngày bầu cử là ngày nào " + String(repeating: "nhé ", count: 1000)
            #expect(try await postTelegram(client, TextLimitsTests.update(id: 2, chat: 1002, text: text)) == .ok)
            try await Task.sleep(for: .milliseconds(400))
            #expect(fake.requests(endingWith: "/sendMessage").count == 1)
            let during = try await client.execute(uri: "/healthz", method: .get)
            #expect(during.status == .serviceUnavailable)
            #expect(String(buffer: during.body).contains(#""unsettled_messages":1"#))
            // While the disk is full a new message is refused (the platform redelivers it), not acknowledged.
            let filler = String(repeating: "đầy ", count: 1000)
            var refused = false
            for n in 3...40 where !refused {
                let status = try await postTelegram(client, TextLimitsTests.update(id: n, chat: 2000 + n, text: filler))
                refused = status == .internalServerError
            }
            #expect(refused)

            try await sqlite.simulateFullDisk(false)
            let sends = await fake.waitFor("/sendMessage", count: 2, timeout: .seconds(10))
            #expect(sends.contains { $0.body.contains(#""chat_id":1002"#) })
            #expect(try await postTelegram(client, TextLimitsTests.update(id: 99, chat: 1099, text: "xin chào")) == .ok)
            try await Task.sleep(for: .milliseconds(300))
            let after = try await client.execute(uri: "/healthz", method: .get)
            #expect(after.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(
                String(buffer: metrics.body).contains(
                    #"electionbot_store_write_failures_total{operation="settle_inbound"}"#))
        }
    }
}

@Suite("Admission control")
struct AdmissionTests {
    @Test(
        "above the backlog limit a webhook gets 503 with Retry-After and nothing is recorded; /healthz shows the depth")
    func backlogLimit() async throws {
        let limit: @Sendable (inout BotConfig, String) -> Void = { config, _ in config.maxBacklog = 2 }
        try await withBot(configure: limit) { client, fake, store in
            // The platform holds every send back: the replies stay in the outbox.
            fake.enqueue(
                "/sendMessage",
                Array(
                    repeating: .init(
                        status: .tooManyRequests,
                        body:
                            #"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":30}}"#
                    ),
                    count: 5))
            for n in 1...2 {
                let status = try await postTelegram(
                    client, TextLimitsTests.update(id: n, chat: 3000 + n, text: "xin chào"))
                #expect(status == .ok)
            }
            try await Task.sleep(for: .seconds(1))
            let refused = try await client.execute(
                uri: "/webhook/telegram", method: .post,
                headers: [
                    .contentType: "application/json",
                    HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: "s3cret-token",
                ],
                body: ByteBuffer(string: TextLimitsTests.update(id: 3, chat: 3003, text: "xin chào")))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "30")
            #expect(try await store.recentConversations(limit: 10).count == 2)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(String(buffer: health.body).contains(#""backlog":2,"backlog_limit":2"#))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(
                String(buffer: metrics.body).contains(#"electionbot_admission_refusals_total{channel="telegram"} 1"#))
        }
    }
}
