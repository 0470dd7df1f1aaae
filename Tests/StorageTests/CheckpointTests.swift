import Foundation
import Storage
import TestSupport
import Testing

@Suite("WAL checkpoints")
struct CheckpointTests {
    /// Writes about 1 MiB in one transaction (about 300 WAL pages, below both automatic thresholds) and
    /// reports the size of the main database file once a checkpointer had time to run.
    private func mainFileSize(checkpointInterval: Duration?) async throws -> Int {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteBotStore(
            path: directory.databasePath, options: .init(checkpointInterval: checkpointInterval))
        let payload = String(repeating: "p", count: 2048)
        _ = try await store.enqueue(
            (0..<500).map {
                OutboxItem(lane: .broadcast, platform: "zalo", chatID: "c\($0)", payload: payload, uniqueKey: "b\($0)")
            })
        var size = 0
        for _ in 0..<(checkpointInterval == nil ? 10 : 100) {  // up to 5 s on a loaded machine
            try await Task.sleep(for: .milliseconds(50))
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.databasePath)
            size = (attributes[.size] as? Int) ?? 0
            if size > 1_000_000 { break }
        }
        try await store.close()
        return size
    }

    @Test func backgroundCheckpointerCopiesTheWALWhileOpen() async throws {
        #expect(try await mainFileSize(checkpointInterval: .milliseconds(20)) > 1_000_000)
    }

    @Test func withoutItTheDataStaysInTheWALBelowTheThreshold() async throws {
        #expect(try await mainFileSize(checkpointInterval: nil) < 1_000_000)
    }
}
