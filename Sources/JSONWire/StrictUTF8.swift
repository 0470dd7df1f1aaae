/// A strict UTF-8 check (RFC 3629, Unicode Table 3-7), run over the raw body before json-c sees it.
///
/// json-c's own check (`JSON_TOKENER_VALIDATE_UTF8`) only counts continuation bytes: it accepts overlong
/// forms (`C0 AF` for `/`), UTF-16 surrogates encoded as UTF-8 (CESU-8, `ED A0 80`) and code points above
/// U+10FFFF. Swift then repairs those to U+FFFD when the string is copied out, so a body the wrapper claims
/// to refuse was stored with replacement characters. Checking here keeps the promise and gives the offset.
enum StrictUTF8 {
    /// The offset of the first byte that does not start a well-formed sequence, or nil when `buffer` is valid.
    static func firstInvalidOffset(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = buffer.count
        var index = 0
        while index < count {
            // Webhook bodies are mostly ASCII: skip eight bytes at a time while no high bit is set.
            while index + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return nil }
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the second byte depends on the lead (this is what excludes overlong
            // forms, surrogates and values above U+10FFFF); later bytes are always 80...BF.
            let length: Int
            let second: ClosedRange<UInt8>
            switch lead {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return index
            }
            guard index + length <= count, second.contains(buffer[index + 1]) else { return index }
            for offset in 2..<length where buffer[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }
}
