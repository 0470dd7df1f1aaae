import Configuration
import Foundation
import Testing

@testable import BotCore

/// Every subcommand resolves its configuration through ``ConfigSources``: flags > environment > `.env` > defaults.
@Suite("Configuration sources")
struct ConfigurationTests {
    func withEnvFile(_ text: String, _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID())").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func theDatabaseInDotEnvIsTheOneEveryCommandUses() throws {
        try withEnvFile("# the production file\nexport ELECTIONBOT_DB=\"/var/lib/electionbot/bot.sqlite\"\n") { path in
            let config = try BotConfig.load(ConfigSources.reader(environment: [:], envFile: path))
            #expect(config.databasePath == "/var/lib/electionbot/bot.sqlite")
        }
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsDotEnvWhichBeatsDefaults() throws {
        try withEnvFile("ELECTIONBOT_DB=from-file.sqlite\nELECTIONBOT_INTENTS='file-intents'\nPORT=1\n") { path in
            let env = ["ELECTIONBOT_DB": "from-env.sqlite", "PORT": "2"]
            let fromEnv = try BotConfig.load(ConfigSources.reader(environment: env, envFile: path))
            #expect(fromEnv.databasePath == "from-env.sqlite")
            #expect(fromEnv.intentsDirectory == "file-intents")
            #expect(fromEnv.port == 2)
            let fromFlags = try BotConfig.load(
                ConfigSources.reader(flags: [.database: "flag.sqlite"], environment: env, envFile: path))
            #expect(fromFlags.databasePath == "flag.sqlite")
            let defaults = try BotConfig.load(ConfigSources.reader(environment: [:], envFile: nil))
            #expect(defaults.databasePath == "electionbot.sqlite" && defaults.port == 8080)
        }
    }

    @Test func dotEnvQuotingAsTheReadmeDocumentsIt() {
        let parsed = DotEnv.parse(
            """
            # comment

            export A=1
            B = "two words"
            C='single # not a comment'
            D=unquoted=with=equals
            not a pair
            """)
        #expect(parsed == ["A": "1", "B": "two words", "C": "single # not a comment", "D": "unquoted=with=equals"])
    }

    @Test func secretsAreMarkedSecretInEveryProvider() throws {
        try withEnvFile("ZALO_REFRESH_TOKEN=from-file\n") { path in
            let providers = ConfigSources.providers(
                flags: [.telegramToken: "123:FLAG"], environment: ["TELEGRAM_BOT_TOKEN": "123:SECRET", "PORT": "9"],
                envFile: path)
            #expect(providers.count == 3)
            for (provider, key) in zip(providers, ["telegram.bot.token", "telegram.bot.token", "zalo.refresh.token"]) {
                let found = try #require(
                    try provider.value(
                        forKey: AbsoluteConfigKey(key.split(separator: ".").map(String.init)), type: .string
                    ).value)
                #expect(found.isSecret, "\(key) from \(provider.providerName)")
            }
            let port = try #require(try providers[1].value(forKey: AbsoluteConfigKey(["port"]), type: .string).value)
            #expect(!port.isSecret)
        }
        #expect(ConfigKeys.Key.all.filter(\.isSecret).map(\.variable).contains("ZALO_REFRESH_TOKEN"))
    }

    @Test func aBadNumberIsAClearErrorNamingTheVariable() {
        #expect(throws: BotConfig.ConfigError.self) {
            try BotConfig.load(ConfigSources.reader(environment: ["PORT": "eighty"], envFile: nil))
        }
        do {
            _ = try BotConfig.load(ConfigSources.reader(environment: ["PORT": "eighty"], envFile: nil))
        } catch {
            #expect(error.description.contains("PORT"))
        }
    }

    @Test func telegramWithoutASecretRefusesToStartUnlessExplicitlyInsecure() throws {
        #expect(throws: BotConfig.ConfigError.self) {
            try BotConfig.load(ConfigSources.reader(environment: ["TELEGRAM_BOT_TOKEN": "1:T"], envFile: nil))
        }
        let insecure = try BotConfig.load(
            ConfigSources.reader(
                flags: [.insecureNoTelegramSecret: "1"], environment: ["TELEGRAM_BOT_TOKEN": "1:T"], envFile: nil))
        #expect(insecure.telegram?.acceptsUnsigned == true)
        let signed = try BotConfig.load(
            ConfigSources.reader(
                environment: ["TELEGRAM_BOT_TOKEN": "1:T", "TELEGRAM_SECRET_TOKEN": "s"], envFile: nil))
        #expect(signed.telegram?.acceptsUnsigned == false)
    }

    @Test(arguments: ["api.telegram.org", "ftp://api.telegram.org", "https://", "https://x.org/?a=1", "http//x"])
    func aBaseURLThatIsNotOneIsRefusedAtStart(base: String) {
        let env = ["TELEGRAM_BOT_TOKEN": "1:T", "TELEGRAM_SECRET_TOKEN": "s", "TELEGRAM_API_BASE": base]
        #expect(throws: BotConfig.ConfigError.invalid(key: "TELEGRAM_API_BASE", reason: "not an http(s) base URL")) {
            try BotConfig.load(ConfigSources.reader(environment: env, envFile: nil))
        }
    }

    @Test func baseURLsKeepTheirPathAndLoseATrailingSlash() throws {
        let env = [
            "TELEGRAM_BOT_TOKEN": "1:T", "TELEGRAM_SECRET_TOKEN": "s", "TELEGRAM_API_BASE": "http://127.0.0.1:81/",
        ]
        #expect(
            try BotConfig.load(ConfigSources.reader(environment: env, envFile: nil)).telegram?.apiBase
                == "http://127.0.0.1:81")
    }
}
