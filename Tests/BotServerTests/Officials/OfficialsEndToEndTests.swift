import BotServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@testable import BotCore

@Suite(
    "Officials end to end: subscriptions, broadcasts, lanes (real bot, fake Telegram)", .serialized)
struct OfficialsEndToEndTests {
    static let tooMany = FakePlatformServer.Scripted(
        status: .tooManyRequests,
        body:
            #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#
    )
    static let blocked = FakePlatformServer.Scripted(
        status: .forbidden,
        body: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#)

    @Test(
        "/dangky with a valid code subscribes; /toi shows it; /huy leaves; an expired code is refused")
    func subscribeThroughChat() async throws {
        try await withOfficialsBot { client, fake, store in
            let code = try await store.createInvite(
                role: "uy-ban-bau-cu-xa", level: "xa", expiresAt: nil, maxUses: 1)
            #expect(
                try await postTelegram(
                    client, textUpdate(70001, chat: 4242, text: "/dangky \(code.lowercased())")) == .ok)
            var sends = await fake.waitFor("/sendMessage", count: 1)
            let welcome = try #require(sends.last.flatMap { sentMessage($0.body) })
            #expect(welcome.chat == "4242")
            #expect(welcome.text.contains("Đã đăng ký"))
            #expect(welcome.text.contains("Ủy ban bầu cử xã, phường, thị trấn"))
            #expect(welcome.text.contains("cấp xã"))
            let s = try #require(try await store.subscription(platform: "telegram", userID: "4242"))
            #expect(s.role == "uy-ban-bau-cu-xa" && s.level == "xa" && s.chatID == "4242")

            #expect(try await postTelegram(client, textUpdate(70002, chat: 4242, text: "/toi")) == .ok)
            sends = await fake.waitFor("/sendMessage", count: 2)
            #expect(
                sends.last.flatMap { sentMessage($0.body) }?.text.contains("Bạn đang nhận nhắc việc")
                    == true)

            // The code was for one use: another official is refused.
            #expect(
                try await postTelegram(client, textUpdate(70003, chat: 5151, text: "/dangky \(code)"))
                    == .ok)
            sends = await fake.waitFor("/sendMessage", count: 3)
            #expect(sends.last.flatMap { sentMessage($0.body) }?.text.contains("dùng hết") == true)
            #expect(try await store.subscription(platform: "telegram", userID: "5151") == nil)

            let expired = try await store.createInvite(
                role: "to-bau-cu", level: "xa", expiresAt: Date().addingTimeInterval(-3600), maxUses: 5)
            #expect(
                try await postTelegram(client, textUpdate(70004, chat: 5151, text: "/dangky \(expired)"))
                    == .ok)
            sends = await fake.waitFor("/sendMessage", count: 4)
            #expect(sends.last.flatMap { sentMessage($0.body) }?.text.contains("hết hạn") == true)
            #expect(try await store.subscription(platform: "telegram", userID: "5151") == nil)

            #expect(
                try await postTelegram(client, textUpdate(70005, chat: 5151, text: "/dangky KHONGCO1"))
                    == .ok)
            sends = await fake.waitFor("/sendMessage", count: 5)
            #expect(sends.last.flatMap { sentMessage($0.body) }?.text.contains("không đúng") == true)

            #expect(try await postTelegram(client, textUpdate(70006, chat: 4242, text: "/huy")) == .ok)
            sends = await fake.waitFor("/sendMessage", count: 6)
            #expect(sends.last.flatMap { sentMessage($0.body) }?.text.contains("Đã hủy") == true)
            #expect(try await store.subscription(platform: "telegram", userID: "4242") == nil)
            // The invite code never reaches the conversation log.
            let log = try await store.recentConversations(limit: 20)
            #expect(!log.contains { $0.question.contains(code) || $0.question.contains(expired) })
        }
    }

    @Test("a broadcast to N subscribers is delivered once to each")
    func broadcastOnceEach() async throws {
        try await withOfficialsBot(configure: broadcastRate(200)) {
            _, fake, store in
            try await addSubscribers(store, count: 40)
            let (id, queued) = try await Broadcaster(store: store).send(
                audience: .everyone, text: "Họp Tổ bầu cử lúc 14:00 <khẩn>", createdBy: "test")
            #expect(queued == 40)
            let status = try #require(try await waitUntilFinished(store, broadcast: id))
            #expect(status.counts[.sent] == 40)
            let sends = fake.requests(endingWith: "/sendMessage").compactMap { sentMessage($0.body) }
            #expect(sends.count == 40)
            #expect(Set(sends.map(\.chat)).count == 40)
            #expect(sends.allSatisfy { $0.text == "Họp Tổ bầu cử lúc 14:00 &lt;khẩn&gt;" })
            // Sending the same broadcast's rows again is impossible: the keys exist.
            let again = try await store.enqueue([
                OutboxItem(
                    lane: .broadcast, platform: "telegram", chatID: "500000", payload: #"{"text":"x"}"#,
                    uniqueKey: "broadcast:\(id):telegram:500000", broadcastID: id)
            ])
            #expect(again == [nil])
        }
    }

    @Test("a 429 storm slows the broadcast lane and loses nothing")
    func storm() async throws {
        try await withOfficialsBot(configure: broadcastRate(100)) {
            _, fake, store in
            fake.enqueue("/sendMessage", Array(repeating: Self.tooMany, count: 4))
            try await addSubscribers(store, count: 15)
            let start = ContinuousClock.now
            let (id, _) = try await Broadcaster(store: store).send(
                audience: .everyone, text: "bão 429", createdBy: "t")
            let status = try #require(
                try await waitUntilFinished(store, broadcast: id, timeout: .seconds(30)))
            let elapsed = ContinuousClock.now - start
            #expect(status.counts[.sent] == 15)
            #expect(status.counts[.failed] == 0)
            let requests = fake.requests(endingWith: "/sendMessage")
            #expect(requests.count == 15 + 4)
            #expect(Set(requests.compactMap { sentMessage($0.body)?.chat }).count == 15)
            // Each 429 paused the lane for its retry_after: without the storm 15 rows take ~0.15 s.
            #expect(elapsed >= .seconds(1))
        }
    }

    @Test("a recipient who blocked the bot is recorded unreachable and skipped by later broadcasts")
    func unreachableSkipped() async throws {
        try await withOfficialsBot(configure: broadcastRate(100)) {
            _, fake, store in
            try await addSubscribers(store, count: 3)
            fake.enqueue("/sendMessage", [Self.blocked])
            let broadcaster = Broadcaster(store: store)
            let (first, _) = try await broadcaster.send(
                audience: .everyone, text: "tin 1", createdBy: "t")
            let s1 = try #require(try await waitUntilFinished(store, broadcast: first))
            #expect(s1.counts[.sent] == 2)
            #expect(s1.counts[.unreachable] == 1)
            let problem = try #require(s1.problems.first)
            #expect(problem.reason?.contains("blocked") == true)
            let before = fake.requests(endingWith: "/sendMessage").count
            #expect(before == 3)

            let (second, _) = try await broadcaster.send(
                audience: .everyone, text: "tin 2", createdBy: "t")
            let s2 = try #require(try await waitUntilFinished(store, broadcast: second))
            #expect(s2.counts[.sent] == 2)
            #expect(s2.counts[.unreachable] == 1)
            #expect(s2.problems.first?.chatID == problem.chatID)
            let after = fake.requests(endingWith: "/sendMessage")
            #expect(after.count == 5)  // nothing more sent to the blocked chat
            #expect(after.dropFirst(3).allSatisfy { sentMessage($0.body)?.chat != problem.chatID })
        }
    }

    @Test("citizens' replies do not wait behind a slow broadcast")
    func repliesHaveTheirOwnLane() async throws {
        try await withOfficialsBot(configure: broadcastRate(2)) {
            client, fake, store in
            try await addSubscribers(store, count: 30)
            let (id, _) = try await Broadcaster(store: store).send(
                audience: .everyone, text: "chậm", createdBy: "t")
            _ = await fake.waitFor("/sendMessage", count: 2)
            let asked = ContinuousClock.now
            #expect(
                try await postTelegram(
                    client, textUpdate(80001, chat: 9999, text: "ngày bầu cử là ngày nào")) == .ok)
            let deadline = ContinuousClock.now + .seconds(10)
            var answered: ContinuousClock.Instant?
            while answered == nil, ContinuousClock.now < deadline {
                answered =
                    fake.requests(endingWith: "/sendMessage").first { sentMessage($0.body)?.chat == "9999" }?
                    .at
                try await Task.sleep(for: .milliseconds(20))
            }
            let at = try #require(answered)
            // Behind the broadcast (30 rows at 2/s) it would take about 14 s; the bound leaves room for a loaded CI.
            #expect(at - asked < .seconds(8))
            let status = try #require(try await store.broadcastStatus(id: id))
            #expect(status.counts[.queued, default: 0] + status.counts[.inflight, default: 0] > 10)  // still going
        }
    }

    @Test(
        "Messenger: inside 24 h an UPDATE, outside with the configured tag, else failed with the reason"
    )
    func messengerWindow() async throws {
        for tag in [String?.none, "CONFIRMED_EVENT_UPDATE"] {
            let messenger: @Sendable (inout BotConfig, String) -> Void = { c, base in
                c.messenger = .init(
                    appSecret: "app-secret", verifyToken: "verify", pageToken: "PAGE",
                    apiBase: base + "/v25.0")
                c.delivery.messengerMessageTag = tag
            }
            try await withOfficialsBot(configure: messenger) { _, fake, store in
                try await addSubscribers(store, count: 1, first: 1001, platform: "messenger")
                try await addSubscribers(store, count: 1, first: 2002, platform: "messenger")
                try await store.touchUser(
                    platform: "messenger", userID: "1001", chatID: "1001",
                    at: Date().addingTimeInterval(-3600))
                try await store.touchUser(
                    platform: "messenger", userID: "2002", chatID: "2002",
                    at: Date().addingTimeInterval(-30 * 3600))
                let (id, _) = try await Broadcaster(store: store).send(
                    audience: .everyone, text: "fb", createdBy: "t")
                let status = try #require(try await waitUntilFinished(store, broadcast: id))
                let bodies = fake.requests(endingWith: "/me/messages").map(\.body)
                let recent = bodies.first { $0.contains(#""id":"1001""#) }
                #expect(recent?.contains(#""messaging_type":"UPDATE""#) == true)
                let old = bodies.first { $0.contains(#""id":"2002""#) }
                if let tag {
                    #expect(status.counts[.sent] == 2)
                    #expect(old?.contains(#""messaging_type":"MESSAGE_TAG""#) == true)
                    #expect(old?.contains(tag) == true)
                } else {
                    #expect(status.counts[.sent] == 1)
                    #expect(status.counts[.failed] == 1)
                    #expect(old == nil)
                    #expect(status.problems.first?.reason?.contains("outside Messenger 24h window") == true)
                }
            }
        }
    }
}
