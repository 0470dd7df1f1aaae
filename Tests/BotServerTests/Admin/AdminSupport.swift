import BotServer
import CurlTransport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage
import Synchronization
import TestSupport

@testable import BotCore

/// Every log line of a test's bot, to check what is (and is not) logged.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func contains(_ s: String) -> Bool { all.contains { $0.contains(s) } }
}

struct CapturingLogHandler: LogHandler {
    let sink: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        sink.append("\(level) \(message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
    }
}

/// A copy of the shipped `intents/` in a temp directory, for tests that edit the knowledge files.
func copyOfIntents() throws -> URL {
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("intents-\(UUID())")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: intentsDirectory), to: target)
    return target
}

/// The real bot on a real socket with admin accounts; the knowledge directory and the configuration are the
/// test's. Returns through `body` the client, the fake Telegram, the store and the log lines.
func withAdminBot(
    intents: String = intentsDirectory, admins: [String: String] = ["lan": "token-of-lan"],
    configure: @Sendable (inout BotConfig) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol, FakePlatformServer, SQLiteBotStore, LogLines) async throws -> Void
) async throws {
    let fake = FakePlatformServer()
    let fakeApp = Application(router: fake.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    let dbPath = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID()).sqlite").path
    try await fakeApp.test(.live) { fakeClient in
        var config = BotConfig()
        config.host = "127.0.0.1"
        config.port = 0
        config.intentsDirectory = intents
        config.consoleDirectory = consoleDirectory
        config.telegram = .init(
            token: "123:TESTTOKEN", secretToken: "s3cret-token", apiBase: "http://127.0.0.1:\(fakeClient.port!)")
        config.delivery.telegramChatInterval = .zero
        config.delivery.pollInterval = .milliseconds(50)
        config.knowledgeWatchInterval = nil
        configure(&config)
        let lines = LogLines()
        var logger = Logger(label: "test") { _ in CapturingLogHandler(sink: lines) }
        logger.logLevel = .info
        let store = try SQLiteBotStore(path: dbPath)
        for (name, token) in admins { try await store.addAdmin(name: name, tokenDigest: AdminTokens.digest(token)) }
        let transport = CurlHTTPClient()
        let app = await buildApplication(
            BotDependencies(
                config: config, store: store, knowledge: try KnowledgeHolder(directory: intents), transport: transport,
                logger: logger))
        try await app.test(.live) { client in try await body(client, fake, store, lines) }
        await transport.shutdown()
    }
}

let consoleDirectory = URL(fileURLWithPath: intentsDirectory).deletingLastPathComponent().appendingPathComponent(
    "console"
).path

/// An admin API call; `token: nil` sends no Authorization header.
func adminCall(
    _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = "token-of-lan",
    body: String? = nil
) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let token { headers[.authorization] = "Bearer " + token }
    let response = try await client.execute(
        uri: "/admin/api/" + path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    return (response.status, response.headers, String(buffer: response.body))
}

/// Decodes a JSON body with Foundation, which the tests use as an independent reader of what the bot wrote.
func decoded(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
}
