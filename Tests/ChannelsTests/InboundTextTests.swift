import Channels
import Foundation
import Testing

@Suite("The text the bot keeps of a message")
struct InboundTextTests {
    @Test("ordinary Vietnamese, with tabs and line breaks, is kept as is")
    func ordinary() {
        let text = "Người tạm trú\tbầu ở đâu?\nCảm ơn ad"
        let cleaned = InboundText.clean(text)
        #expect(cleaned.text == text && !cleaned.truncated)
        // Decomposed (NFD) Vietnamese carries two marks on a letter: kept.
        let decomposed = "e\u{302}\u{301}"
        #expect(InboundText.clean(decomposed).text.unicodeScalars.count == 3)
    }

    @Test("NUL and other control characters are dropped, the text after them is kept")
    func controls() {
        #expect(InboundText.clean("ai đi\u{0}bầu\u{7}được").text == "ai đibầuđược")
    }

    @Test("a letter with thousands of combining marks keeps four")
    func marks() {
        let cleaned = InboundText.clean("a" + String(repeating: "\u{301}", count: 99_000) + " b")
        #expect(Array(cleaned.text.unicodeScalars).count == 1 + InboundText.maxMarksPerBase + 2)
        #expect(!cleaned.truncated)
    }

    @Test("a text beyond the platforms' limit keeps its start and says it was cut")
    func long() {
        let cleaned = InboundText.clean(String(repeating: "ă", count: 5000))
        #expect(cleaned.text.unicodeScalars.count == InboundText.maxScalars)
        #expect(cleaned.truncated)
        let message = InboundMessage(
            platform: .zalo, dedupeKey: "zl:1", userID: "u", chatID: "u", text: "x\u{0}y", receivedAt: Date())
        #expect(message.text == "xy")
        #expect(!message.textWasTruncated)
    }
}
