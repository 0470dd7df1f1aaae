import ArgumentParser
import BotServer
import CurlTransport
import Foundation
import Hummingbird
import IntentFiles
import Logging
import Storage

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the webhook responder (Telegram, Messenger, Zalo) on the embedded defaults.",
        discussion: "Configuration: flags, then environment, then a .env file, then defaults (see README).")

    @Option(help: "Port to listen on (default: $PORT or 8080).") var port: Int?
    @Option(help: "Address to bind (default: $HOST or 0.0.0.0).") var host: String?
    @Option(help: "SQLite database file (default: $ELECTIONBOT_DB or electionbot.sqlite).") var db: String?
    @Option(help: "Directory of intent files (default: $ELECTIONBOT_INTENTS or ./intents).") var intents: String?
    @Option(help: "A .env file read after the environment.") var envFile: String = ".env"

    func run() async throws {
        var overrides: [String: String] = [:]
        if let port { overrides["PORT"] = String(port) }
        if let host { overrides["HOST"] = host }
        if let db { overrides["ELECTIONBOT_DB"] = db }
        if let intents { overrides["ELECTIONBOT_INTENTS"] = intents }
        let config: BotConfig
        do {
            config = try BotConfig.load([
                overrides, ProcessInfo.processInfo.environment, BotConfig.readDotEnv(path: envFile),
            ])
        } catch {
            throw ValidationError(error.description)
        }
        var logger = Logger(label: "electionbot")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info

        let knowledge: KnowledgeHolder
        do {
            knowledge = try KnowledgeHolder(directory: config.intentsDirectory)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        let store = try SQLiteBotStore(path: config.databasePath)
        let transport = CurlHTTPClient(
            configuration: .init(
                connectTimeout: config.delivery.connectTimeout, requestTimeout: config.delivery.requestTimeout))
        defer { transport.shutdown() }
        let app = await buildApplication(
            BotDependencies(config: config, store: store, knowledge: knowledge, transport: transport, logger: logger))
        try await app.runService()
    }
}
