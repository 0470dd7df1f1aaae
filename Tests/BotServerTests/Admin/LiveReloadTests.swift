import CurlTransport
import ElectionKnowledge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntentFiles
import NIOCore
import Storage
import Synchronization
import TestSupport
import Testing

@testable import BotCore
@testable import BotServer

#if canImport(Glibc)
    import Glibc
#endif

/// Appends `marker` as the last line of the election-day intent's answer.
func markElectionDayAnswer(in directory: URL, marker: String) throws {
    let file = directory.appendingPathComponent("lich-moc-thoi-gian.yml")
    var text = try String(contentsOf: file, encoding: .utf8)
    let anchor =
        "      Ngày bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021–2026 là {election.when}.\n"
    guard let range = text.range(of: anchor) else { throw CocoaError(.fileReadCorruptFile) }
    text.replaceSubrange(range, with: anchor + "      \(marker)\n")
    try text.write(to: file, atomically: true, encoding: .utf8)
}

@Suite("Live knowledge reload and retention while webhooks keep coming (real sockets)", .serialized)
struct LiveReloadTests {
    @Test(
        "edits go live by themselves, a broken edit is refused with file:line and the old knowledge answers; no request fails"
    )
    func reloadUnderLoad() async throws {
        let directory = try copyOfIntents()
        defer { try? FileManager.default.removeItem(at: directory) }
        let watchOften: @Sendable (inout BotConfig) -> Void = { $0.knowledgeWatchInterval = .milliseconds(100) }
        try await withAdminBot(intents: directory.path, configure: watchOften) {
            client, fake, store, _ in
            let statuses = Locked<[HTTPResponse.Status]>([])
            let stop = Locked(false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The load: one question after another, for as long as the edits go on.
                group.addTask {
                    var id = 60_000
                    while !stop.value {
                        let status = try await postTelegram(
                            client, textUpdate(id, chat: 3000 + id % 50, text: "ngày bầu cử là ngày nào"),
                            secret: "s3cret-token")
                        statuses.withLock { $0.append(status) }
                        id += 1
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                let before = try IntentLoader.load(directory: directory.path).get().version
                try markElectionDayAnswer(in: directory, marker: "MOC-KIEM-THU-1")
                let marked = await waitUntil(timeout: .seconds(15)) {
                    fake.requests(endingWith: "/sendMessage").contains { $0.body.contains("MOC-KIEM-THU-1") }
                }
                #expect(marked)
                let knowledge = try decoded(try await adminCall(client, .get, "knowledge").body)
                let version = try #require(knowledge["version"] as? [String: Any])
                #expect(version["trigger"] as? String == "watch")
                let after = try #require(version["hash"] as? String)
                #expect(after != before)

                // A broken file: refused, listed with its line, and the marked knowledge keeps answering.
                try "intents:\n  - id: moi.hong\n    title: [chưa đóng\n".write(
                    to: directory.appendingPathComponent("zz-hong.yml"), atomically: true, encoding: .utf8)
                var refused: [String] = []
                _ = await waitUntil(timeout: .seconds(15)) {
                    let k = try? decoded((try? await adminCall(client, .get, "knowledge").body) ?? "")
                    let last = k?["last_reload"] as? [String: Any]
                    refused = last?["errors"] as? [String] ?? []
                    return last?["ok"] as? Bool == false
                }
                #expect(refused.contains { $0.contains("zz-hong.yml:") }, "\(refused)")
                let sentBefore = fake.requests(endingWith: "/sendMessage").count
                let more = await waitUntil(timeout: .seconds(10)) {
                    fake.requests(endingWith: "/sendMessage").count >= sentBefore + 20
                }
                #expect(more)
                // Replies leave in delivery order; the log is in answering order: its latest rows came after the
                // refusal, from the marked knowledge.
                let latest = try await store.recentConversations(limit: 10)
                #expect(latest.count == 10)
                #expect(latest.allSatisfy { $0.reply.contains("MOC-KIEM-THU-1") && $0.knowledgeVersion == after })
                #expect(try await adminCall(client, .get, "knowledge").body.contains(after))
                // However fast the edits went, the load covered a good stretch of requests.
                _ = await waitUntil(timeout: .seconds(20)) { statuses.value.count >= 60 }
                stop.withLock { $0 = true }
                try await group.waitForAll()
            }
            let all = statuses.withLock { $0 }
            #expect(all.count > 50)
            #expect(all.allSatisfy { $0 == .ok }, "failed webhooks: \(all.filter { $0 != .ok })")
            let health = try decoded(String(buffer: try await client.execute(uri: "/healthz", method: .get).body))
            let k = try #require(health["knowledge"] as? [String: Any])
            #expect((k["last_reload"] as? [String: Any])?["ok"] as? Bool == false)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"electionbot_knowledge_reloads_total{result="refused"}"#))
        }
    }

    @Test("a burst of writes is one reload; POST /admin/api/reload answers 422 with the problems, then 200")
    func burstAndAPI() async throws {
        let directory = try copyOfIntents()
        defer { try? FileManager.default.removeItem(at: directory) }
        let watchSlowly: @Sendable (inout BotConfig) -> Void = { $0.knowledgeWatchInterval = .milliseconds(300) }
        try await withAdminBot(intents: directory.path, configure: watchSlowly) {
            client, _, store, _ in
            for n in 1...5 { try markElectionDayAnswer(in: directory, marker: "burst \(n)") }
            let reloaded = await waitUntil(timeout: .seconds(10)) {
                String(buffer: (try? await client.execute(uri: "/metrics", method: .get).body) ?? ByteBuffer())
                    .contains(#"electionbot_knowledge_reloads_total{result="ok"} 1"#)
            }
            #expect(reloaded)
            try await Task.sleep(for: .milliseconds(800))
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"electionbot_knowledge_reloads_total{result="ok"} 1"#))

            let serving = try decoded(try await adminCall(client, .get, "knowledge").body)["version"] as? [String: Any]
            // The API path, with the watcher too slow to see it first: a broken edit, then its fix.
            let file = directory.appendingPathComponent("chung-tro-chuyen.yml")
            let good = try String(contentsOf: file, encoding: .utf8)
            try good.replacingOccurrences(of: "    title:", with: "    titel:").write(
                to: file, atomically: true, encoding: .utf8)
            let broken = try await adminCall(client, .post, "reload")
            #expect(broken.status == .unprocessableContent)
            let body = try decoded(broken.body)
            let errors = try #require(body["errors"] as? [String])
            #expect(errors.contains { $0.contains("chung-tro-chuyen.yml:") && $0.contains("titel") })
            #expect((body["version"] as? [String: Any])?["hash"] as? String == serving?["hash"] as? String)
            try good.write(to: file, atomically: true, encoding: .utf8)
            let fixed = try await adminCall(client, .post, "reload")
            #expect(fixed.status == .ok)
            let audit = try await store.auditEntries(limit: 5).filter { $0.action == "reload" }
            #expect(audit.count == 2 && audit.allSatisfy { $0.admin == "lan" })
            #expect(audit.last?.detail.hasPrefix("refused") == true)
        }
    }

    @Test("retention prunes old rows in batches while webhooks are answered; young rows stay; nothing fails")
    func retentionDuringLoad() async throws {
        let pruneOften: @Sendable (inout BotConfig) -> Void = { config in
            config.retention.interval = .milliseconds(30)
            config.retention.batch = 200
            config.retention.policy = RetentionPolicy(
                conversations: .seconds(86_400), settledInbox: .seconds(86_400), finishedOutbox: .seconds(86_400),
                audit: nil)
        }
        try await withAdminBot(configure: pruneOften) { client, fake, store, _ in
            let old = Date().addingTimeInterval(-3 * 86_400)
            for chunk in 0..<20 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<100 {
                        group.addTask {
                            try await store.logConversation(
                                ConversationEntry(
                                    platform: "telegram", userID: "old-\(chunk * 100 + n)", chatID: "1",
                                    question: "cũ", intent: nil, confidence: 0, isFallback: true, reply: "r", at: old))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<300 {
                statuses.append(
                    try await postTelegram(
                        client, textUpdate(70_000 + n, chat: 4000 + n % 20, text: "bao nhiêu tuổi thì được đi bầu cử?"),
                        secret: "s3cret-token"))
            }
            #expect(statuses.allSatisfy { $0 == .ok })
            _ = await fake.waitFor("/sendMessage", count: 300, timeout: .seconds(30))
            let pruned = await waitUntil(timeout: .seconds(15)) {
                (try? await store.unansweredQuestions(limit: 10).isEmpty) == true
            }
            #expect(pruned)
            let left = try await store.recentConversations(limit: 5000)
            #expect(left.count == 300)
            #expect(left.allSatisfy { $0.userID.hasPrefix("4") })
            var retention: [String: Any] = [:]
            // The pass that deleted the last rows records its total when it ends.
            let counted = await waitUntil(timeout: .seconds(5)) {
                let body = (try? await client.execute(uri: "/healthz", method: .get).body) ?? ByteBuffer()
                retention = (try? decoded(String(buffer: body)))?["retention"] as? [String: Any] ?? [:]
                return retention["total_deleted"] as? Int == 4000
            }
            #expect(counted, "\(retention)")  // 2000 conversations and their 2000 unanswered rows
            #expect((retention["policy_days"] as? [String: Any])?["conversations"] as? Int == 1)
        }
    }

    @Test("/xoa deletes the sender's history and subscription, and answers")
    func citizenForgetsThemselves() async throws {
        try await withAdminBot { client, fake, store, _ in
            try await store.addSubscriber(
                Subscriber(
                    platform: "telegram", userID: "880", chatID: "880", role: "uy-ban-bau-cu-xa", level: "xa",
                    subscribedAt: Date()))
            #expect(
                try await postTelegram(
                    client, textUpdate(80_001, chat: 880, text: "giá vàng hôm nay"), secret: "s3cret-token") == .ok)
            #expect(
                try await postTelegram(
                    client, textUpdate(80_002, chat: 881, text: "giá vàng hôm nay"), secret: "s3cret-token") == .ok)
            _ = await fake.waitFor("/sendMessage", count: 2)
            #expect(try await store.recentConversations(limit: 10).count == 2)
            #expect(
                try await postTelegram(client, textUpdate(80_003, chat: 880, text: "/xoa"), secret: "s3cret-token")
                    == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 3)
            let reply = try #require(sends.last?.body)
            #expect(reply.contains(#""chat_id":880"#))
            let log = try await store.recentConversations(limit: 10)
            #expect(log.map(\.userID) == ["881"])
            #expect(try await store.unansweredQuestions(limit: 10).map(\.userID) == ["881"])
            #expect(try await store.subscription(platform: "telegram", userID: "880") == nil)
        }
    }

    @Test(
        "SIGHUP reloads the knowledge of a running electionbot serve",
        .enabled(if: FileManager.default.isExecutableFile(atPath: electionbotBinary)))
    func sighupReloads() async throws {
        let directory = try copyOfIntents()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("hup-\(UUID()).sqlite").path
        let port = Int.random(in: 20_000..<30_000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: electionbotBinary)
        p.arguments = ["serve", "--env-file", "/nonexistent/.env"]
        p.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOST": "127.0.0.1",
            "PORT": String(port), "ELECTIONBOT_DB": db, "ELECTIONBOT_INTENTS": directory.path,
            "INTENTS_WATCH_INTERVAL_MS": "0", "LOG_LEVEL": "error",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer {
            p.terminate()
            p.waitUntilExit()
        }
        let http = CurlHTTPClient()
        func knowledge() async -> [String: Any]? {
            guard let r = try? await http.send(TransportRequest(url: "http://127.0.0.1:\(port)/healthz")) else {
                return nil
            }
            return (try? decoded(String(decoding: r.body, as: UTF8.self)))?["knowledge"] as? [String: Any]
        }
        let up = await waitUntil(timeout: .seconds(20)) { await knowledge() != nil }
        #expect(up)
        let before = await knowledge()?["version"] as? String
        try markElectionDayAnswer(in: directory, marker: "sau SIGHUP")
        try await Task.sleep(for: .milliseconds(300))
        // With the watcher off, nothing changes until the signal.
        #expect(await knowledge()?["version"] as? String == before)
        kill(p.processIdentifier, SIGHUP)
        let reloaded = await waitUntil(timeout: .seconds(10)) { await knowledge()?["trigger"] as? String == "signal" }
        #expect(reloaded)
        #expect(await knowledge()?["version"] as? String != before)
        #expect(p.isRunning)
        await http.shutdown()
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
func waitUntil(timeout: Duration, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

/// A value shared between a test and the tasks it starts.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
