import Testing

@testable import JSONWire

@Suite struct RoundTripTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONWire.parse(#"{"n":null,"t":true,"f":false,"i":-42,"d":1.5,"s":"x","a":[1,[]],"o":{}}"#)
        #expect(value["n"] == .null)
        #expect(value["t"]?.bool == true)
        #expect(value["f"]?.bool == false)
        #expect(value["i"]?.int64 == -42)
        #expect(value["d"]?.double == 1.5)
        #expect(value["s"]?.string == "x")
        #expect(value["a"]?[0]?.int64 == 1)
        #expect(value["a"]?[1]?.array == [])
        #expect(value["o"]?.object?.isEmpty == true)
        #expect(value["missing"] == nil)
        #expect(value["a"]?[5] == nil)
    }

    @Test func keepsKeyOrderAndSerializesCompactly() throws {
        let text = #"{"zeta":1,"alpha":{"b":[true,null,"c"],"a":2.25},"mid":"m"}"#
        let value = try JSONWire.parse(text)
        #expect(value.object?.keys == ["zeta", "alpha", "mid"])
        #expect(JSONWire.serializedString(value) == text)
        #expect(try JSONWire.parse(JSONWire.serialize(value)) == value)
    }

    @Test func literalsBuildTheSameValueAsParsing() throws {
        let built: JSONValue = ["chat_id": 1_111_111, "text": "Hi", "ok": true, "list": [1, 2.5, "x"]]
        #expect(JSONWire.serializedString(built) == #"{"chat_id":1111111,"text":"Hi","ok":true,"list":[1,2.5,"x"]}"#)
        #expect(try JSONWire.parse(#"{"text":"Hi","chat_id":1111111,"list":[1,2.5,"x"],"ok":true}"#) == built)
    }

    @Test func vietnameseUTF8IsKeptAsIs() throws {
        let text = #"{"q":"Ngày bầu cử là khi nào? Đăng ký ở đâu ạ 🗳️"}"#
        let value = try JSONWire.parse(text)
        #expect(value["q"]?.string == "Ngày bầu cử là khi nào? Đăng ký ở đâu ạ 🗳️")
        #expect(JSONWire.serialize(value) == Array(text.utf8))
    }

    @Test func unicodeEscapesAreDecoded() throws {
        let value = try JSONWire.parse(#"["Ch\u00e0o b\u1ea1n","\ud83d\uddf3","a\/b","tab\tq\"\\"]"#)
        #expect(value[0]?.string == "Chào bạn")
        #expect(value[1]?.string == "🗳")
        #expect(value[2]?.string == "a/b")
        #expect(value[3]?.string == "tab\tq\"\\")
        // Serialization escapes only what JSON requires and leaves `/` alone.
        #expect(JSONWire.serializedString(value) == #"["Chào bạn","🗳","a/b","tab\tq\"\\"]"#)
    }

    @Test func embeddedNULAndControlCharactersSurvive() throws {
        let value = try JSONWire.parse(#"["a\u0000b","\u0001"]"#)
        #expect(value[0]?.string == "a\u{0}b")
        #expect(value[0]?.string?.utf8.count == 3)
        #expect(JSONWire.serializedString(value) == #"["a\u0000b","\u0001"]"#)
    }

    @Test func loneSurrogateEscapeBecomesReplacementCharacter() throws {
        #expect(try JSONWire.parse(#""\ud800""#) == "\u{FFFD}")
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSONWire.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.object?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func topLevelScalarsParse() throws {
        #expect(try JSONWire.parse("true") == true)
        #expect(try JSONWire.parse(" null ") == .null)
        #expect(try JSONWire.parse("12") == 12)
        #expect(try JSONWire.parse("-0.5e1") == -5.0)
        #expect(try JSONWire.parse(#""s""#) == "s")
    }

    @Test func doublesSerializeShortest() {
        let value: JSONValue = [
            0.1, 1.0, -0.0, 1e21, .double(.leastNonzeroMagnitude), .double(.nan), .double(.infinity),
        ]
        #expect(JSONWire.serializedString(value) == "[0.1,1.0,-0.0,1e+21,5e-324,null,null]")
    }

    @Test func objectEqualityIgnoresOrder() {
        let first: JSONValue = ["a": 1, "b": [1, 2]]
        let second: JSONValue = ["b": [1, 2], "a": 1]
        #expect(first == second)
        #expect(first != ["a": 1, "b": [2, 1]])
        #expect(first != ["a": 1])
    }

    @Test func objectSubscriptSetsReplacesAndRemoves() {
        var object: JSONObject = ["a": 1]
        object["b"] = "x"
        object["a"] = 2
        object["c"] = nil
        #expect(object.keys == ["a", "b"])
        object["a"] = nil
        #expect(object.keys == ["b"])
        #expect(JSONWire.serializedString(.object(object)) == #"{"b":"x"}"#)
    }

    @Test func parsesFromNonContiguousCollections() throws {
        let bytes = Array(#"{"k":[1,2]}"#.utf8)
        #expect(try JSONWire.parse(bytes.lazy.map { $0 }) == ["k": [1, 2]])
        #expect(try JSONWire.parse(bytes[...]) == ["k": [1, 2]])
    }

    @Test func descriptionIsTheJSONText() {
        let value: JSONValue = ["a": [true, "ư"]]
        #expect(value.description == #"{"a":[true,"ư"]}"#)
    }
}
