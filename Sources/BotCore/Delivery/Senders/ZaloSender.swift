import Channels
import CurlTransport
import Foundation
import Logging
import Storage

/// Zalo's access token lives 25 hours and its refresh token is single-use: on -216/-220 the sender refreshes,
/// stores the new pair before using it, and the row is retried with the new token.
///
/// The pair in the database wins over the configured one (which a restart would otherwise bring back, spent),
/// and a refresh is saved only if the stored refresh token is still the one refreshed with (compare-and-swap):
/// when another process rotated it first, this one adopts that newer pair instead of overwriting it.
struct ZaloSender: PlatformSender {
    let config: BotConfig.Zalo
    let keeper: ZaloTokenKeeper

    init(config: BotConfig.Zalo, store: any CredentialStore, transport: any HTTPTransport, logger: Logger) {
        self.config = config
        keeper = ZaloTokenKeeper(config: config, store: store, transport: transport, logger: logger)
    }

    func prepare() async { await keeper.loadSaved() }

    func render(row: OutboxRowContent, payload: ReplyPayload) async -> [PlatformRequest] {
        ZaloAPI(accessToken: await keeper.accessToken).send(userID: row.chatID, reply: payload.outgoing)
    }

    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome {
        let used = await keeper.accessToken
        let outcome = await perform(request, base: config.apiBase, transport: transport, classify: ZaloAPI.classify)
        guard case .refreshToken = outcome else { return outcome }
        guard await keeper.refresh(after: used) else {
            return .failed("Zalo access token expired and refresh failed")
        }
        return .refreshToken
    }
}

/// The Zalo token pair of this process. An actor, so that the lanes that meet an expired token at the same
/// moment share one refresh (a second refresh would spend the new refresh token's only use).
actor ZaloTokenKeeper {
    private let config: BotConfig.Zalo
    private let store: any CredentialStore
    private let transport: any HTTPTransport
    private let logger: Logger
    private(set) var accessToken: String
    private var refreshToken: String?
    private var refreshing: Task<Bool, Never>?

    init(config: BotConfig.Zalo, store: any CredentialStore, transport: any HTTPTransport, logger: Logger) {
        self.config = config
        self.store = store
        self.transport = transport
        self.logger = logger
        accessToken = config.accessToken
        refreshToken = config.refreshToken
    }

    /// Adopts the pair an earlier refresh saved (this process's or another's).
    func loadSaved() async {
        do {
            if let saved = try await store.tokens(platform: "zalo") {
                accessToken = saved.accessToken
                refreshToken = saved.refreshToken ?? refreshToken
                logger.debug("zalo tokens loaded from the store")
            }
        } catch {
            logger.warning("could not read saved zalo tokens", metadata: ["error": "\(error)"])
        }
    }

    /// Refreshes once for everyone who saw `used` expire; true when a newer access token is now in place.
    func refresh(after used: String) async -> Bool {
        if accessToken != used { return true }  // someone refreshed while that send was in flight
        if let refreshing { return await refreshing.value }
        let task = Task { await self.performRefresh(used: used) }
        refreshing = task
        let ok = await task.value
        refreshing = nil
        return ok
    }

    private func performRefresh(used: String) async -> Bool {
        guard let refresh = refreshToken else { return false }
        let request = ZaloAPI.refreshToken(appID: config.appID, appSecret: config.appSecret, refreshToken: refresh)
        guard let http = TransportRequest(request, baseURL: config.oauthBase) else { return false }
        do {
            let response = try await transport.send(http)
            let pair = try ZaloAPI.parseTokenResponse(response.body)
            do {
                try await store.saveTokens(
                    platform: "zalo", accessToken: pair.accessToken, refreshToken: pair.refreshToken,
                    expiresAt: Date().addingTimeInterval(Double(pair.expiresIn)), replacingRefresh: refresh)
            } catch CredentialError.refreshTokenChanged {
                // Another process saved a newer pair meanwhile: the stored pair is the one every process
                // uses from now on, so adopt it rather than overwrite it.
                logger.notice("zalo tokens were rotated by another process; using the stored pair")
                await loadSaved()
                return true
            }
            accessToken = pair.accessToken
            refreshToken = pair.refreshToken
            logger.info("zalo access token refreshed")
            return true
        } catch {
            // Our refresh token may have been spent by another process that refreshed first: its pair is in
            // the store.
            await loadSaved()
            if accessToken != used {
                logger.notice("zalo refresh refused, but another process stored a newer pair; using it")
                return true
            }
            // The error may quote the OAuth server's reply, which can echo the tokens just sent.
            let scrubber = SecretScrubber(
                secrets: [config.oaSecretKey, config.appSecret, used, refreshToken ?? ""].compactMap { $0 })
            logger.error("zalo token refresh failed", metadata: ["error": "\(scrubber.scrub("\(error)"))"])
            return false
        }
    }
}
