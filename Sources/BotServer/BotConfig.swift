import Foundation

/// Everything the server needs, validated once at startup (flags > environment > `.env` > defaults).
///
/// Keys (environment names): `PORT`, `HOST`, `ELECTIONBOT_DB`, `ELECTIONBOT_INTENTS`, `ELECTIONBOT_MAX_BODY`,
/// `TELEGRAM_BOT_TOKEN`, `TELEGRAM_SECRET_TOKEN`, `TELEGRAM_API_BASE`, `MESSENGER_APP_SECRET`,
/// `MESSENGER_VERIFY_TOKEN`, `MESSENGER_PAGE_TOKEN`, `MESSENGER_API_BASE`, `ZALO_APP_ID`, `ZALO_OA_SECRET_KEY`,
/// `ZALO_APP_SECRET`, `ZALO_ACCESS_TOKEN`, `ZALO_REFRESH_TOKEN`, `ZALO_API_BASE`, `ZALO_OAUTH_BASE`,
/// `TELEGRAM_RATE`, `MESSENGER_RATE`, `ZALO_RATE` (messages per second per platform), `TELEGRAM_CHAT_INTERVAL_MS`,
/// `BROADCAST_RATE` (broadcasts and reminders, messages per second per platform), `MESSENGER_MESSAGE_TAG`,
/// `REMINDER_GRACE_MINUTES`, `OUTBOX_LEASE_SECONDS`.
public struct BotConfig: Sendable {
    public var host = "0.0.0.0"
    public var port = 8080
    public var databasePath = "electionbot.sqlite"
    public var intentsDirectory = "intents"
    /// Webhook bodies above this many bytes get 413.
    public var maxBodyBytes = 1 << 20
    public var telegram: Telegram?
    public var messenger: Messenger?
    public var zalo: Zalo?
    public var delivery = Delivery()
    /// Adds `POST /bench/bare` (reads the body, answers 200) so benchmarks compare against a bare route in the
    /// same server (`ELECTIONBOT_BENCH_BARE_ROUTE=1`). Off in production.
    public var benchBareRoute = false
    /// Benchmarks only: where a webhook message's handling stops (`ELECTIONBOT_BENCH_STAGE=parse|record`), so
    /// that the cost of each stage can be measured against the bare route. `nil` (always in production) is the
    /// whole path. Ignored unless `benchBareRoute` is on.
    public var benchStage: BenchStage?

    /// How far a benchmark lets a webhook message go.
    public enum BenchStage: String, Sendable {
        /// Verify and parse, then 200: nothing stored, nothing answered.
        case parse
        /// Also record it in the inbox (durably, before the 200), but never answer it.
        case record
    }

    public struct Telegram: Sendable {
        public var token: String
        public var secretToken: String?
        public var apiBase = "https://api.telegram.org"
        public init(token: String, secretToken: String? = nil, apiBase: String = "https://api.telegram.org") {
            self.token = token
            self.secretToken = secretToken
            self.apiBase = apiBase
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

    /// Builds the configuration from key/value sources, the first source that has a key wins.
    public static func load(_ sources: [[String: String]]) throws(ConfigError) -> BotConfig {
        func value(_ key: String) -> String? {
            for s in sources { if let v = s[key], !v.isEmpty { return v } }
            return nil
        }
        var c = BotConfig()
        if let v = value("HOST") { c.host = v }
        if let v = value("PORT") {
            guard let p = Int(v), (0...65535).contains(p) else { throw .invalid(key: "PORT", reason: "not a port") }
            c.port = p
        }
        if let v = value("ELECTIONBOT_DB") { c.databasePath = v }
        c.benchBareRoute = value("ELECTIONBOT_BENCH_BARE_ROUTE") == "1"
        if c.benchBareRoute, let v = value("ELECTIONBOT_BENCH_STAGE") {
            guard let stage = BenchStage(rawValue: v) else {
                throw .invalid(key: "ELECTIONBOT_BENCH_STAGE", reason: "parse or record")
            }
            c.benchStage = stage
        }
        if let v = value("ELECTIONBOT_INTENTS") { c.intentsDirectory = v }
        if let v = value("ELECTIONBOT_MAX_BODY") {
            guard let n = Int(v), n > 0 else { throw .invalid(key: "ELECTIONBOT_MAX_BODY", reason: "not a size") }
            c.maxBodyBytes = n
        }
        func rate(_ key: String, _ into: inout Double) throws(ConfigError) {
            if let v = value(key) {
                guard let r = Double(v), r > 0 else { throw .invalid(key: key, reason: "not a positive rate") }
                into = r
            }
        }
        try rate("TELEGRAM_RATE", &c.delivery.telegramRate)
        try rate("MESSENGER_RATE", &c.delivery.messengerRate)
        try rate("ZALO_RATE", &c.delivery.zaloRate)
        try rate("BROADCAST_RATE", &c.delivery.broadcastRate)
        c.delivery.messengerMessageTag = value("MESSENGER_MESSAGE_TAG")
        if let v = value("OUTBOX_LEASE_SECONDS") {
            guard let n = Int(v), n > 0 else {
                throw .invalid(key: "OUTBOX_LEASE_SECONDS", reason: "not a positive number of seconds")
            }
            c.delivery.lease = .seconds(n)
        }
        if let v = value("REMINDER_GRACE_MINUTES") {
            guard let m = Int(v), m >= 0 else {
                throw .invalid(key: "REMINDER_GRACE_MINUTES", reason: "not a number of minutes")
            }
            c.delivery.reminderGrace = .seconds(m * 60)
        }
        if let v = value("TELEGRAM_CHAT_INTERVAL_MS") {
            guard let ms = Int(v), ms >= 0 else {
                throw .invalid(key: "TELEGRAM_CHAT_INTERVAL_MS", reason: "not a number of milliseconds")
            }
            c.delivery.telegramChatInterval = .milliseconds(ms)
        }

        if let token = value("TELEGRAM_BOT_TOKEN") {
            var t = Telegram(token: token, secretToken: value("TELEGRAM_SECRET_TOKEN"))
            if let base = value("TELEGRAM_API_BASE") { t.apiBase = base }
            c.telegram = t
        }
        let fb = ["MESSENGER_APP_SECRET", "MESSENGER_VERIFY_TOKEN", "MESSENGER_PAGE_TOKEN"]
        let fbSet = fb.filter { value($0) != nil }
        if fbSet.count == fb.count {
            var m = Messenger(
                appSecret: value(fb[0])!, verifyToken: value(fb[1])!, pageToken: value(fb[2])!)
            if let base = value("MESSENGER_API_BASE") { m.apiBase = base }
            c.messenger = m
        } else if !fbSet.isEmpty {
            throw .incomplete(channel: "Messenger", missing: fb.filter { value($0) == nil })
        }
        let zl = ["ZALO_APP_ID", "ZALO_OA_SECRET_KEY", "ZALO_APP_SECRET", "ZALO_ACCESS_TOKEN"]
        let zlSet = zl.filter { value($0) != nil }
        if zlSet.count == zl.count {
            var z = Zalo(
                appID: value(zl[0])!, oaSecretKey: value(zl[1])!, appSecret: value(zl[2])!,
                accessToken: value(zl[3])!, refreshToken: value("ZALO_REFRESH_TOKEN"))
            if let base = value("ZALO_API_BASE") { z.apiBase = base }
            if let base = value("ZALO_OAUTH_BASE") { z.oauthBase = base }
            c.zalo = z
        } else if !zlSet.isEmpty {
            throw .incomplete(channel: "Zalo", missing: zl.filter { value($0) == nil })
        }
        return c
    }

    /// Reads `KEY=value` lines (comments, blank lines, `export` and quotes allowed). A missing file is empty.
    public static func readDotEnv(path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                value = String(value.dropFirst().dropLast())
            }
            out[key] = value
        }
        return out
    }
}
