import Channels
import CurlTransport

struct MessengerSender: PlatformSender {
    let api: MessengerAPI
    let base: String

    init(config: BotConfig.Messenger) {
        // MESSENGER_API_BASE names the version ("https://graph.facebook.com/v25.0"); the renderer adds it itself.
        var base = config.apiBase.hasSuffix("/") ? String(config.apiBase.dropLast()) : config.apiBase
        var version = "v25.0"
        if let slash = base.lastIndex(of: "/"), base[base.index(after: slash)...].hasPrefix("v"),
            base[base.index(after: slash)...].dropFirst().first?.isNumber == true
        {
            version = String(base[base.index(after: slash)...])
            base = String(base[..<slash])
        }
        api = MessengerAPI(pageToken: config.pageToken, graphVersion: version)
        self.base = base
    }

    func render(row: OutboxRowContent, payload: ReplyPayload) async -> [PlatformRequest] {
        api.send(recipientPSID: row.chatID, reply: payload.outgoing, messagingType: payload.messengerType)
    }

    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome {
        await perform(request, base: base, transport: transport, classify: MessengerAPI.classify)
    }
}
