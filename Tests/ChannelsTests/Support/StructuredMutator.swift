import FuzzSupport
import JSONWire

/// Value-level mutations of a parsed fixture: valid JSON whose fields are missing, null, of the wrong type,
/// empty, huge or out of range. Reaches the parsers' field handling, which byte mutations rarely get past.
struct StructuredMutator {
    var random: SplitMix64

    mutating func mutate(_ value: JSONValue) -> JSONValue {
        var result = value
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            result = mutateOne(result)
        }
        return result
    }

    private mutating func mutateOne(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members) where !members.isEmpty && Int.random(in: 0..<4, using: &random) > 0:
            var copy = members
            let key = members.keys.randomElement(using: &random)!
            if Int.random(in: 0..<5, using: &random) == 0 {
                copy[key] = nil
            } else {
                copy[key] = mutateOne(members[key]!)
            }
            return .object(copy)
        case .array(let elements) where !elements.isEmpty && Int.random(in: 0..<4, using: &random) > 0:
            var copy = elements
            let index = Int.random(in: 0..<elements.count, using: &random)
            copy[index] = mutateOne(elements[index])
            return .array(copy)
        default:
            return replacement()
        }
    }

    private mutating func replacement() -> JSONValue {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int64.random(in: .min ... .max, using: &random))
        case 3: return .int([0, -1, 1, Int64.max, Int64.min].randomElement(using: &random)!)
        case 4: return .double([0.5, -1e300, 1e-300, 3.0].randomElement(using: &random)!)
        case 5: return ""
        case 6: return .string(String(repeating: "ư", count: Int.random(in: 1...50_000, using: &random)))
        case 7:
            return .string(
                ["/start", "@my_bot", "kicked", "user_send_text", "~0123456789abcdef01234567", "😀"].randomElement(
                    using: &random)!)
        case 8: return [] as JSONValue
        case 9: return [:] as JSONValue
        case 10:
            return [
                ["offset": -3, "length": 99, "type": "mention"], ["offset": 0, "length": 0, "type": "bot_command"],
            ]
        default: return .string(String(Int64.random(in: 0 ... .max, using: &random)))
        }
    }
}
