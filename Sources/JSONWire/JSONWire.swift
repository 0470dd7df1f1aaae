import CJSONC

/// The project's only door to json-c: bounded parsing into ``JSONValue`` and compact serialization.
///
/// json-c is about three times faster than Foundation's decoders on webhook bodies (integration notes), and
/// keeping it behind this door means no other module handles its reference-counted C objects.
public enum JSONWire {
    /// Parses one JSON value that must span the whole input (surrounding whitespace allowed).
    ///
    /// Enforces `limits` (size before any work, depth inside json-c), json-c's strict mode and strictly valid
    /// UTF-8 anywhere in the input (no overlong forms, encoded surrogates or code points above U+10FFFF),
    /// and rejects trailing bytes, truncated input and numbers that would not survive the conversion exactly.
    /// json-c's strict mode still lets a few harmless liberties through (single-quoted strings, raw control
    /// characters inside strings); platforms never send them and signatures are checked on the raw bytes.
    /// Duplicate keys keep the first key's position and the last value; `\u` escapes of lone surrogates
    /// become U+FFFD.
    public static func parse(
        _ bytes: some Collection<UInt8>, limits: JSONLimits = JSONLimits()
    ) throws(JSONWireError) -> JSONValue {
        let count = bytes.count
        guard count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes, actual: count) }
        let result =
            bytes.withContiguousStorageIfAvailable { parse(buffer: $0, limits: limits) }
            ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, limits: limits) }
        return try result.get()
    }

    /// Parses the UTF-8 bytes of `text`; see ``parse(_:limits:)-(Collection<UInt8>,_)``.
    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONWireError) -> JSONValue {
        try parse(text.utf8, limits: limits)
    }

    /// The parser proper, over contiguous bytes. Returns a `Result` because typed errors do not cross the
    /// `withContiguousStorageIfAvailable` closure.
    static func parse(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits) -> Result<JSONValue, JSONWireError> {
        let count = buffer.count
        guard count <= limits.maxBytes, count <= Int(Int32.max) else {
            return .failure(.tooLarge(limit: min(limits.maxBytes, Int(Int32.max)), actual: count))
        }
        guard let base = buffer.baseAddress, count > 0 else { return .failure(.empty) }
        if let offset = StrictUTF8.firstInvalidOffset(in: buffer) {
            return .failure(.malformed(offset: offset, reason: "invalid utf-8 string"))
        }
        guard let tokener = json_tokener_new_ex(Int32(clamping: max(1, limits.maxDepth))) else {
            return .failure(.malformed(offset: 0, reason: "json-c could not allocate a tokener"))
        }
        defer { json_tokener_free(tokener) }
        json_tokener_set_flags(tokener, cjsonc_tokener_flags)

        var root = base.withMemoryRebound(to: CChar.self, capacity: count) {
            json_tokener_parse_ex(tokener, $0, Int32(count))
        }
        var error = json_tokener_get_error(tokener)
        let end = json_tokener_get_parse_end(tokener)
        var terminated = false
        if root == nil, error == json_tokener_continue, end == count {
            // A top-level number or literal ends only at the end of input: hand json-c its terminator.
            var terminator: CChar = 0
            root = json_tokener_parse_ex(tokener, &terminator, 1)
            error = json_tokener_get_error(tokener)
            terminated = true
        }
        // json-c represents a parsed `null` as a NULL object with a success code.
        guard root != nil || error == json_tokener_success else {
            return .failure(failure(error, stoppedAt: terminated ? count : end, buffer: buffer, limits: limits))
        }
        defer { json_object_put(root) }

        if !terminated {
            var offset = end
            while offset < count, isWhitespace(buffer[offset]) { offset += 1 }
            if offset < count { return .failure(.trailingData(offset: offset)) }
        }
        var converter = Converter()
        let value = converter.value(of: root)
        if converter.sawSuspectNumber, let offset = NumberScan.firstOutOfRange(in: buffer) {
            return .failure(.numberOutOfRange(offset: offset))
        }
        return .success(value)
    }

    /// Maps a json-c tokener error to the case a caller can act on.
    private static func failure(
        _ error: json_tokener_error, stoppedAt offset: Int, buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits
    ) -> JSONWireError {
        switch error {
        case json_tokener_error_depth:
            return .tooDeep(limit: limits.maxDepth)
        case json_tokener_error_parse_eof, json_tokener_continue:
            if buffer.allSatisfy(isWhitespace) { return .empty }
            // json-c also reports a NUL byte inside the input as the end of data.
            if offset < buffer.count, buffer[..<min(offset + 1, buffer.count)].contains(0) {
                return .malformed(offset: offset, reason: "NUL byte")
            }
            return .truncated
        default:
            let reason = json_tokener_error_desc(error).map { String(cString: $0) } ?? "error \(error.rawValue)"
            return .malformed(offset: offset, reason: reason)
        }
    }

    /// JSON insignificant whitespace (RFC 8259 §2).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
