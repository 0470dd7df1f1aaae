import ArgumentParser
import BotCore
import BotServer
import Foundation
import Hummingbird
import Logging

/// `electionbot serve` with the benchmark hooks: a bare Hummingbird route in the same server to compare the
/// webhook against, and a stage at which the webhook stops (parse only; parse and record). Configuration is
/// read as `serve` reads it; only the hooks are extra, so the production binary carries no benchmark switch.
struct WebhookBenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook-server", abstract: "Run the bot with benchmark hooks (for scripts/bench-webhook.sh).")

    @Option(help: "Port to listen on.") var port: Int = 18180
    @Option(help: "SQLite database file.") var db: String
    @Option(help: "Directory of intent files.") var intents: String = repositoryRoot + "/intents"
    @Option(help: "Stop the webhook after this stage: parse, record (default: the whole path).")
    var stage: String?

    func run() async throws {
        var hooks = BenchmarkHooks(bareRoute: true)
        if let stage {
            guard let s = BenchmarkHooks.Stage(rawValue: stage) else {
                throw ValidationError("--stage is parse or record, got '\(stage)'")
            }
            hooks.stage = s
        }
        let reader = ConfigSources.reader(
            flags: [.port: String(port), .host: "127.0.0.1", .database: db, .intents: intents], envFile: nil)
        var logger = Logger(label: "electionbot-bench")
        logger.logLevel = .warning
        let app = try await buildApplication(reader: reader, logger: logger, hooks: hooks)
        try await app.runService()
    }
}
