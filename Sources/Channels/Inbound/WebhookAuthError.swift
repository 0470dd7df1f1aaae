/// Why an inbound webhook request was not accepted as coming from the platform. Answer it with 401/403.
///
/// Descriptions name the platform and the missing piece, never a secret, a signature or a body.
public enum WebhookAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header or body field the check needs is absent; `what` names it.
    case missing(Platform, what: String)
    /// The secret token or signature does not match.
    case mismatch(Platform)
    /// Correctly signed, but older (or later) than the accepted window: a replay.
    case stale(Platform, ageSeconds: Int)

    public var description: String {
        switch self {
        case .missing(let platform, let what): "\(platform.rawValue) webhook: missing \(what)"
        case .mismatch(let platform): "\(platform.rawValue) webhook: signature or secret token mismatch"
        case .stale(let platform, let age):
            "\(platform.rawValue) webhook: event \(age) s away from now, outside the window"
        }
    }
}
