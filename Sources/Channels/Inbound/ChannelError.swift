import JSONWire

/// Why a verified webhook body (or a platform reply) could not be read. Descriptions hold no body text.
public enum ChannelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not acceptable JSON.
    case invalidJSON(Platform, JSONWireError)
    /// The JSON lacks the envelope the platform always sends (`update_id`, `entry`, `event_name`…).
    case unexpectedPayload(Platform, reason: String)

    public var description: String {
        switch self {
        case .invalidJSON(let platform, let error): "\(platform.rawValue) payload: \(error)"
        case .unexpectedPayload(let platform, let reason): "\(platform.rawValue) payload: \(reason)"
        }
    }
}

extension JSONWire {
    /// Parses a platform body, mapping the error to ``ChannelError``.
    static func parse(_ body: [UInt8], platform: Platform, limits: JSONLimits) throws(ChannelError) -> JSONValue {
        do {
            return try JSONWire.parse(body, limits: limits)
        } catch {
            throw .invalidJSON(platform, error)
        }
    }
}
