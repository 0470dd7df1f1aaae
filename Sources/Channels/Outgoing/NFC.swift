import Foundation

extension String {
    /// The NFC form: Vietnamese typed with combining tone marks (decomposed) becomes precomposed letters, so
    /// the text is shorter in code units and displays the same everywhere.
    var nfc: String {
        // Most text is already NFC; skip Foundation's bridge when every scalar is one that NFC leaves alone.
        unicodeScalars.allSatisfy(Self.isStableUnderNFC) ? self : precomposedStringWithCanonicalMapping
    }

    /// Scalars that NFC never changes and that never combine with their neighbours: Latin up to the
    /// combining diacritics, precomposed Vietnamese letters (Latin Extended Additional), punctuation and
    /// currency signs, arrows and symbols, emoji and the emoji variation selector.
    private static func isStableUnderNFC(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x300, 0x1E00...0x1EFF, 0x2000...0x20CF, 0x2190...0x2BFF, 0x1F000...0x1FAFF, 0xFE0F: true
        default: false
        }
    }
}
