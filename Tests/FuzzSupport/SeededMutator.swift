/// A small deterministic generator (SplitMix64), so that fuzz failures reproduce from the seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Byte-level mutations of valid fixtures: the inputs a hostile or broken sender could produce.
/// Shared by the json-c wrapper's and the channel parsers' fuzz tests.
public struct SeededMutator {
    public var random: SplitMix64

    public init(random: SplitMix64) { self.random = random }

    private static let interesting: [UInt8] =
        Array(#"{}[]",:\"0123456789-+.eEtrufalsn \#u{0}"#.utf8) + [0xFF, 0xC3, 0xE1, 0x80]

    public mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        let rounds = Int.random(in: 1...4, using: &random)
        for _ in 0..<rounds { apply(to: &bytes) }
        return bytes
    }

    private mutating func apply(to bytes: inout [UInt8]) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0 where !bytes.isEmpty:
            bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1:
            bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
        case 2:
            bytes.insert(Self.interesting.randomElement(using: &random)!, at: position)
        case 3 where !bytes.isEmpty:
            let length = Int.random(in: 1...min(8, bytes.count - position), using: &random)
            bytes.removeSubrange(position..<(position + length))
        case 4:
            bytes = Array(bytes.prefix(position))
        case 5 where !bytes.isEmpty:
            let length = Int.random(in: 1...min(32, bytes.count - position), using: &random)
            bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
        case 6:
            let depth = Int.random(in: 1...200, using: &random)
            bytes =
                Array(repeating: UInt8(ascii: "["), count: depth) + bytes
                + Array(repeating: UInt8(ascii: "]"), count: depth)
        case 7:
            let length = Int.random(in: 1_000...300_000, using: &random)
            let huge = [UInt8(ascii: "\"")] + Array(repeating: UInt8(ascii: "a"), count: length) + [UInt8(ascii: "\"")]
            bytes.insert(contentsOf: huge, at: position)
        case 8 where !bytes.isEmpty:
            bytes[position] = Self.interesting.randomElement(using: &random)!
        default:
            let digits = Int.random(in: 15...30, using: &random)
            bytes.insert(
                contentsOf: (0..<digits).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }, at: position)
        }
    }
}
