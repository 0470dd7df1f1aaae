import Configuration
import Foundation
import Storage

/// Everything the server needs, validated once at startup from one `ConfigReader` (flags > environment >
/// `.env` > defaults, see ``ConfigSources``). Every key is listed in ``ConfigKeys``.
public struct BotConfig: Sendable {
    public var host = "0.0.0.0"
    public var port = 8080
    public var databasePath = "electionbot.sqlite"
    public var intentsDirectory = "intents"
    /// The admin console's static files, served at `/admin/`.
    public var consoleDirectory = "console"
    /// Webhook bodies above this many bytes get 413.
    public var maxBodyBytes = 1 << 20
    /// Above this many unanswered messages (see `InboundPipeline.backlog`) webhooks get 503 with
    /// `Retry-After`, so the platforms redeliver later instead of the backlog growing without bound.
    public var maxBacklog = 10_000
    public var telegram: Telegram?
    public var messenger: Messenger?
    public var zalo: Zalo?
    public var delivery = Delivery()
    public var connections = Connections()
    /// How often `serve` looks for edited knowledge files; `nil` turns the watcher off (SIGHUP and the admin
    /// API still reload).
    public var knowledgeWatchInterval: Duration? = .seconds(1)
    /// How long rows are kept, and how often the retention service prunes.
    public var retention = Retention()

    public struct Retention: Sendable {
        public var policy: RetentionPolicy = .standard
        public var interval: Duration = .seconds(3600)
        /// Rows deleted per table per transaction: each delete stays a few milliseconds of the writer.
        public var batch = 500
        public init() {}
    }

    /// What one TCP client may hold of the listener: without these limits a thousand idle keep-alive
    /// connections exhaust the descriptors and take the webhooks and `/healthz` offline.
    public struct Connections: Sendable {
        /// A keep-alive connection with no request in progress is closed after this long.
        public var idleTimeout: Duration = .seconds(30)
        /// A new connection must finish its first request's headers within this long (slowloris).
        public var headerTimeout: Duration = .seconds(10)
        /// A request's body must arrive in full within this long of its headers (endless or trickled bodies).
        public var bodyTimeout: Duration = .seconds(30)
        /// Open connections at most; above it the longest-idle connection is closed to make room (or the new
        /// one, when none is idle). Clamped at start to the descriptor limit less a reserve for the database
        /// and outbound sends.
        public var maxConnections = 4096
        public init() {}
    }

    public struct Telegram: Sendable {
        public var token: String
        public var secretToken: String?
        public var apiBase = "https://api.telegram.org"
        /// Accept updates without a secret token (`--insecure-no-telegram-secret`): anyone who knows the URL
        /// could then post as any user. Off unless asked for, and warned about at every start.
        public var acceptsUnsigned = false
        public init(
            token: String, secretToken: String? = nil, apiBase: String = "https://api.telegram.org",
            acceptsUnsigned: Bool = false
        ) {
            self.token = token
            self.secretToken = secretToken
            self.apiBase = apiBase
            self.acceptsUnsigned = acceptsUnsigned
        }
    }

    public struct Messenger: Sendable {
        public var appSecret: String
        public var verifyToken: String
        public var pageToken: String
        public var apiBase = "https://graph.facebook.com/v25.0"
        public init(
            appSecret: String, verifyToken: String, pageToken: String,
            apiBase: String = "https://graph.facebook.com/v25.0"
        ) {
            self.appSecret = appSecret
            self.verifyToken = verifyToken
            self.pageToken = pageToken
            self.apiBase = apiBase
        }
    }

    public struct Zalo: Sendable {
        public var appID: String
        public var oaSecretKey: String
        public var appSecret: String
        public var accessToken: String
        public var refreshToken: String?
        public var apiBase = "https://openapi.zalo.me"
        public var oauthBase = "https://oauth.zaloapp.com"
        /// Signed events further than this from now are refused as replays.
        public var eventWindow: Duration = .seconds(15 * 60)
        public init(
            appID: String, oaSecretKey: String, appSecret: String, accessToken: String, refreshToken: String? = nil,
            apiBase: String = "https://openapi.zalo.me", oauthBase: String = "https://oauth.zaloapp.com"
        ) {
            self.appID = appID
            self.oaSecretKey = oaSecretKey
            self.appSecret = appSecret
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.apiBase = apiBase
            self.oauthBase = oauthBase
        }
    }

    /// Pacing and retry policy of the delivery workers.
    public struct Delivery: Sendable {
        /// Global sends per second per platform.
        public var telegramRate: Double = 25
        public var messengerRate: Double = 250
        public var zaloRate: Double = 60
        /// Minimum gap between two messages to one Telegram chat.
        public var telegramChatInterval: Duration = .milliseconds(1000)
        /// First retry delay; doubles per attempt with ±50 % jitter, capped.
        public var baseBackoff: Duration = .seconds(2)
        public var maxBackoff: Duration = .seconds(600)
        public var maxAttempts = 12
        /// How long a claimed row stays leased before another worker may take it over.
        public var lease: Duration = .seconds(60)
        /// How often idle workers look at the outbox when not woken.
        public var pollInterval: Duration = .milliseconds(500)
        public var connectTimeout: Duration = .seconds(5)
        public var requestTimeout: Duration = .seconds(15)
        /// Sends per second per platform on the broadcast and reminder lanes, paced by their own limiter so
        /// that citizens' replies never queue behind a broadcast.
        public var broadcastRate: Double = 25
        /// Messenger message tag for proactive messages to users whose last message is older than 24 hours
        /// (e.g. `CONFIRMED_EVENT_UPDATE`); without one such deliveries fail with the reason.
        public var messengerMessageTag: String?
        /// How late a missed reminder may still go out; `nil` means until the end of its local day.
        public var reminderGrace: Duration?
        public init() {}
    }

    public init() {}

    /// Which channels are on, for the startup log line (never a secret).
    public var enabledChannels: [String] {
        [telegram.map { _ in "telegram" }, messenger.map { _ in "messenger" }, zalo.map { _ in "zalo" }]
            .compactMap { $0 }
    }

    public enum ConfigError: Error, CustomStringConvertible, Equatable {
        case invalid(key: String, reason: String)
        case incomplete(channel: String, missing: [String])
        public var description: String {
            switch self {
            case .invalid(let key, let reason): "configuration \(key): \(reason)"
            case .incomplete(let channel, let missing):
                "\(channel) is partly configured; also set \(missing.joined(separator: ", "))"
            }
        }
    }

    /// Builds the configuration from one reader (``ConfigSources`` gives the flags > environment > `.env` >
    /// defaults order) and validates every value, so a mistake stops the start with its key named.
    ///
    /// Keys are dotted (`telegram.bot.token`); the environment provider spells them as the documented
    /// variables (`TELEGRAM_BOT_TOKEN`). Secrets are read as secrets, so the reader never prints them.
    public static func load(_ reader: ConfigReader) throws(ConfigError) -> BotConfig {
        func value(_ key: ConfigKeys.Key) -> String? {
            let v = reader.string(forKey: ConfigKey(key.name), isSecret: key.isSecret)
            return v?.isEmpty == false ? v : nil
        }
        var c = BotConfig()
        if let v = value(.host) { c.host = v }
        if let v = value(.port) {
            guard let p = Int(v), (0...65535).contains(p) else { throw .invalid(key: "PORT", reason: "not a port") }
            c.port = p
        }
        if let v = value(.database) { c.databasePath = v }
        if let v = value(.intents) { c.intentsDirectory = v }
        if let v = value(.console) { c.consoleDirectory = v }
        if let v = value(.maxBody) {
            guard let n = Int(v), n > 0 else { throw .invalid(key: "ELECTIONBOT_MAX_BODY", reason: "not a size") }
            c.maxBodyBytes = n
        }
        func seconds(_ key: ConfigKeys.Key, _ into: inout Duration) throws(ConfigError) {
            if let v = value(key) {
                guard let n = Double(v), n > 0, n <= 86_400 else {
                    throw .invalid(key: key.variable, reason: "not a positive number of seconds")
                }
                into = .milliseconds(Int64(n * 1000))
            }
        }
        try seconds(.httpIdleTimeout, &c.connections.idleTimeout)
        try seconds(.httpHeaderTimeout, &c.connections.headerTimeout)
        try seconds(.httpBodyTimeout, &c.connections.bodyTimeout)
        if let v = value(.inboxMaxPending) {
            guard let n = Int(v), n > 0 else {
                throw .invalid(key: "INBOX_MAX_PENDING", reason: "not a positive number")
            }
            c.maxBacklog = n
        }
        if let v = value(.httpMaxConnections) {
            guard let n = Int(v), n > 0 else {
                throw .invalid(key: "HTTP_MAX_CONNECTIONS", reason: "not a positive number")
            }
            c.connections.maxConnections = n
        }
        func rate(_ key: ConfigKeys.Key, _ into: inout Double) throws(ConfigError) {
            if let v = value(key) {
                guard let r = Double(v), r > 0 else { throw .invalid(key: key.variable, reason: "not a positive rate") }
                into = r
            }
        }
        try rate(.telegramRate, &c.delivery.telegramRate)
        try rate(.messengerRate, &c.delivery.messengerRate)
        try rate(.zaloRate, &c.delivery.zaloRate)
        try rate(.broadcastRate, &c.delivery.broadcastRate)
        c.delivery.messengerMessageTag = value(.messengerMessageTag)
        if let v = value(.outboxLease) {
            guard let n = Int(v), n > 0 else {
                throw .invalid(key: "OUTBOX_LEASE_SECONDS", reason: "not a positive number of seconds")
            }
            c.delivery.lease = .seconds(n)
        }
        if let v = value(.reminderGrace) {
            guard let m = Int(v), m >= 0 else {
                throw .invalid(key: "REMINDER_GRACE_MINUTES", reason: "not a number of minutes")
            }
            c.delivery.reminderGrace = .seconds(m * 60)
        }
        if let v = value(.telegramChatInterval) {
            guard let ms = Int(v), ms >= 0 else {
                throw .invalid(key: "TELEGRAM_CHAT_INTERVAL_MS", reason: "not a number of milliseconds")
            }
            c.delivery.telegramChatInterval = .milliseconds(ms)
        }

        if let v = value(.intentsWatch) {
            guard let ms = Int(v), ms >= 0 else {
                throw .invalid(
                    key: "INTENTS_WATCH_INTERVAL_MS", reason: "not a number of milliseconds (0 turns it off)")
            }
            c.knowledgeWatchInterval = ms == 0 ? nil : .milliseconds(max(ms, 100))
        }
        func days(_ key: ConfigKeys.Key, _ into: inout Duration?) throws(ConfigError) {
            if let v = value(key) {
                guard let d = Int(v), d >= 0, d <= 36_500 else {
                    throw .invalid(key: key.variable, reason: "not a number of days (0 keeps the rows for ever)")
                }
                into = d == 0 ? nil : .seconds(d * 86_400)
            }
        }
        try days(.retentionConversations, &c.retention.policy.conversations)
        try days(.retentionInbox, &c.retention.policy.settledInbox)
        try days(.retentionOutbox, &c.retention.policy.finishedOutbox)
        try days(.retentionAudit, &c.retention.policy.audit)
        if let v = value(.retentionInterval) {
            guard let m = Int(v), m > 0 else {
                throw .invalid(key: "RETENTION_INTERVAL_MINUTES", reason: "not a positive number of minutes")
            }
            c.retention.interval = .seconds(m * 60)
        }

        func baseURL(_ key: ConfigKeys.Key) throws(ConfigError) -> String? {
            guard let v = value(key) else { return nil }
            guard let url = URL(string: v), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false, url.query == nil, url.fragment == nil
            else { throw .invalid(key: key.variable, reason: "not an http(s) base URL") }
            return v.hasSuffix("/") ? String(v.dropLast()) : v
        }
        if let token = value(.telegramToken) {
            var t = Telegram(token: token, secretToken: value(.telegramSecret))
            if let base = try baseURL(.telegramAPIBase) { t.apiBase = base }
            t.acceptsUnsigned = ["1", "true", "yes"].contains(value(.insecureNoTelegramSecret)?.lowercased() ?? "")
            guard t.secretToken != nil || t.acceptsUnsigned else {
                throw .invalid(
                    key: "TELEGRAM_SECRET_TOKEN",
                    reason:
                        "is required with TELEGRAM_BOT_TOKEN: without it anyone who knows the webhook URL can post"
                        + " as any user (set it, or start with --insecure-no-telegram-secret)")
            }
            c.telegram = t
        }
        let fb: [ConfigKeys.Key] = [.messengerAppSecret, .messengerVerifyToken, .messengerPageToken]
        let fbSet = fb.filter { value($0) != nil }
        if fbSet.count == fb.count {
            var m = Messenger(
                appSecret: value(fb[0])!, verifyToken: value(fb[1])!, pageToken: value(fb[2])!)
            if let base = try baseURL(.messengerAPIBase) { m.apiBase = base }
            c.messenger = m
        } else if !fbSet.isEmpty {
            throw .incomplete(channel: "Messenger", missing: fb.filter { value($0) == nil }.map(\.variable))
        }
        let zl: [ConfigKeys.Key] = [.zaloAppID, .zaloOASecret, .zaloAppSecret, .zaloAccessToken]
        let zlSet = zl.filter { value($0) != nil }
        if zlSet.count == zl.count {
            var z = Zalo(
                appID: value(zl[0])!, oaSecretKey: value(zl[1])!, appSecret: value(zl[2])!,
                accessToken: value(zl[3])!, refreshToken: value(.zaloRefreshToken))
            if let base = try baseURL(.zaloAPIBase) { z.apiBase = base }
            if let base = try baseURL(.zaloOAuthBase) { z.oauthBase = base }
            if let v = value(.zaloEventWindow) {
                guard let m = Int(v), m > 0 else {
                    throw .invalid(key: "ZALO_EVENT_WINDOW_MINUTES", reason: "not a positive number of minutes")
                }
                z.eventWindow = .seconds(m * 60)
            }
            c.zalo = z
        } else if !zlSet.isEmpty {
            throw .incomplete(channel: "Zalo", missing: zl.filter { value($0) == nil }.map(\.variable))
        }
        return c
    }
}
