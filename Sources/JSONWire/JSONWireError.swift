/// Why a byte sequence was not accepted as JSON. Descriptions quote no input bytes, so they are safe to log.
public enum JSONWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is longer than ``JSONLimits/maxBytes``.
    case tooLarge(limit: Int, actual: Int)
    /// The input nests deeper than ``JSONLimits/maxDepth``.
    case tooDeep(limit: Int)
    /// The input is empty or only whitespace.
    case empty
    /// The input ends in the middle of a value.
    case truncated
    /// A complete value is followed by more than whitespace, starting at `offset`.
    case trailingData(offset: Int)
    /// The input is not JSON: json-c stopped at byte `offset` for `reason`.
    case malformed(offset: Int, reason: String)
    /// A number literal at `offset` does not fit: an integer outside `Int64`, or a non-finite double
    /// (`1e999`, `NaN`, `Infinity`). Rejected rather than silently rounded.
    case numberOutOfRange(offset: Int)

    public var description: String {
        switch self {
        case .tooLarge(let limit, let actual): "JSON body of \(actual) bytes exceeds the limit of \(limit) bytes"
        case .tooDeep(let limit): "JSON nesting exceeds the depth limit of \(limit)"
        case .empty: "JSON body is empty"
        case .truncated: "JSON body ends in the middle of a value"
        case .trailingData(let offset): "unexpected data after the JSON value at byte \(offset)"
        case .malformed(let offset, let reason): "malformed JSON at byte \(offset): \(reason)"
        case .numberOutOfRange(let offset): "JSON number at byte \(offset) is out of range"
        }
    }
}
