import Foundation
import Storage
import TestSupport
import Testing

@Suite("Schema and health")
struct SchemaTests {
    @Test func migrationsAreIdempotentOnReopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for round in 0..<3 {
            let store = try SQLiteBotStore(path: directory.databasePath)
            let health = await store.health()
            #expect(health.ok && health.problem == nil)
            #expect(health.schemaVersion == SQLiteBotStore.latestSchemaVersion)
            #expect(health.outboxDepth == [.reply: round, .broadcast: 0, .reminder: 0])
            _ = try await store.enqueue([reply("reply:\(round)")])
            #expect(try await store.recordInbound(inbound("k\(round)")))
            try await store.close()
        }
    }

    @Test func fileUsesWriteAheadLogging() async throws {
        try await withStore { store, directory, _ in
            _ = try await store.recordInbound(inbound("k"))
            #expect(FileManager.default.fileExists(atPath: directory.databasePath + "-wal"))
        }
    }

    @Test func healthReportsAClosedStore() async throws {
        let store = try SQLiteBotStore.inMemory()
        try await store.close()
        let health = await store.health()
        #expect(!health.ok && health.problem != nil)
    }
}
