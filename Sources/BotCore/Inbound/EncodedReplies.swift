import Channels
import Storage
import Synchronization

/// Outbox payloads of recent answers, by content.
///
/// Almost every reply is one of the knowledge base's prepared texts with its suggestion buttons, and its
/// payload is then the same bytes every time. Encoding it through json-c (a tree of a dozen objects, then
/// escaping about a kilobyte of text) measured 17 µs per message under webhook load, more than matching the
/// question, so the pipeline encodes each distinct reply once. Replies that carry per-message fields (a
/// message to reply to in a group, a button press to acknowledge) are encoded every time.
final class EncodedReplies: Sendable {
    /// Distinct replies kept; when full the cache starts over (a day's timeline texts replace yesterday's).
    static let capacity = 1_024

    /// The stored fields of a reply, compared byte for byte (see `BytewiseText`).
    private struct Key: Hashable {
        var text: BytewiseText
        var suggestions: [BytewiseText]  // title, payload, title, payload, …

        init(_ payload: ReplyPayload) {
            text = BytewiseText(payload.text)
            suggestions = payload.suggestions.flatMap { [BytewiseText($0.title), BytewiseText($0.payload)] }
        }
    }

    private let cache = Mutex<[Key: String]>([:])

    func encoded(_ payload: ReplyPayload) -> String {
        guard payload.replyToMessageID == nil, payload.callbackQueryID == nil else { return payload.encoded() }
        let key = Key(payload)
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let text = payload.encoded()
        cache.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = text
        }
        return text
    }

    /// Distinct replies cached now (for tests).
    var count: Int { cache.withLock { $0.count } }
}
