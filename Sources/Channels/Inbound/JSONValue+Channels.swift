import JSONWire

extension JSONValue {
    /// An id as text, whether the platform sent it as a string or as an integer.
    var idString: String? {
        switch self {
        case .string(let text): text.isEmpty ? nil : text
        case .int(let number): String(number)
        default: nil
        }
    }

    /// A non-empty string.
    var nonEmptyString: String? {
        guard case .string(let text) = self, !text.isEmpty else { return nil }
        return text
    }
}
