@testable import CurlTransport

/// The error `send` throws, or nil when it returned a response.
func sendError(_ client: CurlHTTPClient, _ request: TransportRequest) async -> HTTPTransportError? {
    do throws(HTTPTransportError) {
        _ = try await client.send(request)
        return nil
    } catch {
        return error
    }
}

/// Runs `body` with a started server and client, and always stops both.
func withServer<T>(
    configuration: CurlHTTPClient.Configuration = .init(),
    handler: @escaping @Sendable (RecordedRequest) -> CannedResponse,
    _ body: (LocalHTTPServer, CurlHTTPClient) async throws -> T
) async throws -> T {
    let server = try LocalHTTPServer(handler: handler)
    let client = CurlHTTPClient(configuration: configuration)
    do {
        let result = try await body(server, client)
        await client.shutdown()
        server.stop()
        return result
    } catch {
        await client.shutdown()
        server.stop()
        throw error
    }
}

/// Runs `body` with a server that always answers `response`.
func withServer<T>(
    configuration: CurlHTTPClient.Configuration = .init(),
    answering response: CannedResponse,
    _ body: (LocalHTTPServer, CurlHTTPClient) async throws -> T
) async throws -> T {
    try await withServer(configuration: configuration, handler: { _ in response }, body)
}

/// Echoes the request target as the body, with a header naming the method.
@Sendable func echoTarget(_ request: RecordedRequest) -> CannedResponse {
    CannedResponse(headers: [("X-Method", request.method)], body: Array(request.target.utf8))
}

/// Answers with the request's header fields as the server parsed them, one `name: value` per line.
@Sendable func echoHeaders(_ request: RecordedRequest) -> CannedResponse {
    CannedResponse(headers: [], body: Array(request.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n").utf8))
}
