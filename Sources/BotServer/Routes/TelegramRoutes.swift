import BotCore
import Channels
import HTTPTypes
import Hummingbird
import Logging

extension WebhookRoutes {
    static let telegramSecretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!

    func registerTelegram(on router: Router<BotRequestContext>) {
        router.post("/webhook/telegram") { request, context in
            try await timed("telegram", context) { try await telegram(request, context) }
        }
    }

    func telegram(_ request: Request, _ context: BotRequestContext) async throws -> Response {
        guard let tg = deps.config.telegram else { return Self.plain(.notFound, "telegram is not configured") }
        let body = try await readBody(request)
        if let secret = tg.secretToken {
            do {
                try TelegramWebhook.verify(
                    secretTokenHeader: request.headers[Self.telegramSecretHeader], secretToken: secret)
            } catch {
                return refused(.telegram, error, status: .unauthorized, context)
            }
        } else if !tg.acceptsUnsigned {
            // A configuration built without a secret (not through BotConfig.load) is refused too.
            return refused(
                .telegram, .missing(.telegram, what: "configured secret token"), status: .unauthorized, context)
        }
        let events: [InboundEvent]
        do {
            events = try TelegramWebhook.parse(
                body, botUsername: telegramIdentity?.username, botID: telegramIdentity?.id)
        } catch {
            return malformed(.telegram, error, context)
        }
        return try await accept(events, context)
    }
}
