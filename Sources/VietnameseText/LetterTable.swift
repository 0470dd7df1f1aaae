import Foundation

/// What one Vietnamese letter folds to: its ASCII base, the letter with its vowel mark but without its tone
/// (ă â ê ô ơ ư đ keep their mark), and the tone (0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng).
///
/// Keeping the vowel mark and moving the tone to the syllable makes tone-mark placement irrelevant:
/// "hoà" and "hòa" both become `hoa` + huyền.
struct FoldedLetter: Sendable {
    var ascii: UInt8
    var marked: Unicode.Scalar
    var tone: UInt8
}

/// A lookup table from every precomposed Vietnamese letter (both cases) to its `FoldedLetter`.
///
/// Built once from the combinations of base letters and marks, composed with Foundation's NFC, so the table
/// covers exactly the letters Unicode can precompose and nothing is typed in by hand.
enum LetterTable {
    /// Built as a dictionary, kept as a flat array over the two Unicode blocks the letters live in (Latin-1 to
    /// Latin Extended-B, and Latin Extended Additional), so folding a letter is an index, not a hash.
    static let dense: DenseLetters = DenseLetters(build())

    /// Combining tone marks, in tone order 1...5.
    static let toneMarks: [Unicode.Scalar] = ["\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"]

    private static func build() -> [UInt32: FoldedLetter] {
        // base letter with vowel mark → (ascii base, decomposed form used to compose the toned variants)
        let bases: [(marked: String, ascii: Character)] = [
            ("a", "a"), ("ă", "a"), ("â", "a"), ("e", "e"), ("ê", "e"), ("i", "i"), ("o", "o"),
            ("ô", "o"), ("ơ", "o"), ("u", "u"), ("ư", "u"), ("y", "y"),
        ]
        var table: [UInt32: FoldedLetter] = [:]
        for (marked, ascii) in bases {
            let markedLower = marked.precomposedStringWithCanonicalMapping
            let markedScalar = markedLower.unicodeScalars.first!
            for upper in [false, true] {
                let cased = upper ? markedLower.uppercased() : markedLower
                for tone in 0...5 {
                    let composed: String
                    if tone == 0 {
                        composed = cased
                    } else {
                        var s = cased.decomposedStringWithCanonicalMapping
                        s.unicodeScalars.append(toneMarks[tone - 1])
                        composed = s.precomposedStringWithCanonicalMapping
                    }
                    let scalars = Array(composed.unicodeScalars)
                    guard scalars.count == 1, scalars[0].value >= 0x80 else { continue }
                    table[scalars[0].value] = FoldedLetter(
                        ascii: UInt8(ascii.asciiValue!), marked: markedScalar, tone: UInt8(tone))
                }
            }
        }
        table[0x0111] = FoldedLetter(ascii: UInt8(ascii: "d"), marked: "đ", tone: 0)  // đ
        table[0x0110] = FoldedLetter(ascii: UInt8(ascii: "d"), marked: "đ", tone: 0)  // Đ
        // Latin letters people type by accident on a foreign keyboard fold to their base.
        for (scalar, base) in [("ç", "c"), ("ñ", "n"), ("Ç", "c"), ("Ñ", "n")] {
            table[Unicode.Scalar(scalar)!.value] = FoldedLetter(
                ascii: UInt8(Character(base).asciiValue!), marked: Unicode.Scalar(base)!, tone: 0)
        }
        return table
    }
}

/// The letter table as two arrays indexed by code point; `ascii == 0` marks "not a Vietnamese letter".
struct DenseLetters: Sendable {
    private static let low: ClosedRange<UInt32> = 0xC0...0x1B0
    private static let high: ClosedRange<UInt32> = 0x1EA0...0x1EF9
    private var lowLetters: [FoldedLetter]
    private var highLetters: [FoldedLetter]

    init(_ table: [UInt32: FoldedLetter]) {
        let none = FoldedLetter(ascii: 0, marked: "a", tone: 0)
        lowLetters = Self.low.map { table[$0] ?? none }
        highLetters = Self.high.map { table[$0] ?? none }
        // Every letter must be in one of the two blocks, or folding would silently drop it.
        precondition(table.keys.allSatisfy { Self.low.contains($0) || Self.high.contains($0) })
    }

    @inline(__always)
    func letter(_ v: UInt32) -> FoldedLetter? {
        let found: FoldedLetter
        if Self.low.contains(v) {
            found = lowLetters[Int(v - Self.low.lowerBound)]
        } else if Self.high.contains(v) {
            found = highLetters[Int(v - Self.high.lowerBound)]
        } else {
            return nil
        }
        return found.ascii == 0 ? nil : found
    }
}
