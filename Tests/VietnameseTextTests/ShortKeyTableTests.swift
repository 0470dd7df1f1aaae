import Testing

@testable import VietnameseText

@Suite("Short-key table")
struct ShortKeyTableTests {
    /// Keys around the 8- and 12-byte packing boundaries, accented keys, and keys that only fit the overflow.
    static let keys: [String] = [
        "a", "bau", "cu", "ab", "ba", "12345678", "123456789", "123456789012", "1234567890123", "1234567812345678",
        "bâu1", "ngươi2", "trương2", "nghiêng", "một-chuỗi-rất-dài-vượt-16-byte", "",
    ]

    @Test("finds every stored key, whatever its length, and only those")
    func lookups() {
        var entries: [String: Int32] = [:]
        for (i, k) in Self.keys.enumerated() { entries[k] = Int32(i) }
        let table = ShortKeyTable(entries)
        for (i, k) in Self.keys.enumerated() { #expect(table.value(k) == Int32(i), "key \(k)") }
        let missing = [
            "b", "abc", "1234567", "123456781", "12345678901", "1234567890124", "bau1", "bâu", "trương",
            "x-chuỗi-rất-dài-vượt-16-byte",
        ]
        for missing in missing {
            #expect(table.value(missing) == nil, "key \(missing)")
        }
    }

    @Test("stays correct when many keys collide into a small table")
    func manyKeys() {
        var entries: [String: Int32] = [:]
        for i in 0..<5000 { entries["k\(i)"] = Int32(i) }
        let table = ShortKeyTable(entries)
        for i in 0..<5000 { #expect(table.value("k\(i)") == Int32(i)) }
        #expect(table.value("k5000") == nil)
        #expect(ShortKeyTable([:]).value("a") == nil)
    }
}
