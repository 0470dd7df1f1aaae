import BotCore
import Channels
import HTTPTypes
import Hummingbird
import Logging

extension WebhookRoutes {
    static let zaloSignatureHeader = HTTPField.Name("X-ZEvent-Signature")!

    func registerZalo(on router: Router<BotRequestContext>) {
        router.post("/webhook/zalo") { request, context in
            try await timed("zalo", context) { try await zalo(request, context) }
        }
    }

    func zalo(_ request: Request, _ context: BotRequestContext) async throws -> Response {
        guard let z = deps.config.zalo else { return Self.plain(.notFound, "zalo is not configured") }
        let body = try await readBody(request)
        do {
            let variant = try ZaloWebhook.verify(
                body: body, signatureHeader: request.headers[Self.zaloSignatureHeader], appID: z.appID,
                oaSecretKey: z.oaSecretKey, window: z.eventWindow)
            deps.metrics.zaloSignature(variant: variant.rawValue)
        } catch .stale(let platform, let age) {
            deps.metrics.staleEvent(platform: platform.rawValue)
            return refused(.zalo, .stale(platform, ageSeconds: age), status: .unauthorized, context)
        } catch {
            return refused(.zalo, error, status: .unauthorized, context)
        }
        let events: [InboundEvent]
        do {
            events = try ZaloWebhook.parse(body)
        } catch {
            return malformed(.zalo, error, context)
        }
        return try await accept(events, context)
    }
}
