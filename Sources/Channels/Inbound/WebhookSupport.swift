import Crypto

/// Comparisons and encodings shared by the webhook verifiers.
enum WebhookSupport {
    /// Compares without an early exit, so the time taken does not reveal how many leading bytes match.
    static func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    /// Compares two secrets of possibly different lengths through their SHA-256 digests, which hides the
    /// length of the expected one too.
    static func constantTimeEqualsHashed(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEquals(Array(SHA256.hash(data: Array(lhs.utf8))), Array(SHA256.hash(data: Array(rhs.utf8))))
    }

    /// The value of header `name`, matched case-insensitively as HTTP requires.
    static func header(_ name: String, in headers: [String: String]) -> String? {
        if let exact = headers[name] { return exact }
        let lowered = name.lowercased()
        return headers.first { $0.key.lowercased() == lowered }?.value
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`, as UTF-8.
    static func lowercaseHex(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in bytes {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return hex
    }

    /// The bytes of a hex string (either case), or `nil` when it is not hex.
    static func bytes(fromHex hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
