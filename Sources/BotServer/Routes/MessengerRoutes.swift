import BotCore
import Channels
import HTTPTypes
import Hummingbird
import Logging

extension WebhookRoutes {
    static let messengerSignatureHeader = HTTPField.Name("X-Hub-Signature-256")!

    func registerMessenger(on router: Router<BotRequestContext>) {
        router.get("/webhook/messenger") { request, context in
            try await timed("messenger_handshake", context) { messengerHandshake(request, context) }
        }
        router.post("/webhook/messenger") { request, context in
            try await timed("messenger", context) { try await messenger(request, context) }
        }
    }

    func messengerHandshake(_ request: Request, _ context: BotRequestContext) -> Response {
        guard let fb = deps.config.messenger else { return Self.plain(.notFound, "messenger is not configured") }
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        guard let challenge = MessengerWebhook.handshake(query: query, verifyToken: fb.verifyToken) else {
            context.logger.debug("messenger verification refused")
            return Self.plain(.forbidden, "forbidden")
        }
        return Self.plain(.ok, challenge)
    }

    func messenger(_ request: Request, _ context: BotRequestContext) async throws -> Response {
        guard let fb = deps.config.messenger else { return Self.plain(.notFound, "messenger is not configured") }
        let body = try await readBody(request)
        do {
            try MessengerWebhook.verify(
                body: body, signatureHeader: request.headers[Self.messengerSignatureHeader], appSecret: fb.appSecret)
        } catch {
            return refused(.messenger, error, status: .forbidden, context)
        }
        let events: [InboundEvent]
        do {
            events = try MessengerWebhook.parse(body)
        } catch {
            return malformed(.messenger, error, context)
        }
        return try await accept(events, context)
    }
}
