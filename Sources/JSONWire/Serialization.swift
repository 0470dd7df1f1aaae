import CJSONC

extension JSONWire {
    /// The compact UTF-8 JSON text of `value`: no spaces, `/` unescaped, non-ASCII kept as is, object members
    /// in insertion order. Non-finite doubles, which JSON cannot express, become `null`.
    public static func serialize(_ value: JSONValue) -> [UInt8] {
        withSerializedBytes(of: value) { Array($0) }
    }

    /// ``serialize(_:)`` as a `String`.
    public static func serializedString(_ value: JSONValue) -> String {
        withSerializedBytes(of: value) { String(decoding: $0, as: UTF8.self) }
    }

    /// Builds the json-c tree, lets `body` copy the text out, then releases the tree.
    private static func withSerializedBytes<Result>(
        of value: JSONValue, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let root = makeObject(value)
        defer { json_object_put(root) }
        var length = 0
        guard let text = json_object_to_json_string_length(root, cjsonc_to_string_plain_noslashescape, &length)
        else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(UnsafeRawBufferPointer(start: text, count: length))
    }

    /// A +1 json-c object for `value`; `nil` is json-c's null.
    private static func makeObject(_ value: JSONValue) -> OpaquePointer? {
        switch value {
        case .null:
            return nil
        case .bool(let flag):
            return json_object_new_boolean(flag ? 1 : 0)
        case .int(let number):
            return json_object_new_int64(number)
        case .double(let number):
            guard number.isFinite else { return nil }
            // Swift's shortest round-trip text ("0.1", not json-c's "%.17g" "0.10000000000000001").
            return number.description.withCString { json_object_new_double_s(number, $0) }
        case .string(let text):
            return makeString(text)
        case .array(let elements):
            let array = json_object_new_array_ext(Int32(clamping: elements.count))
            for element in elements { json_object_array_add(array, makeObject(element)) }
            return array
        case .object(let members):
            let object = json_object_new_object()
            for member in members {
                member.key.withCString { _ = json_object_object_add(object, $0, makeObject(member.value)) }
            }
            return object
        }
    }

    private static func makeString(_ text: String) -> OpaquePointer? {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return json_object_new_string("") }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                json_object_new_string_len($0, Int32(clamping: utf8.count))
            }
        }
    }
}
