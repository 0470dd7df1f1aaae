import CurlTransport
import Foundation
import HTTPTypes
import Logging
import Storage
import TestSupport
import Testing

@testable import BotCore

/// The delivery lane over the in-memory transport and an in-memory SQLite store: the worker's handling of each
/// platform answer, without a socket or a fake server.
@Suite("Delivery without sockets")
struct DeliveryWithoutSocketsTests {
    func run(
        recipients: Int, transport: RecordingTransport,
        until done: @escaping @Sendable (BroadcastStatus) -> Bool = { $0.isFinished }
    ) async throws -> (BroadcastStatus, SQLiteBotStore) {
        let store = try SQLiteBotStore.inMemory()
        for i in 0..<recipients {
            try await store.addSubscriber(
                Subscriber(
                    platform: "telegram", userID: "\(100 + i)", chatID: "\(100 + i)", role: "to-bau-cu", level: "xa",
                    subscribedAt: Date()))
        }
        let (id, _) = try await Broadcaster(store: store).send(
            audience: .everyone, text: "Họp Tổ bầu cử lúc 14:00.", createdBy: "test")
        var config = BotConfig()
        config.telegram = .init(token: "123:T", apiBase: "http://telegram.invalid")
        config.delivery.baseBackoff = .milliseconds(10)
        config.delivery.pollInterval = .milliseconds(10)
        config.delivery.telegramChatInterval = .zero
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let delivery = DeliveryService(
            store: store, transport: transport, config: config, metrics: BotMetrics(), doorbell: Doorbell(),
            logger: logger)
        let worker = Task { await delivery.run(lane: .broadcast) }
        defer { worker.cancel() }
        let deadline = ContinuousClock.now + .seconds(10)
        var status = try #require(try await store.broadcastStatus(id: id))
        while !done(status), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            status = try #require(try await store.broadcastStatus(id: id))
        }
        return (status, store)
    }

    @Test func aTimeoutAndA502AreRetriedUntilSent() async throws {
        let transport = RecordingTransport()
        transport.enqueue(.fail(.timedOut), .respond(status: 502, body: "bad gateway"))
        let (status, _) = try await run(recipients: 1, transport: transport)
        #expect(status.counts[.sent] == 1)
        let sends = transport.requests
        #expect(sends.count == 3)
        #expect(sends.allSatisfy { $0.url == "http://telegram.invalid/bot123:T/sendMessage" && $0.method == .post })
        #expect(sends.allSatisfy { $0.headerFields[.contentType] == "application/json" })
    }

    @Test func aBlockedUserIsUnreachableAndNotRetried() async throws {
        let transport = RecordingTransport()
        transport.enqueue(
            .respond(
                status: 403,
                body: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#))
        let (status, _) = try await run(recipients: 1, transport: transport)
        #expect(status.counts[.unreachable] == 1)
        #expect(status.problems.first?.reason?.contains("blocked") == true)
        #expect(transport.requests.count == 1)
    }

    @Test func aPermanentRefusalFailsWithThePlatformsReason() async throws {
        let transport = RecordingTransport()
        transport.enqueue(
            .respond(status: 400, body: #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#))
        let (status, _) = try await run(recipients: 2, transport: transport)
        #expect(status.counts[.failed] == 1 && status.counts[.sent] == 1)
        #expect(status.problems.first?.reason?.contains("chat not found") == true)
        #expect(transport.requests.count == 2)
    }
}
