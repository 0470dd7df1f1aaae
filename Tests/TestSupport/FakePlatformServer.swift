import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A local HTTP server that speaks enough of a platform's API for end-to-end tests: it records every request
/// and answers from a script (429 with retry_after, 403, 500…), else with the platform's success reply.
public final class FakePlatformServer: Sendable {
    public struct Recorded: Sendable {
        public var method: String
        public var path: String
        public var body: String
        public var at: ContinuousClock.Instant
        public var headers: [String: String] = [:]
    }
    public struct Scripted: Sendable {
        public var status: HTTPResponse.Status
        public var body: String
        public init(status: HTTPResponse.Status, body: String) {
            self.status = status
            self.body = body
        }
    }

    private let recorded = Mutex<[Recorded]>([])
    private let script = Mutex<[String: [Scripted]]>([:])  // path suffix → responses to give first

    public init() {}

    /// Answers the next calls whose path ends with `suffix` with these responses, in order.
    public func enqueue(_ suffix: String, _ responses: [Scripted]) {
        script.withLock { $0[suffix, default: []] += responses }
    }

    public var requests: [Recorded] { recorded.withLock { $0 } }

    public func requests(endingWith suffix: String) -> [Recorded] { requests.filter { $0.path.hasSuffix(suffix) } }

    /// Polls until `count` matching requests arrived or the timeout passes.
    public func waitFor(_ suffix: String, count: Int, timeout: Duration = .seconds(10)) async -> [Recorded] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let r = requests(endingWith: suffix)
            if r.count >= count { return r }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return requests(endingWith: suffix)
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("**") { request, _ in try await self.handle(request) }
        router.get("**") { request, _ in try await self.handle(request) }
        return router
    }

    private func handle(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let path = request.uri.path
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let entry = Recorded(
            method: request.method.rawValue, path: path, body: String(buffer: body), at: .now, headers: headers)
        recorded.withLock { $0.append(entry) }
        let scripted: Scripted? = script.withLock { s in
            for (suffix, queue) in s where path.hasSuffix(suffix) && !queue.isEmpty {
                return s[suffix]!.removeFirst()
            }
            return nil
        }
        if let scripted {
            return Response(
                status: scripted.status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: scripted.body)))
        }
        let reply: String
        if path.hasSuffix("/getMe") {
            reply = #"{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Bot","username":"bau_cu_bot"}}"#
        } else if path.contains("/message/cs") {
            reply = #"{"data":{"message_id":"zl1","user_id":"u"},"error":0,"message":"Success"}"#
        } else if path.contains("/me/messages") {
            reply = #"{"recipient_id":"psid","message_id":"m_1"}"#
        } else {
            reply = #"{"ok":true,"result":{"message_id":42}}"#
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: reply))
        )
    }
}
