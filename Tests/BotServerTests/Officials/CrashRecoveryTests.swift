import BotServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@testable import BotCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `electionbot` binary this test run built (swift test builds every product).
let electionbotBinary = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        ".build/debug/electionbot"
    ).path

@Suite("Crash recovery of a broadcast (electionbot serve as a subprocess)", .serialized)
struct CrashRecoveryTests {
    func launch(db: String, fakeBase: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: electionbotBinary)
        p.arguments = ["serve", "--env-file", "/nonexistent/.env"]
        p.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOST": "127.0.0.1",
            "PORT": "0",
            "ELECTIONBOT_DB": db, "ELECTIONBOT_INTENTS": intentsDirectory,
            "TELEGRAM_BOT_TOKEN": "123:TESTTOKEN", "TELEGRAM_SECRET_TOKEN": "crash-test-secret",
            "TELEGRAM_API_BASE": fakeBase, "TELEGRAM_CHAT_INTERVAL_MS": "0", "BROADCAST_RATE": "25",
            "OUTBOX_LEASE_SECONDS": "2", "LOG_LEVEL": "error",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test(
        "SIGKILL mid-broadcast, restart: every recipient gets it, at most one duplicate",
        .enabled(if: FileManager.default.isExecutableFile(atPath: electionbotBinary)))
    func killAndRestart() async throws {
        let fake = FakePlatformServer()
        let fakeApp = Application(
            router: fake.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID()).sqlite")
            .path
        let recipients = 80
        try await fakeApp.test(.live) { fakeClient in
            let base = "http://127.0.0.1:\(fakeClient.port!)"
            let id: Int64
            do {
                let store = try SQLiteBotStore(path: db)
                try await addSubscribers(store, count: recipients)
                id = try await Broadcaster(store: store).send(
                    audience: .everyone, text: "sau sự cố", createdBy: "t"
                ).id
            }
            let first = try launch(db: db, fakeBase: base)
            let before = await fake.waitFor("/sendMessage", count: 25, timeout: .seconds(30))
            #expect(before.count >= 25)
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            #expect(first.terminationReason == .uncaughtSignal)
            let atKill = fake.requests(endingWith: "/sendMessage").count
            #expect(atKill < recipients)  // killed mid-broadcast

            let second = try launch(db: db, fakeBase: base)
            defer {
                second.terminate()
                second.waitUntilExit()
            }
            let store = try SQLiteBotStore(path: db)
            let status = try #require(
                try await waitUntilFinished(store, broadcast: id, timeout: .seconds(60)))
            #expect(status.counts[.sent] == recipients)
            var perChat: [String: Int] = [:]
            for r in fake.requests(endingWith: "/sendMessage") {
                if let chat = sentMessage(r.body)?.chat { perChat[chat, default: 0] += 1 }
            }
            #expect(perChat.count == recipients)
            // A duplicate is a row whose send had reached the platform but whose `sent` mark had not been
            // committed at the kill: at most one per recipient, and no more than the sends that can be in flight
            // at once (the libcurl workers, 4 by default).
            let duplicates = perChat.values.reduce(0) { $0 + $1 - 1 }
            #expect(perChat.values.allSatisfy { $0 <= 2 }, "\(perChat.filter { $0.value > 2 })")
            #expect(duplicates <= 4, "duplicates: \(perChat.filter { $0.value > 1 })")
        }
    }
}
