import CurlTransport
import Synchronization

/// An in-memory ``HTTPTransport``: records every request and answers from a script, else with `fallback`.
/// Delivery rules are tested with it without sockets; the end-to-end tests use libcurl and a real server.
public final class RecordingTransport: HTTPTransport, Sendable {
    /// One scripted answer: a response, or a transport failure (timeout, refused connection).
    public enum Answer: Sendable {
        case respond(status: Int, body: String)
        case fail(HTTPTransportError)
    }

    private let state = Mutex<(requests: [TransportRequest], script: [Answer])>(([], []))
    private let fallback: Answer

    public init(fallback: Answer = .respond(status: 200, body: #"{"ok":true,"result":{"message_id":1}}"#)) {
        self.fallback = fallback
    }

    /// Answers the next requests with these, in order.
    public func enqueue(_ answers: Answer...) { state.withLock { $0.script += answers } }

    public var requests: [TransportRequest] { state.withLock { $0.requests } }

    public func send(_ request: TransportRequest) async throws(HTTPTransportError) -> TransportResponse {
        let answer = state.withLock { s -> Answer in
            s.requests.append(request)
            return s.script.isEmpty ? fallback : s.script.removeFirst()
        }
        switch answer {
        case .respond(let status, let body): return TransportResponse(status: status, body: Array(body.utf8))
        case .fail(let error): throw error
        }
    }

    /// Polls until `count` requests were sent or `timeout` passes (workers run on their own tasks).
    public func waitFor(count: Int, timeout: Duration = .seconds(10)) async -> [TransportRequest] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, requests.count < count {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return requests
    }
}
