import Testing

@testable import JSONWire

@Suite struct NumberTests {
    @Test func int64EdgesAreExact() throws {
        #expect(try JSONWire.parse("9223372036854775807") == .int(.max))
        #expect(try JSONWire.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONWire.parse("[-9223372036854775808,9223372036854775807]") == [.int(.min), .int(.max)])
        #expect(try JSONWire.parse("-0") == 0)
    }

    @Test(arguments: [
        ("9223372036854775808", 0),
        ("-9223372036854775809", 0),
        ("18446744073709551615", 0),
        ("123456789012345678901234567890", 0),
        (#"{"id":"99999999999999999999","n":99999999999999999999}"#, 33),
        (#"[9223372036854775807, -9223372036854775809]"#, 22),
        ("[1e999]", 1),
        ("NaN", 0),
        ("[-Infinity]", 1),
    ])
    func outOfRangeNumbersAreRejectedNotRounded(text: String, offset: Int) {
        #expect(throws: JSONWireError.numberOutOfRange(offset: offset)) { try JSONWire.parse(text) }
    }

    @Test func bigIdsAsStringsStayExact() throws {
        let value = try JSONWire.parse(#"{"sender":{"id":"6142494823123456789012"},"timestamp":"1699003881354"}"#)
        #expect(value["sender"]?["id"]?.string == "6142494823123456789012")
        #expect(value["timestamp"]?.string == "1699003881354")
    }

    @Test func telegramSizedIdsAreExact() throws {
        let value = try JSONWire.parse(#"{"chat":{"id":-1001234567890123}}"#)
        #expect(value["chat"]?["id"]?.int64 == -1_001_234_567_890_123)
    }

    @Test func accessorsConvertOnlyExactly() {
        #expect(JSONValue.double(3.0).int64 == 3)
        #expect(JSONValue.double(3.5).int64 == nil)
        #expect(JSONValue.int(7).double == 7.0)
        #expect(JSONValue.string("7").int64 == nil)
    }
}
