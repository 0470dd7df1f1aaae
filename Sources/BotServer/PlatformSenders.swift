import Channels
import CurlTransport
import Foundation
import Logging
import Storage
import Synchronization

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

    func render(row: OutboxRow, payload: ReplyPayload) -> [PlatformRequest] {
        api.send(recipientPSID: row.chatID, reply: payload.outgoing, messagingType: payload.messengerType)
    }

    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome {
        await perform(request, base: base, transport: transport, classify: MessengerAPI.classify)
    }
}

/// Zalo's access token lives 25 hours and its refresh token is single-use: on -216/-220 the sender refreshes,
/// stores the new pair in one transaction before using it, and retries.
final class ZaloSender: PlatformSender {
    let config: BotConfig.Zalo
    let store: any BotStore
    let logger: Logger
    private let tokens: Mutex<(access: String, refresh: String?)>

    init(config: BotConfig.Zalo, store: any BotStore, transport: any HTTPTransport, logger: Logger) {
        self.config = config
        self.store = store
        self.logger = logger
        tokens = Mutex((config.accessToken, config.refreshToken))
    }

    /// Prefers a pair saved by an earlier refresh over the configured one (which may already be spent).
    func loadSavedTokens() async {
        if let saved = try? await store.tokens(platform: "zalo") {
            tokens.withLock { $0 = (saved.accessToken, saved.refreshToken ?? $0.refresh) }
        }
    }

    func render(row: OutboxRow, payload: ReplyPayload) -> [PlatformRequest] {
        ZaloAPI(accessToken: tokens.withLock { $0.access }).send(userID: row.chatID, reply: payload.outgoing)
    }

    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome {
        let outcome = await perform(request, base: config.apiBase, transport: transport, classify: ZaloAPI.classify)
        guard case .refreshToken = outcome else { return outcome }
        guard await refresh(transport: transport) else {
            return .failed("Zalo access token expired and refresh failed")
        }
        return .refreshToken  // the row is re-rendered with the new token and retried
    }

    func refresh(transport: any HTTPTransport) async -> Bool {
        guard let refresh = tokens.withLock({ $0.refresh }) else { return false }
        let request = ZaloAPI.refreshToken(appID: config.appID, appSecret: config.appSecret, refreshToken: refresh)
        do {
            let response = try await transport.send(
                CurlTransport.HTTPRequest(
                    method: request.method, url: request.url(baseURL: config.oauthBase), headers: request.headers,
                    body: request.body))
            let pair = try ZaloAPI.parseTokenResponse(response.body)
            try await store.saveTokens(
                platform: "zalo", accessToken: pair.accessToken, refreshToken: pair.refreshToken,
                expiresAt: Date().addingTimeInterval(Double(pair.expiresIn)))
            tokens.withLock { $0 = (pair.accessToken, pair.refreshToken) }
            logger.info("zalo access token refreshed")
            return true
        } catch {
            logger.error("zalo token refresh failed", metadata: ["error": "\(error)"])
            return false
        }
    }
}
