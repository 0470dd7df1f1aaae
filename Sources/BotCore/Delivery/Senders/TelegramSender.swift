import Channels
import CurlTransport

struct TelegramSender: PlatformSender {
    let api: TelegramAPI
    let base: String

    init(config: BotConfig.Telegram) {
        api = TelegramAPI(token: config.token)
        base = config.apiBase
    }

    func render(row: OutboxRowContent, payload: ReplyPayload) async -> [PlatformRequest] {
        // A button pressed on an inline-mode message has no chat to write to: only the acknowledgement goes.
        guard !payload.acknowledgeOnly else { return [] }
        return api.sendMessage(
            chatID: row.chatID, threadID: row.threadID.flatMap { Int64($0) }, reply: payload.outgoing)
    }

    func answerCallback(id: String, text: String?) -> PlatformRequest? { api.answerCallbackQuery(id: id, text: text) }

    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome {
        await perform(request, base: base, transport: transport, classify: TelegramAPI.classify)
    }
}
