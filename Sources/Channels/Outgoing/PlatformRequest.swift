/// The API a ``PlatformRequest`` goes to. Base URLs are configuration (tests point them at local servers).
public enum APIEndpoint: String, Sendable, CaseIterable {
    /// `https://api.telegram.org`
    case telegramBotAPI
    /// `https://graph.facebook.com`
    case messengerGraph
    /// `https://openapi.zalo.me`
    case zaloOpenAPI
    /// `https://oauth.zaloapp.com`
    case zaloOAuth

    /// The production base URL, without a trailing slash.
    public var defaultBaseURL: String {
        switch self {
        case .telegramBotAPI: "https://api.telegram.org"
        case .messengerGraph: "https://graph.facebook.com"
        case .zaloOpenAPI: "https://openapi.zalo.me"
        case .zaloOAuth: "https://oauth.zaloapp.com"
        }
    }
}

/// One HTTP request to a platform, ready for the transport.
///
/// The path or headers may hold a credential (Telegram's `/bot<token>/`, Messenger's `access_token` query,
/// Zalo's `access_token` header, a refresh token in a body). `description`, `debugDescription` and the
/// mirror used by `dump` show only ``redactedPath`` and header names; log those, never ``path``.
public struct PlatformRequest: Sendable {
    /// Which API; the caller prepends its configured base URL.
    public var endpoint: APIEndpoint
    /// `"POST"` or `"GET"`.
    public var method: String
    /// Path and query relative to the base URL, e.g. `/bot<token>/sendMessage`.
    public var path: String
    /// Header fields in order (the transport's shape).
    public var headers: [(String, String)]
    /// The request body (JSON or form-encoded), empty for `GET`.
    public var body: [UInt8]
    /// A stable name for logs and metrics, e.g. `telegram.sendMessage`.
    public var label: String
    /// ``path`` with every credential replaced by `<redacted>`.
    public let redactedPath: String

    /// - Parameter redactedPath: `path` as the renderer builds it with `<redacted>` in place of the
    ///   credential (cheaper and surer than searching for the secret afterwards); `nil` when the path holds
    ///   none.
    init(
        endpoint: APIEndpoint, method: String = "POST", path: String, redactedPath: String? = nil,
        headers: [(String, String)], body: [UInt8], label: String
    ) {
        self.endpoint = endpoint
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.label = label
        self.redactedPath = redactedPath ?? path
    }

    /// The absolute URL under `baseURL` (a trailing slash on the base is ignored). It may hold a secret.
    public func url(baseURL: String) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + path
    }

    /// The body as text, for tests and debugging; it may hold a secret for token refreshes.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension PlatformRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "\(label): \(method) \(endpoint.rawValue)\(redactedPath) (\(body.count) bytes)"
    }

    public var debugDescription: String {
        "\(description) headers: \(headers.map(\.0).joined(separator: ", "))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "label": label, "endpoint": endpoint, "method": method, "path": redactedPath,
                "headers": headers.map(\.0), "bodyBytes": body.count,
            ])
    }
}
