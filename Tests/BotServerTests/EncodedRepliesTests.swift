import Channels
import TestSupport
import Testing

@testable import BotCore
@testable import BotServer

@Suite("Encoded replies cache")
struct EncodedRepliesTests {
    static let buttons = [
        Channels.QuickReply(title: "Lịch bầu cử", payload: "lich"),
        Channels.QuickReply(title: "Quyền cử tri", payload: "quyen"),
    ]

    @Test("a cached payload is byte for byte what encoding gives, and a repeat is served from the cache")
    func hitsMatchEncoding() {
        let cache = EncodedReplies()
        let reply = ReplyPayload(text: "Ngày bầu cử là Chủ Nhật, 23/05/2021.", suggestions: Self.buttons)
        #expect(cache.encoded(reply) == reply.encoded())
        #expect(cache.encoded(reply) == reply.encoded())
        #expect(cache.count == 1)
        #expect(ReplyPayload.decode(cache.encoded(reply)) == reply)
    }

    @Test("replies differing in text, a button or its payload are different entries")
    func keysCoverEveryStoredField() {
        let cache = EncodedReplies()
        let base = ReplyPayload(text: "Điều 2", suggestions: Self.buttons)
        var otherText = base
        otherText.text = "Điều 3"
        var otherButton = base
        otherButton.suggestions[1].payload = "quyen-ung-cu"
        var fewerButtons = base
        fewerButtons.suggestions.removeLast()
        for reply in [base, otherText, otherButton, fewerButtons] {
            #expect(ReplyPayload.decode(cache.encoded(reply)) == reply)
        }
        #expect(cache.count == 4)
    }

    @Test("per-message fields (a group message to reply to, a button press) bypass the cache")
    func perMessageFieldsAreNotCached() {
        let cache = EncodedReplies()
        let inGroup = ReplyPayload(text: "x", suggestions: [], replyToMessageID: "42")
        let pressed = ReplyPayload(text: "x", suggestions: [], callbackQueryID: "cb-1")
        #expect(ReplyPayload.decode(cache.encoded(inGroup)) == inGroup)
        #expect(ReplyPayload.decode(cache.encoded(pressed)) == pressed)
        #expect(cache.count == 0)
    }

    @Test("the cache starts over when full")
    func boundedSize() {
        let cache = EncodedReplies()
        for n in 0..<EncodedReplies.capacity { _ = cache.encoded(ReplyPayload(text: "r\(n)", suggestions: [])) }
        #expect(cache.count == EncodedReplies.capacity)
        _ = cache.encoded(ReplyPayload(text: "one more", suggestions: []))
        #expect(cache.count == 1)
    }
}
