/// Why no complete HTTP response arrived. Messages never contain the URL's path or query (a bot token
/// may live there), so the error can be logged as is.
///
/// Retry guidance: ``timedOut`` and ``couldNotConnect(_:)`` are transient; ``tls(_:)`` and
/// ``invalidURL`` need an operator. ``other(code:message:)`` carries the libcurl error code, and also:
/// - code 63 (`CURLE_FILESIZE_EXCEEDED`): the response body exceeded `maxResponseBytes`;
/// - code 42 (`CURLE_ABORTED_BY_CALLBACK`): the calling task was cancelled;
/// - code 43 (`CURLE_BAD_FUNCTION_ARGUMENT`): an invalid method or header field;
/// - code -1: the client was shut down.
///
/// A connection lost mid-exchange is `.other` (codes 52, 55, 56). After it, as after ``timedOut``, the
/// server may have acted on the request: retry only what is safe to repeat.
public enum HTTPTransportError: Error, CustomStringConvertible, Equatable {
    /// The connect or total timeout elapsed.
    case timedOut
    /// The host or proxy did not resolve, or refused the connection: nothing was sent.
    case couldNotConnect(String)
    /// The TLS handshake or the certificate verification failed.
    case tls(String)
    /// The URL is not an absolute `http://` or `https://` URL.
    case invalidURL
    /// Any other failure, with the libcurl error code (see the type's documentation).
    case other(code: Int, message: String)

    public var description: String {
        switch self {
        case .timedOut: "HTTP request timed out"
        case .couldNotConnect(let message): "could not connect: \(message)"
        case .tls(let message): "TLS failure: \(message)"
        case .invalidURL: "invalid URL"
        case .other(let code, let message): "HTTP transport error \(code): \(message)"
        }
    }
}

extension HTTPTransportError {
    static let responseTooLargeCode = 63
    static let cancelledCode = 42
    static let invalidArgumentCode = 43
    static let shutDownCode = -1

    static let cancelled = HTTPTransportError.other(code: cancelledCode, message: "request cancelled")
    static let shutDown = HTTPTransportError.other(
        code: shutDownCode, message: "HTTP client is shut down")

    static func responseTooLarge(limit: Int) -> HTTPTransportError {
        .other(code: responseTooLargeCode, message: "response body exceeds \(limit) bytes")
    }
}
