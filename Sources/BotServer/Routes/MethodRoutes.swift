import HTTPTypes
import Hummingbird

/// The conventions a router alone does not give: a known path asked with a method it does not serve gets 405
/// with `Allow` (not 404, which says the path is wrong), and `HEAD /healthz` answers as `GET` without a body,
/// for load balancers that probe with HEAD.
struct MethodRoutes: Sendable {
    /// Every path the server serves and the methods it serves it with.
    static let served: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/webhook/telegram", [.post]), ("/webhook/messenger", [.get, .post]), ("/webhook/zalo", [.post]),
        ("/healthz", [.get, .head]), ("/metrics", [.get]),
    ]
    /// The methods a client might try; HEAD is refused where GET is not served, as GET would be.
    static let probed: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    let health: @Sendable () async -> Response

    func register(on router: Router<BotRequestContext>) {
        router.head("/healthz") { _, _ in
            let full = await health()
            return Response(status: full.status, headers: full.headers)
        }
        for (path, methods) in Self.served {
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            for method in Self.probed where !methods.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ in
                    Response(
                        status: .methodNotAllowed, headers: [.allow: allow, .contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "method not allowed; allowed: \(allow)\n")))
                }
            }
        }
    }
}
