import Foundation

/// One syllable of Vietnamese text in its two comparable forms.
public struct Syllable: Sendable, Hashable {
    /// ASCII, lowercase, no marks at all: what people type without diacritics ("bầu" → "bau", "đủ" → "du").
    public var folded: String
    /// Lowercase with vowel marks kept and the tone moved to a trailing digit, so tone placement does not
    /// matter ("hoà"/"hòa" → "hoa1", "bầu" → "bâu1", "thuỷ"/"thủy" → "thuy3").
    public var toned: String
    /// Whether the user typed any mark on this syllable.
    public var hasMarks: Bool

    public init(folded: String, toned: String, hasMarks: Bool) {
        self.folded = folded
        self.toned = toned
        self.hasMarks = hasMarks
    }

    /// True for syllables made only of digits ("2003", "32").
    public var isNumber: Bool { folded.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
}

/// Vietnamese text folding: Unicode NFC/NFD, case, tone marks and their placement, đ/Đ, punctuation.
public enum VietnameseFolding {
    /// Splits `text` into syllables, folding each one. Punctuation and symbols separate syllables;
    /// letters and digits are kept. NFD input (combining marks) is composed first.
    public static func syllables(_ text: String) -> [Syllable] {
        var source = text
        if text.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F }) {
            source = text.precomposedStringWithCanonicalMapping
        }
        var result: [Syllable] = []
        result.reserveCapacity(16)
        // Both forms are built as UTF-8 bytes and turned into strings once per syllable: appending scalars to a
        // String one at a time was the slowest part of folding.
        var folded: [UInt8] = []
        var toned: [UInt8] = []
        folded.reserveCapacity(16)
        toned.reserveCapacity(24)
        var tone: UInt8 = 0
        var marks = false
        let letters = LetterTable.dense

        func flush() {
            guard !folded.isEmpty else { return }
            if tone > 0 { toned.append(48 + tone) }
            result.append(
                Syllable(
                    folded: String(decoding: folded, as: UTF8.self), toned: String(decoding: toned, as: UTF8.self),
                    hasMarks: marks))
            folded.removeAll(keepingCapacity: true)
            toned.removeAll(keepingCapacity: true)
            tone = 0
            marks = false
        }

        for scalar in source.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                var b = UInt8(v)
                if b >= 65 && b <= 90 { b += 32 }
                if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                    folded.append(b)
                    toned.append(b)
                } else {
                    flush()
                }
            } else if let letter = letters.letter(v) {
                folded.append(letter.ascii)
                appendUTF8(letter.marked, to: &toned)
                if letter.tone > 0 { tone = letter.tone }
                marks = true
            } else if (0x300...0x36F).contains(v) {
                // A combining mark that did not compose (e.g. on a consonant): tones still count.
                if let index = LetterTable.toneMarks.firstIndex(of: scalar) { tone = UInt8(index + 1) }
                marks = true
            } else if scalar.properties.isAlphabetic {
                // Other scripts: keep the letter lowercased so the word is at least comparable to itself.
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    appendUTF8(lower, to: &folded)
                    appendUTF8(lower, to: &toned)
                }
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        if scalar.value < 0x80 {
            bytes.append(UInt8(scalar.value))
        } else {
            bytes.append(contentsOf: UTF8.encode(scalar)!)
        }
    }

    /// The folded form of a whole text: syllables joined by single spaces ("Đăng ký, bầu CỬ!" → "dang ky bau cu").
    public static func fold(_ text: String) -> String {
        syllables(text).map(\.folded).joined(separator: " ")
    }

    /// The accent-preserving comparable form: syllables' toned forms joined by spaces.
    public static func tonedKey(_ text: String) -> String {
        syllables(text).map(\.toned).joined(separator: " ")
    }

    /// Lowercase ASCII folding that keeps punctuation, for reading dates and numbers ("Sinh 20/5/2003" → "sinh 20/5/2003").
    public static func foldKeepingPunctuation(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let source =
            text.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F })
            ? text.precomposedStringWithCanonicalMapping : text
        for scalar in source.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                var b = UInt8(v)
                if b >= 65 && b <= 90 { b += 32 }
                out.append(b)
            } else if let letter = LetterTable.dense.letter(v) {
                out.append(letter.ascii)
            } else if (0x300...0x36F).contains(v) {
                continue
            } else {
                out.append(32)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
