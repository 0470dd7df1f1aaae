/// Finds number literals that json-c would have clamped or that JSON cannot represent.
///
/// Runs only when ``Converter`` saw a suspect value, over a document json-c already accepted, so it can be a
/// simple lexer: skip strings, read each bare token, judge numbers by their text.
enum NumberScan {
    /// The offset of the first out-of-range number literal, or `nil` when every number is exact.
    static func firstOutOfRange(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
            } else if isTokenByte(byte) {
                let start = index
                while index < bytes.count, isTokenByte(bytes[index]) { index += 1 }
                if !isRepresentable(bytes[start..<index]) { return start }
            } else {
                index += 1
            }
        }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    /// Whether a bare token is a literal or a number that ``JSONValue`` holds exactly.
    private static func isRepresentable(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let text = String(decoding: token, as: UTF8.self)
        if text == "true" || text == "false" || text == "null" { return true }
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            let limit = negative ? "9223372036854775808" : "9223372036854775807"
            let significant = digits.drop { $0 == "0" }
            return significant.count < limit.count || (significant.count == limit.count && significant <= limit)
        }
        return Double(text)?.isFinite ?? false
    }
}
