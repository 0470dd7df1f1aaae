import Foundation
import Storage
import Synchronization

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("bot.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A settable clock shared with the store under test.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = TestClock.start) { current = Mutex(start) }

    /// 2026-05-20 00:00:00 UTC, a whole second so millisecond storage round-trips exactly.
    static let start = Date(timeIntervalSince1970: 1_779_235_200)

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Runs `body` with a store on a real file in a temp directory, closing it and deleting the directory after.
func withStore<T>(
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

func inbound(_ key: String, user: String = "u1", text: String = "Ngày bầu cử?", at: Date = TestClock.start)
    -> InboundRecord
{
    InboundRecord(
        dedupeKey: key, platform: "telegram", userID: user, chatID: "chat-\(user)", text: text, receivedAt: at,
        payload: #"{"update_id":1}"#)
}

func reply(
    _ key: String, lane: OutboxLane = .reply, chat: String = "c1", notBefore: Date? = nil, broadcast: Int64? = nil
)
    -> OutboxItem
{
    OutboxItem(
        lane: lane, platform: "telegram", chatID: chat, payload: #"{"text":"hi"}"#, uniqueKey: key,
        notBefore: notBefore, broadcastID: broadcast)
}
