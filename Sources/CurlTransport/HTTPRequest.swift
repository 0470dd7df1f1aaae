/// One outbound HTTP request, as plain Swift values so that callers never see libcurl.
public struct HTTPRequest: Sendable {
    /// The HTTP method, for example `"GET"` or `"POST"`.
    public var method: String
    /// The absolute `http://` or `https://` URL. It may carry secrets (Telegram puts the bot token in the
    /// path): log it only through ``redactedURL(_:)``.
    public var url: String
    /// Header fields in the order they are sent. An empty value sends the header with an empty value.
    public var headers: [(String, String)]
    /// The request body; sent with a `Content-Length` for every method but `GET` and `HEAD` without a body.
    public var body: [UInt8]
    /// The total time allowed for this request; `nil` uses the client's configured request timeout.
    public var timeout: Duration?

    /// Creates a request; the defaults make a bodiless `GET`.
    public init(
        method: String = "GET",
        url: String,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
