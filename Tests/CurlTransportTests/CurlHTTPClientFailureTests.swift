import HTTPTypes
import Testing

@testable import CurlTransport

@Suite("CurlHTTPClient failures map to typed errors without leaking the URL")
struct CurlHTTPClientFailureTests {
    static let secretPath = "/bot123:SECRET/sendMessage?x=y"

    @Test func aSlowServerHitsTheRequestTimeout() async throws {
        try await withServer(answering: CannedResponse(delay: .seconds(5))) { server, client in
            // The server answers after 5 s: a success would mean the 300 ms timeout did not fire.
            let error = await sendError(
                client,
                TransportRequest(
                    url: "http://127.0.0.1:\(server.port)\(Self.secretPath)", timeout: .milliseconds(300)))
            #expect(error == .timedOut)
        }
    }

    @Test func theConfiguredRequestTimeoutApplies() async throws {
        try await withServer(
            configuration: .init(requestTimeout: .milliseconds(200)),
            answering: CannedResponse(delay: .seconds(5))
        ) { server, client in
            let error = await sendError(client, TransportRequest(url: "http://127.0.0.1:\(server.port)/slow"))
            #expect(error == .timedOut)
        }
    }

    @Test func aClosedPortCannotConnect() async throws {
        let port = try Socket.closedPort()
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let error = try #require(
            await sendError(client, TransportRequest(url: "http://127.0.0.1:\(port)\(Self.secretPath)")))
        guard case .couldNotConnect = error else {
            Issue.record("expected couldNotConnect, got \(error)")
            return
        }
        #expect(!error.description.contains("SECRET"))
        #expect(!error.description.contains("sendMessage"))
    }

    @Test func anUnresolvableHostCannotConnect() async throws {
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let error = try #require(
            await sendError(client, TransportRequest(url: "http://no-such-host.invalid\(Self.secretPath)")))
        guard case .couldNotConnect = error else {
            Issue.record("expected couldNotConnect, got \(error)")
            return
        }
        #expect(!error.description.contains("SECRET"))
    }

    @Test func tlsToAPlainHTTPServerFailsAsTLS() async throws {
        try await withServer(handler: echoTarget) { server, client in
            let error = try #require(
                await sendError(
                    client, TransportRequest(url: "https://127.0.0.1:\(server.port)\(Self.secretPath)")))
            guard case .tls = error else {
                Issue.record("expected tls, got \(error)")
                return
            }
            #expect(!error.description.contains("SECRET"))
        }
    }

    @Test(.enabled(if: OpenSSLTestServer.executable != nil, "needs the openssl command"))
    func certificatesAreVerified() async throws {
        let server = try OpenSSLTestServer()
        defer { server.stop() }
        let url = "https://127.0.0.1:\(server.port)/"

        let verifying = CurlHTTPClient()
        defer { verifying.shutdown() }
        let error = try #require(await sendError(verifying, TransportRequest(url: url)))
        guard case .tls(let message) = error else {
            Issue.record("expected tls, got \(error)")
            return
        }
        #expect(message.contains("certificate"))

        let trusting = CurlHTTPClient(configuration: .init(caBundlePath: server.certificatePath))
        defer { trusting.shutdown() }
        let response = try await trusting.send(TransportRequest(url: url))
        #expect(response.status == 200)
    }

    @Test(arguments: [false, true])
    func oversizedResponsesAreRefused(chunked: Bool) async throws {
        try await withServer(
            configuration: .init(maxResponseBytes: 1000),
            answering: CannedResponse(body: Array(repeating: 65, count: 5000), chunked: chunked)
        ) { server, client in
            let error = await sendError(client, TransportRequest(url: "http://127.0.0.1:\(server.port)/big"))
            #expect(error == .other(code: 63, message: "response body exceeds 1000 bytes"))
            // A body of exactly the limit is fine.
            let small = CurlHTTPClient(configuration: .init(maxResponseBytes: 5000))
            defer { small.shutdown() }
            let response = try await small.send(TransportRequest(url: "http://127.0.0.1:\(server.port)/big"))
            #expect(response.body.count == 5000)
        }
    }

    @Test(arguments: [
        "ftp://example.com/file", "file:///etc/passwd", "not a url", "http://exa mple.com/", "http://",
        "",
    ])
    func invalidURLsAreRejected(url: String) async {
        let client = CurlHTTPClient(configuration: .init(workers: 1))
        defer { client.shutdown() }
        #expect(await sendError(client, TransportRequest(url: url)) == .invalidURL)
    }

    @Test func headerInjectionCannotBeBuilt() async throws {
        // Typed requests: a method or a field name HTTP does not allow cannot exist, and CR/LF in a value are
        // replaced before the transport sees it, so one field can never become two.
        #expect(HTTPRequest.Method("GET /x") == nil)
        #expect(HTTPField.Name("Bad Name") == nil)
        try await withServer(handler: echoHeaders) { server, client in
            let response = try await client.send(
                TransportRequest(
                    url: "http://127.0.0.1:\(server.port)/",
                    headerFields: [HTTPField.Name("access_token")!: "SECRET\r\nX-Evil: 1"]))
            let seen = String(decoding: response.body, as: UTF8.self)
            let lines = seen.split(separator: "\n")
            #expect(!lines.contains { $0.lowercased().hasPrefix("x-evil") })
            #expect(lines.contains("access_token: SECRET  X-Evil: 1"))
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        try await withServer(answering: CannedResponse(delay: .seconds(10))) { server, client in
            let request = TransportRequest(url: "http://127.0.0.1:\(server.port)/slow", timeout: .seconds(30))
            // The server answers after 10 s: a success would mean cancelling did not abort the transfer.
            let task = Task { await sendError(client, request) }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            #expect(await task.value == .other(code: 42, message: "request cancelled"))
        }
    }

    @Test func aShutDownClientRefusesRequests() async throws {
        try await withServer(handler: echoTarget) { server, client in
            let url = "http://127.0.0.1:\(server.port)/"
            let response = try await client.send(TransportRequest(url: url))
            #expect(response.status == 200)
            await client.shutdown()
            await client.shutdown()
            #expect(
                await sendError(client, TransportRequest(url: url))
                    == .other(code: -1, message: "HTTP client is shut down"))
        }
    }

    @Test func shutdownLetsQueuedRequestsFinish() async throws {
        try await withServer(
            configuration: .init(workers: 1), answering: CannedResponse(delay: .milliseconds(50))
        ) { server, client in
            let url = "http://127.0.0.1:\(server.port)/"
            let tasks = (0..<3).map { _ in Task { try await client.send(TransportRequest(url: url)).status } }
            while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            await client.shutdown()
            for task in tasks {
                let status = try await task.value
                #expect(status == 200)
            }
        }
    }
}
