import CJSONC

/// Copies a json-c tree into ``JSONValue``s, before the caller releases the tree.
///
/// json-c clamps integer overflow silently (to `Int64.min` or `UInt64.max`) and accepts `NaN`/`Infinity`
/// in strict mode, so the converter flags any value at those edges; the parser then rescans the raw bytes
/// (``NumberScan``) to tell a genuine edge value from a clamped one. Ordinary documents never pay for it.
struct Converter {
    /// Set when a number may not be what the text said.
    private(set) var sawSuspectNumber = false

    mutating func value(of object: OpaquePointer?) -> JSONValue {
        guard let object else { return .null }
        switch json_object_get_type(object) {
        case json_type_boolean:
            return .bool(json_object_get_boolean(object) != 0)
        case json_type_int:
            let number = json_object_get_int64(object)
            if number == .min || (number == .max && json_object_get_uint64(object) != UInt64(Int64.max)) {
                sawSuspectNumber = true
            }
            return .int(number)
        case json_type_double:
            let number = json_object_get_double(object)
            if !number.isFinite { sawSuspectNumber = true }
            return .double(number)
        case json_type_string:
            return .string(Self.string(of: object))
        case json_type_array:
            let count = json_object_array_length(object)
            var elements: [JSONValue] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                elements.append(value(of: json_object_array_get_idx(object, index)))
            }
            return .array(elements)
        case json_type_object:
            var members = JSONObject()
            members.reserveCapacity(Int(json_object_object_length(object)))
            var iterator = json_object_iter_begin(object)
            var end = json_object_iter_end(object)
            while json_object_iter_equal(&iterator, &end) == 0 {
                let key = json_object_iter_peek_name(&iterator).map { String(cString: $0) } ?? ""
                // json-c keeps one entry per key, so every key here is new.
                members.appendNew(key: key, value: value(of: json_object_iter_peek_value(&iterator)))
                json_object_iter_next(&iterator)
            }
            return .object(members)
        default:
            return .null
        }
    }

    /// Copies a string out of json-c, embedded NULs included.
    private static func string(of object: OpaquePointer) -> String {
        guard let text = json_object_get_string(object) else { return "" }
        let length = Int(json_object_get_string_len(object))
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }
}
