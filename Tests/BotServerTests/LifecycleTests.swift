import BotServer
import Configuration
import CurlTransport
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization
import TestSupport
import Testing

/// The application as `serve` builds it, from configuration alone (an in-memory provider here): it opens the
/// store and the curl transport itself and closes them, last, when the service group shuts down.
func walSize(_ db: String) throws -> Int {
    guard FileManager.default.fileExists(atPath: db + "-wal") else { return 0 }
    return try FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int ?? 0
}

@Suite("Lifecycle")
struct LifecycleTests {
    @Test("built from an in-memory configuration; graceful shutdown (as on SIGTERM) closes the store")
    func shutdownClosesTheStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("life-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("bot.sqlite").path
        let reader = ConfigReader(
            provider: InMemoryProvider(values: [
                "host": "127.0.0.1", "port": "0", "electionbot.db": .init(.string(db), isSecret: false),
                "electionbot.intents": .init(.string(intentsDirectory), isSecret: false),
            ]))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let port = Mutex<Int?>(nil)
        let app = try await buildApplication(reader: reader, logger: logger) { p in port.withLock { $0 = p } }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let client = CurlHTTPClient()
            var health: TransportResponse?
            for _ in 0..<100 where health == nil {
                if let p = port.withLock({ $0 }) {
                    health = try? await client.send(.init(url: "http://127.0.0.1:\(p)/healthz"))
                } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            await client.shutdown()
            #expect(health?.status == 200)
            // While the store is open, the write-ahead log holds the migration's pages.
            #expect(try walSize(db) > 0)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // The store's close checkpoints the log into the file and empties it: the store was closed, although
        // `app` (which holds it) is still alive here.
        #expect(try walSize(db) == 0)
        withExtendedLifetime(app) {}
        let reopened = try SQLiteBotStore(path: db)
        #expect(try await reopened.pendingInbound(limit: 10).isEmpty)
        try await reopened.close()
    }
}
