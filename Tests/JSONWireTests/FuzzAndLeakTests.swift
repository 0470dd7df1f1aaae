import CJSONC
import Foundation
import FuzzSupport
import Testing

@testable import JSONWire

@Suite struct FuzzAndLeakTests {
    static let seeds: [String] = [
        #"{"update_id":10000,"message":{"message_id":1365,"date":1441645532,"chat":{"id":1111111,"type":"private"},"text":"/start","entities":[{"offset":0,"length":6,"type":"bot_command"}]}}"#,
        #"{"object":"page","entry":[{"id":"1","time":1458692752478,"messaging":[{"sender":{"id":"2"},"message":{"mid":"m","text":"Chào \u00e0 b\/c"}}]}]}"#,
        #"[1,-2.5e-3,true,false,null,"ngày bầu cử",{"a":[[]],"b":{}}]"#,
    ]

    /// Mutated fixtures never crash the parser; whatever parses survives a serialize/parse round trip.
    @Test func mutatedInputsOnlyThrowTypedErrors() throws {
        var mutator = SeededMutator(random: SplitMix64(seed: 0x4A53_4F4E))
        var accepted = 0
        var rejected: [String: Int] = [:]
        let inputs = 12_000
        for index in 0..<inputs {
            let input = mutator.mutate(Array(Self.seeds[index % Self.seeds.count].utf8))
            do {
                let value = try JSONWire.parse(input)
                accepted += 1
                let again = try JSONWire.parse(JSONWire.serialize(value))
                #expect(again == value || containsNaN(value), "round trip of input \(index)")
            } catch {
                rejected[caseName(error), default: 0] += 1
            }
        }
        #expect(accepted + rejected.values.reduce(0, +) == inputs)
        #expect(accepted > 100)
        #expect(rejected.count >= 5, "\(rejected)")
        print(
            "JSONWire fuzz: \(inputs) inputs, \(accepted) accepted, rejected by case: \(rejected.sorted { $0.key < $1.key })"
        )
    }

    /// Parsing and serializing in a loop must not grow the heap: json-c objects are released and strings
    /// are copied out. A leak of even a few bytes per iteration shows up in both later windows.
    ///
    /// The heap counter is process-wide, so other tests running in parallel would show up as growth: this test
    /// runs only on its own, as the second step of `scripts/test.sh` (`ELECTIONBOT_LEAK_CHECK=1`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ELECTIONBOT_LEAK_CHECK"] == "1"))
    func parseAndSerializeDoNotLeak() throws {
        let body = Array(Self.seeds[0].utf8)
        func cycle(_ times: Int) throws {
            for _ in 0..<times {
                let value = try JSONWire.parse(body)
                _ = JSONWire.serialize(value)
                _ = try? JSONWire.parse(Array(body.dropLast()))
            }
        }
        try cycle(2_000)
        let start = cjsonc_heap_bytes_in_use()
        try cycle(20_000)
        let middle = cjsonc_heap_bytes_in_use()
        try cycle(20_000)
        let end = cjsonc_heap_bytes_in_use()
        let growth = min(middle &- start, end &- middle)
        #expect(Int(truncatingIfNeeded: growth) < 256 * 1024, "heap grew by \(growth) bytes per 20 000 cycles")
    }

    private func containsNaN(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): !number.isFinite
        case .array(let elements): elements.contains(where: containsNaN)
        case .object(let members): members.contains { containsNaN($0.value) }
        default: false
        }
    }

    private func caseName(_ error: JSONWireError) -> String {
        switch error {
        case .tooLarge: "tooLarge"
        case .tooDeep: "tooDeep"
        case .empty: "empty"
        case .truncated: "truncated"
        case .trailingData: "trailingData"
        case .malformed: "malformed"
        case .numberOutOfRange: "numberOutOfRange"
        }
    }
}
