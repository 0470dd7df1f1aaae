/// An open-addressing hash table from short strings (syllables) to values, built once and then only read.
///
/// Answering a question does some forty lookups (syllables, abbreviations, toned forms). Swift's `Dictionary`
/// hashes every key with a per-process seeded SipHash and, for strings, walks the text in normalised form;
/// for keys this small that was a tenth of the time per answer. Here a key of at most 12 bytes (every
/// Vietnamese syllable, even toned: "nghiêng2" is 9) is packed into two integers and hashed with one
/// multiplication (Fibonacci hashing); a slot is 16 bytes, so a probe touches one cache line.
///
/// Values are `Int32` indices (into a vocabulary or an array of expansions): a generic table used from another
/// module went through runtime generic metadata on every lookup.
public struct ShortKeyTable: Sendable {
    public typealias Value = Int32

    /// A key of at most 12 bytes, zero-padded. Keys never contain a zero byte (syllables are letters and
    /// digits), so padding cannot make two different keys equal.
    struct Key: Sendable {
        var low: UInt64
        var high: UInt32

        /// The packed form of `text`, or nil when it is empty, longer than 12 bytes or contains a zero byte.
        @inline(__always)
        init?(_ text: String) {
            var low: UInt64 = 0
            var high: UInt32 = 0
            var i: UInt64 = 0
            for b in text.utf8 {
                guard i < 12, b != 0 else { return nil }
                if i < 8 { low |= UInt64(b) << (8 * i) } else { high |= UInt32(b) << (8 * UInt32(i - 8)) }
                i += 1
            }
            guard i > 0 else { return nil }
            self.low = low
            self.high = high
        }
    }

    private struct Slot {
        var low: UInt64
        var high: UInt32
        var value: Value
    }
    /// An empty slot has an all-zero key, which no stored key has (the empty string goes to the overflow
    /// dictionary), so reaching one ends a search.
    private var slots: [Slot]
    private let shift: UInt64
    /// Keys that do not pack (longer than 12 bytes): rare, so a plain dictionary is fine.
    private var overflow: [String: Value] = [:]

    /// A table of the dictionary's entries, at a load factor of at most one half.
    public init(_ entries: [String: Value]) {
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 2 { bits += 1 }
        shift = 64 - bits
        slots = [Slot](repeating: Slot(low: 0, high: 0, value: 0), count: 1 << Int(bits))
        let mask = slots.count - 1
        for (text, value) in entries {
            guard let key = Key(text) else {
                overflow[text] = value
                continue
            }
            var i = slot(key)
            while slots[i].low != 0 && (slots[i].low != key.low || slots[i].high != key.high) { i = (i + 1) & mask }
            slots[i] = Slot(low: key.low, high: key.high, value: value)
        }
    }

    @inline(__always)
    private func slot(_ key: Key) -> Int {
        let mixed = (key.low ^ (UInt64(key.high) &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> shift)
    }

    /// The value stored under `text`, if any.
    public func value(_ text: String) -> Value? {
        guard let key = Key(text) else { return overflow[text] }
        let mask = slots.count - 1
        var i = slot(key)
        return slots.withUnsafeBufferPointer { s in
            while true {
                let found = s[i]
                if found.low == key.low && found.high == key.high { return found.value }
                if found.low == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }
}
