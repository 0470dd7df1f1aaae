import Channels
import Foundation
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

    private struct Key: Hashable {
        var text: String
        var suggestions: [Channels.Suggestion]

        // Hashing and comparing the UTF-8 bytes: `String`'s own hashing normalises non-ASCII text (Unicode
        // canonical equivalence), several times slower on Vietnamese, and the payload must be byte-identical
        // anyway.
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(suggestions.count)
            for s in suggestions { hasher.combine(s.payload.utf8.count) }
        }

        static func == (a: Key, b: Key) -> Bool {
            sameBytes(a.text, b.text) && a.suggestions.count == b.suggestions.count
                && zip(a.suggestions, b.suggestions).allSatisfy {
                    sameBytes($0.title, $1.title) && sameBytes($0.payload, $1.payload)
                }
        }

        /// memcmp of the UTF-8 storage (`utf8.elementsEqual` walks byte by byte through the generic
        /// iterator: it took half as long as answering the question).
        private static func sameBytes(_ a: String, _ b: String) -> Bool {
            var a = a
            var b = b
            return a.withUTF8 { x in
                b.withUTF8 { y in
                    x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
                }
            }
        }
    }

    private let cache = Mutex<[Key: String]>([:])

    func encoded(_ payload: ReplyPayload) -> String {
        guard payload.replyToMessageID == nil, payload.callbackQueryID == nil else { return payload.encoded() }
        let key = Key(text: payload.text, suggestions: payload.suggestions)
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
