import BotCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("What one message's text can do (real sockets)")
struct TextLimitsTests {
    /// A Telegram update whose text is written with JSON escapes for everything outside ASCII.
    static func update(id: Int, chat: Int, text: String) -> String {
        let escaped = text.unicodeScalars.map { scalar -> String in
            if scalar.value < 0x80, scalar != "\"", scalar != "\\", scalar.value >= 0x20 { return String(scalar) }
            return scalar.utf16.map { String(format: "\\u%04x", $0) }.joined()
        }.joined()
        return #"{"update_id":\#(id),"message":{"message_id":\#(id),"date":1700000000,"#
            + #""chat":{"id":\#(chat),"type":"private"},"from":{"id":\#(chat),"is_bot":false,"first_name":"A"},"#
            + #""text":"\#(escaped)"}}"#
    }

    static let bigBodies: @Sendable (inout BotConfig, String) -> Void = { config, _ in config.maxBodyBytes = 1 << 20 }

    @Test("text after an escaped NUL is stored and answered alike")
    func nul() async throws {
        try await withBot { client, fake, store in
            let status = try await postTelegram(
                client, Self.update(id: 1, chat: 1, text: "ngày\u{0} bầu cử là ngày nào"))
            #expect(status == .ok)
            _ = await fake.waitFor("/sendMessage", count: 1)
            let logged = try await store.recentConversations(limit: 5)
            #expect(logged.map(\.question) == ["ngày bầu cử là ngày nào"])
            #expect(logged.first?.isFallback == false)
        }
    }

    @Test("a letter with 99 000 combining marks is answered, and another chat's message too")
    func combiningMarks() async throws {
        try await withBot(configure: Self.bigBodies) { client, fake, store in
            let attack = "a" + String(repeating: "\u{301}", count: 99_000)
            let first = try await postTelegram(client, Self.update(id: 1, chat: 1, text: attack))
            let second = try await postTelegram(client, Self.update(id: 2, chat: 2, text: "ngày bầu cử là ngày nào"))
            #expect(first == .ok && second == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 2)
            #expect(sends.count == 2)
            let questions = try await store.recentConversations(limit: 5).map(\.question)
            #expect(questions.contains("a" + String(repeating: "\u{301}", count: 4)))
        }
    }

    @Test("a text beyond 4 096 characters is answered from its start, and the reply says so")
    func longText() async throws {
        try await withBot(configure: Self.bigBodies) { client, fake, _ in
            let text = "ngày bầu cử là ngày nào " + String(repeating: "à ", count: 3000)
            let status = try await postTelegram(client, Self.update(id: 1, chat: 1, text: text))
            #expect(status == .ok)
            let sends = await fake.waitFor("/sendMessage", count: 1)
            #expect(sends.first.map { $0.body.contains("4096 ký tự đầu") } == true)
        }
    }
}

@Suite("Upstream error texts lose every secret before the log and the outbox")
struct SecretScrubbingTests {
    @Test("a platform error that echoes the bot token and the request path is stored without them")
    func echoedToken() async throws {
        try await withBot { client, fake, store in
            fake.enqueue(
                "/sendMessage",
                [
                    .init(
                        status: .badRequest,
                        body:
                            #"{"ok":false,"error_code":400,"description":"Bad Request: POST /bot123:TESTTOKEN/sendMessage "#
                            + #"with header X-Telegram-Bot-Api-Secret-Token: s3cret-token rejected"}"#)
                ])
            let status = try await postTelegram(client, TextLimitsTests.update(id: 1, chat: 31, text: "xin chào"))
            #expect(status == .ok)
            _ = await fake.waitFor("/sendMessage", count: 1)
            try await Task.sleep(for: .milliseconds(300))
            let row = try #require(try await store.outboxRow(id: 1))
            let error = try #require(row.lastError)
            #expect(error.contains("Bad Request"))
            #expect(!error.contains("TESTTOKEN") && !error.contains("s3cret-token"))
        }
    }
}
