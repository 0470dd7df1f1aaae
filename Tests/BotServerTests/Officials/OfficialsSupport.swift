import BotServer
import Foundation
import HummingbirdTesting
import Storage
import TestSupport

@testable import BotCore

/// Like `withBot`, with the configuration open to the test (rates, Messenger, message tag) and the bot's
/// delivery pointed at the fake platform for every channel the test enables.
func withOfficialsBot(
    databasePath: String? = nil, configure: @Sendable (inout BotConfig, String) -> Void = { _, _ in },
    _ body: @Sendable (any TestClientProtocol, FakePlatformServer, SQLiteBotStore) async throws -> Void
) async throws {
    try await withBot(databasePath: databasePath, configure: configure, body)
}

/// Adds `count` Telegram subscribers with chat ids `first`, `first+1`, …
func addSubscribers(
    _ store: any BotStore, count: Int, first: Int = 500_000, role: String = "to-bau-cu",
    level: String = "xa",
    platform: String = "telegram"
) async throws {
    for i in 0..<count {
        try await store.addSubscriber(
            Subscriber(
                platform: platform, userID: "\(first + i)", chatID: "\(first + i)", role: role,
                level: level,
                subscribedAt: Date()))
    }
}

/// The `chat_id` and `text` of a recorded Telegram sendMessage body.
func sentMessage(_ body: String) -> (chat: String, text: String)? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    else { return nil }
    let chat = (object["chat_id"] as? NSNumber)?.stringValue ?? (object["chat_id"] as? String) ?? ""
    return (chat, object["text"] as? String ?? "")
}

/// Polls until the broadcast has nothing queued or in flight, or the timeout passes.
func waitUntilFinished(_ store: any BotStore, broadcast id: Int64, timeout: Duration = .seconds(20))
    async throws
    -> BroadcastStatus?
{
    let deadline = ContinuousClock.now + timeout
    var status = try await store.broadcastStatus(id: id)
    while status?.isFinished == false, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
        status = try await store.broadcastStatus(id: id)
    }
    return status
}

/// A configuration step that sets the broadcast lane's rate.
func broadcastRate(_ rate: Double) -> @Sendable (inout BotConfig, String) -> Void {
    { c, _ in c.delivery.broadcastRate = rate }
}
