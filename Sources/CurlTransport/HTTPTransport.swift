/// Sends HTTP requests. Channels and delivery workers depend on this protocol, so that tests can swap
/// in a fake while production uses ``CurlHTTPClient``.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response whatever its status (4xx and 5xx are responses, not
    /// errors); throws only when no complete response arrived.
    func send(_ request: TransportRequest) async throws(HTTPTransportError) -> TransportResponse
}
