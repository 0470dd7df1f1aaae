import Testing

@testable import JSONWire

@Suite struct LimitsTests {
    @Test func depthLimitCountsValuesAsJSONCDoes() throws {
        let limits = JSONLimits(maxDepth: 3)
        #expect(try JSONWire.parse("[[1]]", limits: limits) == [[1]])
        #expect(try JSONWire.parse("[[[]]]", limits: limits) == [[[]]])
        #expect(throws: JSONWireError.tooDeep(limit: 3)) { try JSONWire.parse("[[[1]]]", limits: limits) }
        #expect(throws: JSONWireError.tooDeep(limit: 3)) { try JSONWire.parse(#"{"a":{"b":{"c":1}}}"#, limits: limits) }
    }

    @Test func deepNestingIsRejectedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONWireError.tooDeep(limit: 32)) { try JSONWire.parse(deep) }
    }

    @Test func sizeLimitIsCheckedFirst() {
        let limits = JSONLimits(maxBytes: 10)
        #expect(throws: JSONWireError.tooLarge(limit: 10, actual: 11)) {
            try JSONWire.parse(#"{"a":"bcd"}"#, limits: limits)
        }
        let big = Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
        #expect(throws: JSONWireError.tooLarge(limit: 1 << 20, actual: (1 << 20) + 1)) { try JSONWire.parse(big) }
    }

    @Test func inputAtTheSizeLimitIsAccepted() throws {
        let text = #"{"a":"bc"}"#
        #expect(try JSONWire.parse(text, limits: JSONLimits(maxBytes: text.utf8.count)) == ["a": "bc"])
    }

    @Test func trailingGarbageIsRejected() throws {
        #expect(throws: JSONWireError.trailingData(offset: 8)) { try JSONWire.parse(#"{"a":1} x"#) }
        #expect(throws: JSONWireError.trailingData(offset: 7)) { try JSONWire.parse(#"{"a":1}{}"#) }
        #expect(throws: JSONWireError.trailingData(offset: 2)) { try JSONWire.parse("1 2") }
        #expect(try JSONWire.parse("{\"a\":1} \r\n\t") == ["a": 1])
    }

    @Test func truncatedInputIsReported() {
        for text in [#"{"a":"#, "[1,2", #""abc"#, "tru", "-", #"{"a":1"#] {
            #expect(throws: JSONWireError.truncated, "\(text)") { try JSONWire.parse(text) }
        }
    }

    @Test func emptyInputIsReported() {
        #expect(throws: JSONWireError.empty) { try JSONWire.parse("") }
        #expect(throws: JSONWireError.empty) { try JSONWire.parse(" \n\t ") }
        #expect(throws: JSONWireError.empty) { try JSONWire.parse([UInt8]()) }
    }

    @Test func notJSONIsMalformed() {
        for text in ["hello", "<html>", "{'a' 1}", "[1,]", "{a:1}", "01", "[\"\u{1}\"", "\u{FEFF}{}"] {
            let error = #expect(throws: JSONWireError.self, "\(text)") { try JSONWire.parse(text) }
            guard case .malformed(_, let reason)? = error else {
                if case .truncated? = error { continue }  // json-c may still wait for more input
                Issue.record("\(text): \(String(describing: error))")
                continue
            }
            #expect(!reason.isEmpty)
        }
    }

    @Test func invalidUTF8IsMalformed() {
        let error = #expect(throws: JSONWireError.self) { try JSONWire.parse([0x22, 0xFF, 0x22]) }
        #expect(error == .malformed(offset: 1, reason: "invalid utf-8 string"))
    }

    @Test func nulByteInsideAStringIsMalformed() {
        let error = #expect(throws: JSONWireError.self) { try JSONWire.parse([0x22, 0x61, 0x00, 0x62, 0x22]) }
        guard case .malformed? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
    }

    @Test func errorDescriptionsQuoteNoInput() {
        let errors: [JSONWireError] = [
            .tooLarge(limit: 1, actual: 2), .tooDeep(limit: 3), .empty, .truncated, .trailingData(offset: 4),
            .malformed(offset: 5, reason: "unexpected character"), .numberOutOfRange(offset: 6),
        ]
        for error in errors { #expect(!error.description.isEmpty) }
    }
}
