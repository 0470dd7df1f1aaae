import Foundation
import Storage
import Synchronization

// Test helpers shared by every test target: a temporary store that cleans up, a clock moved by hand.

/// A fresh directory under the system temp dir, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var databasePath: String { url.appendingPathComponent("bot.sqlite").path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A settable clock shared with the store under test.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = TestClock.start) { current = Mutex(start) }

    /// 2026-05-20 00:00:00 UTC, a whole second so millisecond storage round-trips exactly.
    public static let start = Date(timeIntervalSince1970: 1_779_235_200)

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    public func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Runs `body` with a store on a real file in a temp directory, closing it and deleting the directory after.
public func withStore<T>(
    clock: TestClock = TestClock(),
    _ body: (SQLiteBotStore, TemporaryDirectory, SQLiteBotStore.Options) async throws -> T
) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let options = SQLiteBotStore.Options(clock: { clock.now })
    let store = try SQLiteBotStore(path: directory.databasePath, options: options)
    do {
        let result = try await body(store, directory, options)
        try? await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}
