import Foundation
import Testing

@testable import ElectionKnowledge

/// Replies tell people what to type: “gõ “menu””, “gõ /start”, “ví dụ “khi nào …?””. Every such phrase must
/// reach the intent it promises, or the advice sends people to a refusal.
@Suite("Phrases the replies advertise")
struct AdvertisedPhrasesTests {
    let today = CivilDate(year: 2021, month: 5, day: 1)!

    /// Where each advertised phrase must lead. A new advertised phrase must be added here.
    static let intended: [String: String] = [
        "menu": "chung.menu",
        "/start": "chung.menu",
        "lịch bầu cử": "lich.tong-quan",
        "khi nào niêm yết danh sách cử tri?": "luat.danh-sach-cu-tri.niem-yet",
        "quyền của cử tri": "luat.quyen-cu-tri",
    ]

    /// Topics the replies offer in their lists (“Mình giúp được: …, quyền của cử tri, …”) without a “gõ”:
    /// typed as they are written, each must reach the intent that answers it.
    static let offeredTopics: [String: String] = [
        "quyền của cử tri": "luat.quyen-cu-tri",
        "quyền và nghĩa vụ của cử tri": "luat.quyen-cu-tri",
    ]

    /// The phrases a text tells the reader to type: after “gõ” (quoted or a /command) or “ví dụ”.
    static func advertised(in text: String) -> [String] {
        var out: [String] = []
        let patterns = [#"(?i)gõ\s+“([^”]+)”"#, #"(?i)gõ\s+(/[a-z]+)"#, #"(?i)ví dụ\s+“([^”]+)”"#]
        for pattern in patterns {
            let regex = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: range) {
                if let r = Range(match.range(at: 1), in: text) { out.append(String(text[r])) }
            }
        }
        return out
    }

    @Test("every topic a reply offers is still offered and reaches its intent")
    func everyOfferedTopicReachesItsIntent() throws {
        let kb = try Shipped.knowledge.get()
        let texts = kb.intents.flatMap(\.answers).map { $0.lowercased() }
        for (topic, expected) in Self.offeredTopics.sorted(by: { $0.key < $1.key }) {
            #expect(texts.contains { $0.contains(topic) }, "no reply offers “\(topic)” any more")
            let reply = kb.answer(topic, today: today)
            #expect(reply.intent == expected, "“\(topic)” reached \(reply.intent ?? "a fallback")")
            let folded = kb.answer(topic.folding(options: .diacriticInsensitive, locale: nil), today: today)
            #expect(folded.intent == expected, "“\(topic)” without diacritics reached \(folded.intent ?? "a fallback")")
        }
    }

    @Test("the extractor finds quoted phrases and commands")
    func extractor() {
        #expect(Self.advertised(in: "Gõ “menu” để xem, hoặc gõ /start.") == ["menu", "/start"])
        #expect(Self.advertised(in: "ví dụ “khi nào bầu?”.") == ["khi nào bầu?"])
    }

    @Test("every phrase a reply advertises reaches its intent")
    func everyPhraseReachesItsIntent() throws {
        let kb = try Shipped.knowledge.get()
        var texts = kb.intents.flatMap(\.answers)
        // The engine's own replies: not sure, unknown command.
        texts.append(kb.answer("xyzzy qwerty", today: today).text)
        texts.append(kb.answer("/khongco", today: today).text)
        var phrases = Set<String>()
        for text in texts { phrases.formUnion(Self.advertised(in: text)) }
        #expect(phrases.contains("menu") && phrases.contains("/start"))
        for phrase in phrases.sorted() {
            guard let expected = Self.intended[phrase] else {
                Issue.record("advertised phrase “\(phrase)” has no intended intent in this test")
                continue
            }
            let reply = kb.answer(phrase, today: today)
            #expect(reply.intent == expected, "“\(phrase)” reached \(reply.intent ?? "a fallback")")
        }
    }
}
