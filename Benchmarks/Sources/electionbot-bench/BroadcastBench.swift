import ArgumentParser
import BotCore
import CurlTransport
import Foundation
import Hummingbird
import Logging
import Storage
import Synchronization

/// Measures the broadcast lane end to end: N subscribers in a fresh SQLite file, one broadcast, delivered by the
/// real `DeliveryService` over libcurl to an in-process fake Telegram on 127.0.0.1. Prints the achieved rate
/// against the configured one, CPU time and peak memory. Run it on a release build.
struct BroadcastBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast",
        abstract: "Benchmark broadcast delivery against a local fake Telegram (use a release build).")

    @Option(help: "Subscribers to deliver to.") var recipients: Int = 10_000
    @Option(help: "Configured broadcast rate, messages per second.") var rate: Double = 1_000
    @Option(help: "libcurl worker threads.") var workers: Int = 8

    func run() async throws {
        #if DEBUG
            print("warning: this is a debug build; figures are only meaningful with -c release")
        #endif
        let requests = Atomic<Int>(0)
        let router = Router()
        router.post("**") { _, _ -> Response in
            requests.add(1, ordering: .relaxed)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true,"result":{"message_id":42}}"#)))
        }
        let (portStream, portInput) = AsyncStream.makeStream(of: Int.self)
        var quiet = Logger(label: "bench")
        quiet.logLevel = .error
        let fake = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portInput.yield(channel.localAddress?.port ?? 0) },
            logger: quiet)
        let server = Task { try await fake.runService() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else {
            throw ValidationError("fake server did not start")
        }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-broadcast-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteBotStore(path: dir.appendingPathComponent("bench.sqlite").path)
        let n = recipients
        let setupStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<32 {
                group.addTask {
                    for i in stride(from: lane, to: n, by: 32) {
                        try await store.addSubscriber(
                            Subscriber(
                                platform: "telegram", userID: "\(100_000 + i)", chatID: "\(100_000 + i)",
                                role: "to-bau-cu", level: "xa", subscribedAt: Date()))
                    }
                }
            }
            try await group.waitForAll()
        }
        let (id, queued) = try await Broadcaster(store: store).send(
            audience: .everyone, text: "Thông báo thử: họp Tổ bầu cử lúc 14:00.", createdBy: "bench")
        print(
            "setup: \(n) subscribers and \(queued) queued rows in \(ContinuousClock.now - setupStart)")

        var config = BotConfig()
        config.telegram = .init(token: "123:BENCH", apiBase: "http://127.0.0.1:\(port)")
        config.delivery.broadcastRate = rate
        config.delivery.pollInterval = .milliseconds(20)
        let transport = CurlHTTPClient(configuration: .init(workers: workers))
        let delivery = DeliveryService(
            store: store, transport: transport, config: config, metrics: BotMetrics(), doorbell: Doorbell(),
            logger: quiet)
        let cpuStart = cpuSeconds()
        let start = ContinuousClock.now
        let worker = Task { await delivery.run(lane: .broadcast) }
        var status = try await store.broadcastStatus(id: id)
        while status?.isFinished == false {
            try await Task.sleep(for: .milliseconds(50))
            status = try await store.broadcastStatus(id: id)
        }
        let elapsed = (ContinuousClock.now - start)
        let cpu = cpuSeconds() - cpuStart
        worker.cancel()
        await worker.value
        await transport.shutdown()
        server.cancel()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sent = status?.counts[.sent, default: 0] ?? 0
        print(
            "delivered \(sent)/\(queued) (fake Telegram saw \(requests.load(ordering: .relaxed)) sends) in "
                + String(format: "%.2f s", seconds))
        print(
            String(
                format: "achieved %.0f msg/s against %.0f configured (%.0f %%)", Double(sent) / seconds,
                rate,
                100 * Double(sent) / seconds / rate))
        print(
            String(
                format: "CPU %.2f s (%.0f %% of one core; includes the in-process fake server)", cpu,
                100 * cpu / seconds))
        print("peak memory (max RSS): \(peakRSSKiB() / 1024) MiB")
    }

    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
