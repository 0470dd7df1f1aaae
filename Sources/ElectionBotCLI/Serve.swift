import ArgumentParser
import BotCore
import BotServer
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the webhook responder (Telegram, Messenger, Zalo) on the embedded defaults.",
        discussion: "Configuration: flags, then environment, then a .env file, then defaults (see README).")

    @Option(help: "Port to listen on (default: $PORT or 8080).") var port: Int?
    @Option(help: "Address to bind (default: $HOST or 0.0.0.0).") var host: String?
    @Option(help: "SQLite database file (default: $ELECTIONBOT_DB or electionbot.sqlite).") var db: String?
    @Option(help: "Directory of intent files (default: $ELECTIONBOT_INTENTS or ./intents).") var intents: String?
    @Option(help: "A .env file read after the environment.") var envFile: String = ".env"
    @Flag(help: "Run Telegram without TELEGRAM_SECRET_TOKEN (anyone who knows the URL can post as any user).")
    var insecureNoTelegramSecret = false

    func run() async throws {
        var flags: [ConfigKeys.Key: String] = [:]
        if let port { flags[.port] = String(port) }
        if let host { flags[.host] = host }
        if let db { flags[.database] = db }
        if let intents { flags[.intents] = intents }
        if insecureNoTelegramSecret { flags[.insecureNoTelegramSecret] = "1" }
        let reader = ConfigSources.reader(flags: flags, envFile: envFile)
        var logger = Logger(label: "electionbot")
        logger.logLevel = reader.string(forKey: "log.level").flatMap { Logger.Level(rawValue: $0) } ?? .info

        // One registry for the bot's own series and Hummingbird's HTTP series, rendered at /metrics.
        let metrics = BotMetrics()
        MetricsSystem.bootstrap(metrics.metricsFactory)
        do {
            let app = try await buildApplication(reader: reader, metrics: metrics, logger: logger)
            try await app.runService()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
