import Foundation

/// A string hashed and compared by its UTF-8 bytes, for caches keyed by long texts.
///
/// `String`'s own hashing and `==` follow Unicode canonical equivalence, which normalises non-ASCII text:
/// several times slower on Vietnamese, and texts that are stored or sent must be byte-identical anyway.
/// (`utf8.elementsEqual` is no shortcut: it walks the generic iterator byte by byte.)
public struct BytewiseText: Hashable, Sendable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public static func == (a: BytewiseText, b: BytewiseText) -> Bool {
        var x = a.text
        var y = b.text
        return x.withUTF8 { p in
            y.withUTF8 { q in
                p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0)
            }
        }
    }
}
