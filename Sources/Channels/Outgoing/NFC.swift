import Foundation

extension String {
    /// The NFC form: Vietnamese typed with combining tone marks (decomposed) becomes precomposed letters, so
    /// the text is shorter in code units and displays the same everywhere.
    var nfc: String {
        // ASCII is always NFC; skip Foundation's bridge for it.
        utf8.allSatisfy({ $0 < 0x80 }) ? self : precomposedStringWithCanonicalMapping
    }
}
