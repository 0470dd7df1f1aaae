import Configuration
import Foundation

/// Every configuration key the bot reads, in one place. The dotted name is what code asks the reader for; the
/// environment provider spells it as the variable the README documents (`telegram.bot.token` →
/// `TELEGRAM_BOT_TOKEN`).
public enum ConfigKeys {
    public struct Key: Sendable, Hashable {
        public let name: String
        public let isSecret: Bool

        init(_ name: String, secret: Bool = false) {
            self.name = name
            isSecret = secret
        }

        /// The environment variable (and `.env` key) for this key.
        public var variable: String { name.replacingOccurrences(of: ".", with: "_").uppercased() }
    }
}

extension ConfigKeys.Key {
    public static let host = Self("host")
    public static let port = Self("port")
    public static let database = Self("electionbot.db")
    public static let intents = Self("electionbot.intents")
    public static let maxBody = Self("electionbot.max.body")
    public static let logLevel = Self("log.level")
    public static let telegramToken = Self("telegram.bot.token", secret: true)
    public static let telegramSecret = Self("telegram.secret.token", secret: true)
    public static let telegramAPIBase = Self("telegram.api.base")
    public static let insecureNoTelegramSecret = Self("insecure.no.telegram.secret")
    public static let zaloEventWindow = Self("zalo.event.window.minutes")
    public static let httpIdleTimeout = Self("http.idle.timeout.seconds")
    public static let httpHeaderTimeout = Self("http.header.timeout.seconds")
    public static let httpBodyTimeout = Self("http.body.timeout.seconds")
    public static let httpMaxConnections = Self("http.max.connections")
    public static let inboxMaxPending = Self("inbox.max.pending")
    public static let messengerAppSecret = Self("messenger.app.secret", secret: true)
    public static let messengerVerifyToken = Self("messenger.verify.token", secret: true)
    public static let messengerPageToken = Self("messenger.page.token", secret: true)
    public static let messengerAPIBase = Self("messenger.api.base")
    public static let messengerMessageTag = Self("messenger.message.tag")
    public static let zaloAppID = Self("zalo.app.id")
    public static let zaloOASecret = Self("zalo.oa.secret.key", secret: true)
    public static let zaloAppSecret = Self("zalo.app.secret", secret: true)
    public static let zaloAccessToken = Self("zalo.access.token", secret: true)
    public static let zaloRefreshToken = Self("zalo.refresh.token", secret: true)
    public static let zaloAPIBase = Self("zalo.api.base")
    public static let zaloOAuthBase = Self("zalo.oauth.base")
    public static let telegramRate = Self("telegram.rate")
    public static let messengerRate = Self("messenger.rate")
    public static let zaloRate = Self("zalo.rate")
    public static let broadcastRate = Self("broadcast.rate")
    public static let telegramChatInterval = Self("telegram.chat.interval.ms")
    public static let reminderGrace = Self("reminder.grace.minutes")
    public static let outboxLease = Self("outbox.lease.seconds")
    public static let intentsWatch = Self("intents.watch.interval.ms")
    public static let console = Self("electionbot.console")
    public static let retentionConversations = Self("retention.conversations.days")
    public static let retentionInbox = Self("retention.inbox.days")
    public static let retentionOutbox = Self("retention.outbox.days")
    public static let retentionAudit = Self("retention.audit.days")
    public static let retentionInterval = Self("retention.interval.minutes")

    /// Every key, for documentation checks and for marking the secrets.
    public static let all: [Self] = [
        .host, .port, .database, .intents, .maxBody, .logLevel, .telegramToken, .telegramSecret, .telegramAPIBase,
        .messengerAppSecret, .messengerVerifyToken, .messengerPageToken, .messengerAPIBase, .messengerMessageTag,
        .zaloAppID, .zaloOASecret, .zaloAppSecret, .zaloAccessToken, .zaloRefreshToken, .zaloAPIBase,
        .zaloOAuthBase, .telegramRate, .messengerRate, .zaloRate, .broadcastRate, .telegramChatInterval,
        .reminderGrace, .outboxLease, .insecureNoTelegramSecret, .zaloEventWindow,
        .httpIdleTimeout, .httpHeaderTimeout, .httpBodyTimeout, .httpMaxConnections, .inboxMaxPending,
        .intentsWatch, .console, .retentionConversations, .retentionInbox, .retentionOutbox, .retentionAudit,
        .retentionInterval,
    ]
}

/// The one place every subcommand gets its configuration from: flags > environment > `.env` > defaults.
///
/// The `.env` file is read with the quoting the README documents (`export`, single or double quotes), which
/// the stock `.env` reader of swift-configuration does not strip, and handed over as a provider like the
/// environment. Secrets are marked as such in every provider, so an access report never shows them.
public enum ConfigSources {
    /// The reader for a command: `flags` are the options given on the command line, keyed by ``ConfigKeys``.
    public static func reader(
        flags: [ConfigKeys.Key: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
        envFile: String? = ".env"
    ) -> ConfigReader {
        ConfigReader(providers: providers(flags: flags, environment: environment, envFile: envFile))
    }

    /// The providers behind ``reader(flags:environment:envFile:)``, highest precedence first.
    public static func providers(
        flags: [ConfigKeys.Key: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
        envFile: String? = ".env"
    ) -> [any ConfigProvider] {
        let secrets = SecretsSpecifier<String, String>.specific(
            Set(ConfigKeys.Key.all.filter(\.isSecret).map(\.variable)))
        var providers: [any ConfigProvider] = []
        if !flags.isEmpty {
            providers.append(
                EnvironmentVariablesProvider(
                    environmentVariables: Dictionary(uniqueKeysWithValues: flags.map { ($0.key.variable, $0.value) }),
                    secretsSpecifier: secrets))
        }
        providers.append(EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets))
        if let envFile {
            providers.append(
                EnvironmentVariablesProvider(
                    environmentVariables: DotEnv.read(path: envFile), secretsSpecifier: secrets))
        }
        return providers
    }
}

/// `KEY=value` lines: comments, blank lines, `export` and quotes allowed. A missing file is empty.
public enum DotEnv {
    public static func read(path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        return parse(text)
    }

    public static func parse(_ text: String) -> [String: String] {
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
