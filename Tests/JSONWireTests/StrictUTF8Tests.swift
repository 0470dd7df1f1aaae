import Testing

@testable import JSONWire

@Suite("Strict UTF-8: what json-c's own check lets through is refused")
struct StrictUTF8Tests {
    /// A string literal `"…"` around `bytes`.
    private func quoted(_ bytes: [UInt8]) -> [UInt8] { [0x22] + bytes + [0x22] }

    @Test(
        "overlong forms, CESU-8 surrogates, code points above U+10FFFF and cut sequences are malformed",
        arguments: [
            [0xC0, 0xAF],  // overlong "/"
            [0xC1, 0xBF],  // overlong U+007F
            [0xE0, 0x80, 0xAF],  // overlong "/" in three bytes
            [0xF0, 0x80, 0x80, 0xAF],  // overlong "/" in four bytes
            [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80],  // CESU-8 pair for U+10000
            [0xED, 0xBF, 0xBF],  // lone low surrogate
            [0xF4, 0x90, 0x80, 0x80],  // U+110000
            [0xF5, 0x80, 0x80, 0x80],
            [0xE1, 0x80],  // cut before the string closes
            [0x80],  // continuation without a lead
        ] as [[UInt8]]
    )
    func refused(_ sequence: [UInt8]) {
        let body = Array(#"{"text":"a"#.utf8) + sequence + Array(#"b"}"#.utf8)
        let error = #expect(throws: JSONWireError.self) { try JSONWire.parse(body) }
        #expect(error == .malformed(offset: 10, reason: "invalid utf-8 string"))
    }

    @Test func wellFormedTextAtEveryLengthIsKept() throws {
        let text = "Bầu cử ĐBQH khóa XV 🗳️ ﬁ \u{10FFFF}"
        let value = try JSONWire.parse(quoted(Array(text.utf8)))
        #expect(value.string == text)
    }

    /// The check agrees with the standard library's validator (which is strict) on random byte strings biased
    /// towards the lead and continuation bytes where the edge cases are.
    @Test func agreesWithTheStandardLibrary() {
        var generator = XorShift(seed: 0x5EED)
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
            0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<50_000 {
            let length = Int(generator.next() % 9)
            let bytes = (0..<length).map { _ in interesting[Int(generator.next() % UInt64(interesting.count))] }
            let ours = bytes.withUnsafeBufferPointer { StrictUTF8.firstInvalidOffset(in: $0) }
            let library = String(validating: bytes, as: UTF8.self)
            #expect((ours == nil) == (library != nil), "\(bytes.map { String($0, radix: 16) })")
        }
    }

    /// The eight-byte ASCII skip must not hide a bad byte at any position relative to the word boundary.
    @Test func aBadByteIsFoundAtEveryOffset() {
        for position in 0..<40 {
            var bytes = [UInt8](repeating: 0x61, count: 40)
            bytes[position] = 0xC0
            let found = bytes.withUnsafeBufferPointer { StrictUTF8.firstInvalidOffset(in: $0) }
            #expect(found == position)
        }
    }
}

/// A small deterministic generator (xorshift64), so a failure reproduces.
private struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
