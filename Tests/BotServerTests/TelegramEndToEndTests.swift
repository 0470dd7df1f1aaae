import BotServer
import CurlTransport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage
import TestSupport
import Testing

@testable import BotCore

/// The sample update of core.telegram.org's "testing your bot" page.
let sampleUpdate = #"""
    {"update_id":10000,
     "message":{"message_id":1365,"date":1441645532,
       "from":{"id":1111111,"is_bot":false,"first_name":"Test","last_name":"Test Lastname","username":"Test"},
       "chat":{"id":1111111,"type":"private","first_name":"Test","last_name":"Test Lastname","username":"Test"},
       "text":"/start",
       "entities":[{"offset":0,"length":6,"type":"bot_command"}]}}
    """#

func textUpdate(_ id: Int, chat: Int = 2_222_222, text: String) -> String {
    #"{"update_id":\#(id),"message":{"message_id":\#(id),"date":1621000000,"from":{"id":\#(chat),"is_bot":false,"first_name":"A"},"chat":{"id":\#(chat),"type":"private"},"text":"\#(text)"}}"#
}

let intentsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("intents").path

/// Runs the real bot (Hummingbird, SQLite, libcurl) against a fake Telegram server, both on 127.0.0.1.
func withBot(
    databasePath: String? = nil, secret: String? = "s3cret-token", hooks: BenchmarkHooks = .none,
    configure: @Sendable (inout BotConfig, _ fakeBase: String) -> Void = { _, _ in },
    _ body: @Sendable (any TestClientProtocol, FakePlatformServer, SQLiteBotStore) async throws -> Void
) async throws {
    let fake = FakePlatformServer()
    let fakeApp = Application(router: fake.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    let dbPath =
        databasePath ?? FileManager.default.temporaryDirectory.appendingPathComponent("bot-\(UUID()).sqlite").path
    try await fakeApp.test(.live) { fakeClient in
        var config = BotConfig()
        config.host = "127.0.0.1"
        config.port = 0
        config.maxBodyBytes = 64 * 1024
        config.telegram = .init(
            token: "123:TESTTOKEN", secretToken: secret, apiBase: "http://127.0.0.1:\(fakeClient.port!)",
            acceptsUnsigned: secret == nil)
        config.delivery.telegramChatInterval = .zero
        config.delivery.baseBackoff = .milliseconds(100)
        config.delivery.pollInterval = .milliseconds(50)
        configure(&config, "http://127.0.0.1:\(fakeClient.port!)")
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try SQLiteBotStore(path: dbPath)
        let transport = CurlHTTPClient()
        let app = await buildApplication(
            BotDependencies(
                config: config, store: store, knowledge: try KnowledgeHolder(directory: intentsDirectory),
                transport: transport, logger: logger), hooks: hooks)
        try await app.test(.live) { client in
            try await body(client, fake, store)
        }
        await transport.shutdown()
    }
}

func postTelegram(_ client: any TestClientProtocol, _ json: String, secret: String? = "s3cret-token") async throws
    -> HTTPResponse.Status
{
    var headers: HTTPFields = [.contentType: "application/json"]
    if let secret { headers[HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!] = secret }
    return try await client.execute(
        uri: "/webhook/telegram", method: .post, headers: headers, body: ByteBuffer(string: json)
    ).status
}

@Suite("Telegram end to end (real sockets, SQLite and libcurl)", .serialized)
struct TelegramEndToEndTests {
    @Test("the sample update gets exactly one sendMessage with the menu; a redelivery gets none")
    func sampleUpdateOnce() async throws {
        try await withBot { client, fake, _ in
            let st1 = try await postTelegram(client, sampleUpdate)
            #expect(st1 == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 1)
            #expect(sends.count == 1)
            #expect(sends.first?.path == "/bot123:TESTTOKEN/sendMessage")
            let body = try #require(sends.first?.body)
            #expect(body.contains(#""chat_id":1111111"#))
            #expect(body.contains("parse_mode"))
            // The menu answers /start: its text names the topics.
            #expect(body.contains("bầu cử") || body.contains("b\\u1ea7u"))
            let st2 = try await postTelegram(client, sampleUpdate)
            #expect(st2 == .ok)
            try await Task.sleep(for: .milliseconds(500))
            #expect(fake.requests(endingWith: "/sendMessage").count == 1)
        }
    }

    @Test("an anonymous group admin is answered in the group; another bot is not")
    func anonymousAdminAnswered() async throws {
        try await withBot { client, fake, _ in
            let group = #"{"id":-1001234,"title":"Tổ bầu cử ấp 3","type":"supergroup"}"#
            let otherBot =
                #"{"update_id":30003,"message":{"message_id":8,"from":{"id":999,"is_bot":true,"first_name":"Spam","username":"spam_bot"},"chat":\#(group),"date":1700000000,"text":"@bau_cu_bot mấy giờ mở cửa?","entities":[{"offset":0,"length":11,"type":"mention"}]}}"#
            #expect(try await postTelegram(client, otherBot) == .ok)
            let anonymous =
                #"{"update_id":30002,"message":{"message_id":9,"from":{"id":1087968824,"is_bot":true,"first_name":"Group","username":"GroupAnonymousBot"},"sender_chat":\#(group),"chat":\#(group),"date":1700000000,"text":"@bau_cu_bot bao nhiêu tuổi thì được đi bầu cử?","entities":[{"offset":0,"length":11,"type":"mention"}]}}"#
            #expect(try await postTelegram(client, anonymous) == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 1)
            #expect(sends.count == 1)
            let body = try #require(sends.first?.body)
            #expect(body.contains(#""chat_id":-1001234"#))
            #expect(body.contains(#""message_id":9"#))
            #expect(body.contains("18"))
        }
    }

    @Test("a button on an inline-mode message is acknowledged with a short text and no chat message")
    func inlineCallbackAcknowledgedOnly() async throws {
        try await withBot { client, fake, _ in
            let press =
                #"{"update_id":30001,"callback_query":{"id":"7788","from":{"id":5555,"is_bot":false,"first_name":"An"},"inline_message_id":"AAQAAAA","chat_instance":"-42","data":"bao nhiêu tuổi thì được đi bầu cử?"}}"#
            #expect(try await postTelegram(client, press) == .ok)
            let answers = await fake.waitFor("/answerCallbackQuery", count: 1)
            #expect(answers.count == 1)
            let body = try #require(answers.first?.body)
            #expect(body.contains(#""callback_query_id":"7788""#))
            #expect(body.contains(#""text":"#))
            // The acknowledgement is the row's only call: nothing waits behind it.
            try await Task.sleep(for: .milliseconds(300))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
            #expect(fake.requests(endingWith: "/answerCallbackQuery").count == 1)
        }
    }

    @Test("a question is answered with its cited answer")
    func answersQuestion() async throws {
        try await withBot { client, fake, _ in
            let st3 = try await postTelegram(client, textUpdate(20001, text: "bao nhiêu tuổi thì được đi bầu cử?"))
            #expect(st3 == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 1)
            let body = try #require(sends.first?.body)
            #expect(body.contains("18"))
            #expect(body.contains("Điều 2"))
        }
    }

    @Test("a wrong or missing secret is refused and nothing is sent")
    func wrongSecret() async throws {
        try await withBot { client, fake, store in
            let st4 = try await postTelegram(client, textUpdate(30001, text: "xin chào"), secret: "wrong")
            #expect(st4 == .unauthorized)
            let st5 = try await postTelegram(client, textUpdate(30002, text: "xin chào"), secret: nil)
            #expect(st5 == .unauthorized)
            try await Task.sleep(for: .milliseconds(400))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
            #expect(try await store.pendingInbound(limit: 10).isEmpty)
            // The refused update was never recorded: recording it now is new.
            let fresh = try await store.recordInbound(
                .init(
                    dedupeKey: "tg:30001", platform: "telegram", userID: "1", chatID: "1", text: "x", receivedAt: Date()
                ))
            #expect(fresh)
        }
    }

    @Test("300 updates of 300 unknown kinds add one metric series, not 300")
    func unknownKindsShareOneSeries() async throws {
        try await withBot { client, _, _ in
            for id in 0..<300 {
                let status = try await postTelegram(client, #"{"update_id":\#(40_000 + id),"kind_\#(id)":{}}"#)
                #expect(status == .ok)
            }
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            let series = metrics.split(separator: "\n").filter { $0.hasPrefix("electionbot_ignored_updates_total{") }
            #expect(series.count == 1)
            #expect(series.first?.hasSuffix(" 300") == true)
            #expect(!metrics.contains("kind_1"))
        }
    }

    @Test("malformed, oversized and deeply nested bodies get 400/413 and the server stays up")
    func badBodies() async throws {
        try await withBot { client, fake, _ in
            let st6 = try await postTelegram(client, "{not json")
            #expect(st6 == .badRequest)
            let st7 = try await postTelegram(client, #"{"update_id":1} trailing"#)
            #expect(st7 == .badRequest)
            let st8 = try await postTelegram(client, "[]")
            #expect(st8 == .badRequest)
            let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
            let st9 = try await postTelegram(client, #"{"update_id":5,"message":"# + deep + "}")
            #expect(st9 == .badRequest)
            // An overlong "/" (C0 AF) and a CESU-8 surrogate pair pass json-c's own UTF-8 check: refused too.
            for (id, bad) in [(8, [0xC0, 0xAF]), (9, [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80])] as [(Int, [UInt8])] {
                let prefix =
                    #"{"update_id":\#(id),"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"a"#
                let response = try await client.execute(
                    uri: "/webhook/telegram", method: .post,
                    headers: [
                        .contentType: "application/json",
                        HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: "s3cret-token",
                    ],
                    body: ByteBuffer(bytes: Array(prefix.utf8) + bad + Array(#"b"}}"#.utf8)))
                #expect(response.status == .badRequest)
            }
            let sticker =
                #"{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"sticker":{"file_id":"x"}}}"#
            let st11 = try await postTelegram(client, sticker)
            #expect(st11 == .ok)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body).contains(#""status":"ok""#))
            // Last: after a 413 the server closes the connection (and says so), so the test client's is gone.
            let huge = #"{"update_id":6,"message":{"text":""# + String(repeating: "a", count: 100_000) + #""}}"#
            let tooLarge = try await client.execute(
                uri: "/webhook/telegram", method: .post,
                headers: [
                    .contentType: "application/json",
                    HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: "s3cret-token",
                ],
                body: ByteBuffer(string: huge))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.connection] == "close")
            try await Task.sleep(for: .milliseconds(300))
            #expect(fake.requests(endingWith: "/sendMessage").isEmpty)
        }
    }

    @Test("429 is resent after retry_after")
    func retryAfter() async throws {
        try await withBot { client, fake, _ in
            fake.enqueue(
                "/sendMessage",
                [
                    .init(
                        status: .tooManyRequests,
                        body:
                            #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#
                    )
                ])
            let st12 = try await postTelegram(client, textUpdate(40001, text: "ngày bầu cử là ngày nào"))
            #expect(st12 == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 2, timeout: .seconds(10))
            #expect(sends.count == 2)
            if sends.count == 2 {
                #expect(sends[1].at - sends[0].at >= .milliseconds(950))
                #expect(sends[0].body == sends[1].body)
            }
        }
    }

    @Test("403 marks the user unreachable and later rows to them are not sent")
    func blocked() async throws {
        try await withBot { client, fake, store in
            fake.enqueue(
                "/sendMessage",
                [
                    .init(
                        status: .forbidden,
                        body: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#)
                ])
            let status = try await postTelegram(client, textUpdate(50001, chat: 777, text: "xin chào"))
            #expect(status == .ok)
            _ = await fake.waitFor("/sendMessage", count: 1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await store.isUnreachable(platform: "telegram", userID: "777"))
            // A later row for the same chat (a reminder, a broadcast) is not sent but recorded as unreachable.
            let ids = try await store.enqueue([
                OutboxItem(
                    lane: .reply, platform: "telegram", chatID: "777", payload: #"{"text":"nhắc việc"}"#,
                    uniqueKey: "test:777")
            ])
            let id = try #require(ids.first ?? nil)
            try await Task.sleep(for: .milliseconds(500))
            #expect(fake.requests(endingWith: "/sendMessage").count == 1)
            #expect(try await store.outboxRow(id: id)?.state == .unreachable)
        }
    }

    @Test("500s are retried with backoff until delivered")
    func serverErrors() async throws {
        try await withBot { client, fake, _ in
            fake.enqueue(
                "/sendMessage",
                [.init(status: .internalServerError, body: "oops"), .init(status: .badGateway, body: "")])
            let st15 = try await postTelegram(client, textUpdate(60001, text: "hòm phiếu phụ là gì"))
            #expect(st15 == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 3, timeout: .seconds(10))
            #expect(sends.count == 3)
        }
    }

    @Test("a restart with a non-empty outbox delivers everything")
    func restartDeliversOutbox() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID()).sqlite").path
        do {
            let store = try SQLiteBotStore(path: path)
            let items = (1...5).map { n in
                OutboxItem(
                    lane: .reply, platform: "telegram", chatID: "\(900 + n)", payload: #"{"text":"tin \#(n)"}"#,
                    uniqueKey: "reply:test:\(n)")
            }
            _ = try await store.enqueue(items)
        }
        try await withBot(databasePath: path) { _, fake, store in
            let sends = await fake.waitFor("/sendMessage", count: 5)
            #expect(sends.count == 5)
            try await Task.sleep(for: .milliseconds(200))
            let depth = try await store.outboxDepth()
            #expect(depth[.reply, default: 0] == 0)
        }
    }
}
