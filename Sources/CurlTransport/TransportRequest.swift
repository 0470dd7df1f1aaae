public import HTTPTypes

/// One outbound HTTP request, typed with swift-http-types so that a method or a field name that HTTP does not
/// allow cannot be built, and callers never see libcurl.
public struct TransportRequest: Sendable {
    public var method: HTTPRequest.Method
    /// The absolute `http://` or `https://` URL. It may carry secrets (Telegram puts the bot token in the
    /// path): log it only through ``redactedURL(_:)``.
    public var url: String
    /// Header fields in the order they are sent. An empty value sends the field with an empty value. Field
    /// values cannot carry CR or LF (swift-http-types replaces them), so no caller can inject a header.
    public var headerFields: HTTPFields
    /// The request body; sent with a `Content-Length` for every method but `GET` and `HEAD` without a body.
    public var body: [UInt8]
    /// The total time allowed for this request; `nil` uses the client's configured request timeout.
    public var timeout: Duration?

    /// Creates a request; the defaults make a bodiless `GET`.
    public init(
        method: HTTPRequest.Method = .get,
        url: String,
        headerFields: HTTPFields = [:],
        body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headerFields = headerFields
        self.body = body
        self.timeout = timeout
    }
}
