/// Invite codes: short, random, and unambiguous when read aloud or retyped from paper.
enum InviteCode {
    /// 32 symbols: digits and capitals without 0, O, 1, I. 8 of them carry 40 bits.
    static let alphabet: [UInt8] = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
    static let length = 8

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: length)
        for index in bytes.indices {
            bytes[index] = alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Uppercases and drops spaces, dashes and underscores, so `abcd-efgh` and `ABCD EFGH` match `ABCDEFGH`.
    static func normalize(_ code: String) -> String {
        String(code.uppercased().unicodeScalars.filter { !" \t-_".unicodeScalars.contains($0) })
    }
}
