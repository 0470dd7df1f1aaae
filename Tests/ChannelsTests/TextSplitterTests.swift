import Foundation
import FuzzSupport
import Testing

@testable import Channels

@Suite struct TextSplitterTests {
    @Test func shortTextIsOneChunk() {
        #expect(TextSplitter.split("Xin chào", limit: 4096) == ["Xin chào"])
        #expect(TextSplitter.split("  \n ", limit: 10) == [])
        #expect(TextSplitter.split("", limit: 10) == [])
    }

    @Test func paragraphBreakIsPreferred() {
        let text = "Một hai ba.\nBốn năm.\n\nSáu bảy tám chín mười."
        #expect(TextSplitter.split(text, limit: 25) == ["Một hai ba.\nBốn năm.", "Sáu bảy tám chín mười."])
    }

    @Test func lineBreakThenSpace() {
        #expect(TextSplitter.split("aaa bbb\nccc ddd eee", limit: 12) == ["aaa bbb", "ccc ddd eee"])
        #expect(TextSplitter.split("aaa bbb ccc ddd", limit: 8) == ["aaa bbb", "ccc ddd"])
    }

    @Test func singleLongWordIsCutHard() {
        #expect(TextSplitter.split("abcdefghij kl", limit: 4) == ["abcd", "efgh", "ij", "kl"])
    }

    @Test func surrogatePairsAndClustersStayWhole() {
        let emoji = String(repeating: "😀", count: 5)  // 10 UTF-16 units
        let chunks = TextSplitter.split(emoji, limit: 5)
        #expect(chunks == ["😀😀", "😀😀", "😀"])
        let family = "👨‍👩‍👧" + "👨‍👩‍👧"  // 8 units each
        #expect(TextSplitter.split(family, limit: 9) == ["👨‍👩‍👧", "👨‍👩‍👧"])
        // "ệ" typed as e + combining dot below + combining circumflex: 3 units, one character.
        let decomposed = String(repeating: "e\u{323}\u{302}", count: 3)
        #expect(TextSplitter.split(decomposed, limit: 4).allSatisfy { $0 == "e\u{323}\u{302}" })
    }

    @Test func clusterLongerThanTheLimitIsCutBetweenScalars() {
        let zalgo = "a" + String(repeating: "\u{301}", count: 9)  // one character of 10 units
        let chunks = TextSplitter.split(zalgo, limit: 4)
        #expect(chunks.map { $0.utf16.count } == [4, 4, 2])
        #expect(chunks.joined().unicodeScalars.elementsEqual(zalgo.unicodeScalars))
    }

    /// Random texts: every chunk fits, none is empty, and the chunks hold every non-space character in order.
    @Test func randomTextsRespectTheLimitAndKeepOrder() {
        var random = SplitMix64(seed: 2024)
        let pieces = [
            "bầu", "cử", "ngày", "😀", "👨‍👩‍👧", "e\u{323}\u{302}", "Đăng-ký-tạm-trú-dài", " ", " ", "\n", "\n\n", "x",
            " \u{323}\u{338}", "\u{FFFD}", "\r\n",
        ]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...400, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let limit = Int.random(in: 8...60, using: &random)
            let chunks = TextSplitter.split(text, limit: limit)
            for chunk in chunks {
                #expect(chunk.utf16.count <= limit)
                #expect(chunk.unicodeScalars.contains { !$0.properties.isWhitespace })
            }
            let visible = { (text: String) in text.unicodeScalars.filter { !$0.properties.isWhitespace } }
            #expect(Array(visible(chunks.joined())) == Array(visible(text)))
        }
    }

    @Test func telegramSizedTextSplitsAtTheLimit() {
        let paragraph = String(repeating: "Cử tri đi bầu. ", count: 100)  // 1500 units
        let text = Array(repeating: paragraph, count: 4).joined(separator: "\n\n")
        let chunks = TextSplitter.split(text, limit: TelegramAPI.textLimit)
        #expect(chunks.count == 2)
        #expect(chunks.allSatisfy { $0.utf16.count <= 4096 })
        #expect(chunks[0].hasSuffix("bầu."))
    }
}

@Suite struct NFCTests {
    @Test func decomposedVietnameseIsComposedAndComposedTextIsKept() {
        #expect("Vie\u{323}\u{302}t Nam".nfc.unicodeScalars.count == 8)
        let composed = "Việt Nam – bầu cử 🗳️ “đúng hạn” 100%"
        #expect(composed.nfc == composed)
        #expect(
            composed.nfc.unicodeScalars.elementsEqual(composed.precomposedStringWithCanonicalMapping.unicodeScalars))
        // Singletons outside the fast path still go through NFC: the Kelvin sign becomes K.
        #expect("5 \u{212A}".nfc == "5 K")
    }
}

@Suite struct TextSplitterRegressionTests {
    /// Found by the libFuzzer harness: a space carrying combining marks at a cut was trimmed as blank,
    /// losing the marks.
    @Test func spaceWithCombiningMarksIsNotTrimmedAway() {
        let text = "ab \u{323}\u{338} cd"
        let chunks = TextSplitter.split(text, limit: 3)
        let visible = { (text: String) in text.unicodeScalars.filter { !$0.properties.isWhitespace } }
        #expect(Array(visible(chunks.joined())) == Array(visible(text)))
        #expect(chunks.allSatisfy { $0.utf16.count <= 3 })
    }
}
