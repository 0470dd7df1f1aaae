import Synchronization

/// Users whose row this store wrote moments ago, so that their next messages need no upsert.
///
/// Every recorded message used to upsert its sender (last contact, chat id, clearing an unreachable mark):
/// one more statement, and one more B-tree page in the commit, per message. Chats come in bursts — a citizen
/// asks several questions in a row — so the row written a minute ago already says everything but a newer
/// `last_inbound_at`. A message is therefore upserted only when its sender is not here, wrote from another
/// chat, or was written more than ``refreshMillis`` ago: `last_inbound_at` is exact to within that window.
///
/// Marking a user unreachable forgets them first, so their next message clears the mark as before. Entries
/// are added after the upsert's transaction committed (never for a write that rolled back). The cache is per
/// process: with several replicas on one database (PostgreSQL), a replica that did not see the mark may skip
/// clearing it for at most ``refreshMillis``.
final class RecentUsers: Sendable {
    /// How stale `last_inbound_at` may get before a message refreshes it.
    static let refreshMillis: Int64 = 60_000
    /// Entries kept at most; when full the cache starts over (cheaper than an LRU, and a miss only costs
    /// the upsert that would have run anyway).
    static let capacity = 50_000

    private struct Entry {
        var chatID: String
        var writtenAt: Int64
    }
    private let entries = Mutex<[UserKey: Entry]>([:])

    struct UserKey: Hashable {
        var platform: String
        var userID: String
    }

    /// True when the message must upsert its sender.
    func needsUpsert(platform: String, userID: String, chatID: String, at millis: Int64) -> Bool {
        entries.withLock { entries in
            guard let entry = entries[UserKey(platform: platform, userID: userID)] else { return true }
            return entry.chatID != chatID || millis - entry.writtenAt >= Self.refreshMillis
                || millis < entry.writtenAt
        }
    }

    /// Records an upsert that has committed.
    func upserted(platform: String, userID: String, chatID: String, at millis: Int64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[UserKey(platform: platform, userID: userID)] = Entry(chatID: chatID, writtenAt: millis)
        }
    }

    /// Forgets a user (before marking them unreachable, so that their next message upserts again).
    func forget(platform: String, userID: String) {
        _ = entries.withLock { $0.removeValue(forKey: UserKey(platform: platform, userID: userID)) }
    }
}
