import Foundation
import FuzzSupport
import JSONWire
import Testing

@testable import Channels

/// Seeded mutation fuzzing of every parser and verifier: flipped, inserted and deleted bytes, truncation,
/// deep nesting, huge strings and long digit runs. Each input must end in events or a typed error, never a
/// crash; the printed counts are the figures reported.
@Suite struct ParserFuzzTests {
    static let telegramSeeds = [
        Fixtures.telegramStart, Fixtures.telegramCallback, Fixtures.telegramKicked,
        Fixtures.telegramGroup(
            text: "/hoi@my_bot 🗳️ @my_bot",
            entities: #"[{"offset":0,"length":11,"type":"bot_command"},{"offset":16,"length":7,"type":"mention"}]"#),
    ]
    static let messengerSeeds = [Fixtures.messengerSigned, Fixtures.messengerBatch]
    static let zaloSeeds = [Fixtures.zaloText, Fixtures.zaloEcho, Fixtures.zaloImage, Fixtures.zaloFollow]

    struct Tally: CustomStringConvertible {
        var inputs = 0
        var events = 0
        var messages = 0
        var errors: [String: Int] = [:]

        mutating func record(_ result: Result<[InboundEvent], ChannelError>) {
            inputs += 1
            switch result {
            case .success(let parsed):
                events += parsed.count
                messages += parsed.filter { if case .message = $0 { true } else { false } }.count
            case .failure(.invalidJSON): errors["invalidJSON", default: 0] += 1
            case .failure(.unexpectedPayload): errors["unexpectedPayload", default: 0] += 1
            }
        }

        var description: String {
            "\(inputs) inputs, \(events) events (\(messages) messages), errors \(errors.sorted { $0.key < $1.key })"
        }
    }

    func fuzz(
        seeds: [String], count: Int, seed: UInt64, parse: ([UInt8]) throws(ChannelError) -> [InboundEvent]
    ) -> Tally {
        var mutator = SeededMutator(random: SplitMix64(seed: seed))
        var tally = Tally()
        for index in 0..<count {
            let input = mutator.mutate(seeds[index % seeds.count].bytes)
            do {
                let events = try parse(input)
                for case .message(let message) in events {
                    #expect(!message.dedupeKey.isEmpty && !message.userID.isEmpty && !message.chatID.isEmpty)
                }
                tally.record(.success(events))
            } catch {
                tally.record(.failure(error))
            }
        }
        return tally
    }

    @Test func telegramParserSurvivesMutations() {
        let tally = fuzz(seeds: Self.telegramSeeds, count: 8_000, seed: 1) { body throws(ChannelError) in
            try TelegramWebhook.parse(body, botUsername: "my_bot", botID: 123_456_789)
        }
        print("Telegram parser fuzz: \(tally)")
        #expect(tally.inputs == 8_000)
        #expect(tally.messages > 100)
    }

    @Test func messengerParserSurvivesMutations() {
        let tally = fuzz(seeds: Self.messengerSeeds, count: 6_000, seed: 2) { body throws(ChannelError) in
            try MessengerWebhook.parse(body)
        }
        print("Messenger parser fuzz: \(tally)")
        #expect(tally.messages > 100)
    }

    @Test func zaloParserSurvivesMutations() {
        let tally = fuzz(seeds: Self.zaloSeeds, count: 6_000, seed: 3) { body throws(ChannelError) in
            try ZaloWebhook.parse(body)
        }
        print("Zalo parser fuzz: \(tally)")
        #expect(tally.messages > 100)
    }

    /// Valid JSON with fields missing, null, mistyped, empty or huge: parsers return events or typed errors,
    /// and messages always carry the ids the server needs.
    @Test func parsersSurviveFieldLevelMutations() throws {
        var mutator = StructuredMutator(random: SplitMix64(seed: 6))
        var tallies = (telegram: Tally(), messenger: Tally(), zalo: Tally())
        func run(_ body: [UInt8], _ parse: ([UInt8]) throws(ChannelError) -> [InboundEvent], into tally: inout Tally) {
            do {
                let events = try parse(body)
                for case .message(let message) in events {
                    #expect(!message.dedupeKey.isEmpty && !message.userID.isEmpty && !message.chatID.isEmpty)
                }
                tally.record(.success(events))
            } catch {
                tally.record(.failure(error))
            }
        }
        let telegram = try Self.telegramSeeds.map { try JSONWire.parse($0) }
        let messenger = try Self.messengerSeeds.map { try JSONWire.parse($0) }
        let zalo = try Self.zaloSeeds.map { try JSONWire.parse($0) }
        for index in 0..<2_000 {
            run(
                JSONWire.serialize(mutator.mutate(telegram[index % telegram.count])),
                { body throws(ChannelError) in
                    try TelegramWebhook.parse(body, botUsername: "my_bot", botID: 123_456_789)
                }, into: &tallies.telegram)
            run(
                JSONWire.serialize(mutator.mutate(messenger[index % messenger.count])),
                { body throws(ChannelError) in
                    try MessengerWebhook.parse(body)
                }, into: &tallies.messenger)
            run(
                JSONWire.serialize(mutator.mutate(zalo[index % zalo.count])),
                { body throws(ChannelError) in
                    try ZaloWebhook.parse(body)
                }, into: &tallies.zalo)
        }
        print("Field-level fuzz: Telegram \(tallies.telegram); Messenger \(tallies.messenger); Zalo \(tallies.zalo)")
        #expect(tallies.telegram.messages > 100 && tallies.messenger.messages > 100 && tallies.zalo.messages > 100)
    }

    /// A signed body changed in any way never verifies; only typed errors come out.
    @Test func verifiersRejectEveryMutatedBody() {
        var mutator = SeededMutator(random: SplitMix64(seed: 4))
        let messengerHeader = "sha256=" + Fixtures.messengerSignedHex
        let zaloHeader = "mac=" + Fixtures.zaloMacAppFirst
        var tried = 0
        for _ in 0..<2_000 {
            let body = mutator.mutate(Fixtures.messengerSigned.bytes)
            guard body != Fixtures.messengerSigned.bytes else { continue }
            tried += 1
            #expect(throws: WebhookAuthError.mismatch(.messenger)) {
                try MessengerWebhook.verify(body: body, signatureHeader: messengerHeader, appSecret: "app-secret-123")
            }
        }
        for _ in 0..<2_000 {
            let body = mutator.mutate(Fixtures.zaloText.bytes)
            guard body != Fixtures.zaloText.bytes else { continue }
            tried += 1
            #expect(throws: WebhookAuthError.self) {
                try ZaloWebhook.verify(
                    body: body, signatureHeader: zaloHeader, appID: Fixtures.zaloAppID, oaSecretKey: Fixtures.zaloSecret
                )
            }
        }
        print("Verifier fuzz: \(tried) mutated signed bodies, all rejected")
        #expect(tried > 3_900)
    }

    /// Random replies render to valid JSON whose every chunk fits the platform limit.
    @Test func renderersAlwaysProduceValidBoundedJSON() throws {
        var random = SplitMix64(seed: 5)
        let pieces = [
            "Bầu", "cử", "<b>", "&amp;", "\"", "\\", "/", "😀", "\n", "\n\n", " ", "\u{0}", "e\u{323}\u{302}", "ĐBQH",
        ]
        var rendered = 0
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...3_000, using: &random)).map { _ in pieces.randomElement(using: &random)!
            }
            .joined()
            let reply = OutgoingReply(
                text: text,
                suggestions: [QuickReply(title: text.prefix(30).description, payload: String(text.prefix(200)))],
                replyToMessageID: "12")
            let platforms: [(requests: [PlatformRequest], limit: Int, textPath: [String])] = [
                (TelegramAPI(token: "t").sendMessage(chatID: "1", threadID: 3, reply: reply), 4096, ["text"]),
                (MessengerAPI(pageToken: "t").send(recipientPSID: "u", reply: reply), 2000, ["message", "text"]),
                (ZaloAPI(accessToken: "t").send(userID: "u", reply: reply), 2000, ["message", "text"]),
            ]
            for (requests, limit, path) in platforms {
                for request in requests {
                    rendered += 1
                    let body = try JSONWire.parse(request.body)
                    let chunk = try #require(path.reduce(Optional(body)) { $0?[$1] }?.string)
                    let visible = chunk.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
                        of: "&gt;", with: ">"
                    )
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                    #expect(visible.utf16.count <= limit)
                    #expect(!chunk.isEmpty)
                }
            }
        }
        print("Renderer fuzz: 300 random replies, \(rendered) requests")
    }
}
