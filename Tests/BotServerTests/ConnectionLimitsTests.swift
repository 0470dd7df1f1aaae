import BotCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A raw TCP client: the attacks below are about what a client sends, or does not send, below HTTP.
final class RawSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.send(fd, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
    }

    /// Reads until the peer closes or `timeout` passes; returns what arrived and whether the peer closed.
    /// Polls without blocking and sleeps between polls: a blocking read would hold one of the few cooperative
    /// threads the server under test needs to answer.
    func readUntilClosed(timeout: Duration) async -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 0) > 0 else {
                try? await Task.sleep(for: .milliseconds(10))
                continue
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<n]
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}

func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

func residentMebibytes() -> Double {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
    let pages = Double(statm.split(separator: " ")[1]) ?? 0
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

@Suite("What one client's connections can do to the listener (real sockets)", .serialized)
struct ConnectionLimitsTests {
    static let update =
        #"{"update_id":9100,"message":{"message_id":1,"date":1700000000,"#
        + #""chat":{"id":9100,"type":"private"},"from":{"id":9100,"is_bot":false,"first_name":"A"},"text":"chào"}}"#

    @Test("idle keep-alive connections are closed after the idle timeout, slowloris heads after the header timeout")
    func idleAndSlowHeadersAreClosed() async throws {
        let short: @Sendable (inout BotConfig, String) -> Void = { config, _ in
            config.connections.idleTimeout = .seconds(1)
            config.connections.headerTimeout = .milliseconds(500)
        }
        try await withBot(configure: short) { client, _, _ in
            let port = client.port!
            // Sends nothing at all.
            let idle = try RawSocket(port: port)
            // Trickles a header line and never finishes the head.
            let slow = try RawSocket(port: port)
            slow.send("POST /webhook/telegram HTTP/1.1\r\nHost: x\r\n")
            // A finished request, then the connection is kept alive and left idle.
            let kept = try RawSocket(port: port)
            kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let slowResult = await slow.readUntilClosed(timeout: .seconds(3))
            #expect(slowResult.closed)
            #expect(await idle.readUntilClosed(timeout: .seconds(3)).closed)
            let keptResult = await kept.readUntilClosed(timeout: .seconds(4))
            #expect(keptResult.text.hasPrefix("HTTP/1.1 200"))
            #expect(keptResult.closed)
        }
    }

    @Test("a chunked body that never ends is cut by the body timeout; after a 413 the connection is closed")
    func endlessBodies() async throws {
        let short: @Sendable (inout BotConfig, String) -> Void = { config, _ in
            config.connections.bodyTimeout = .milliseconds(700)
        }
        try await withBot(configure: short) {
            client, _, store in
            let port = client.port!
            let trickle = try RawSocket(port: port)
            trickle.send(
                "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: s3cret-token\r\n\r\n4\r\n{\"a\"\r\n"
            )
            #expect(await trickle.readUntilClosed(timeout: .seconds(3)).closed)

            // 64 KiB is the test server's cap: the 413 goes out and the server stops reading.
            let flood = try RawSocket(port: port)
            flood.send(
                "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "X-Telegram-Bot-Api-Secret-Token: s3cret-token\r\n\r\n")
            let chunk = "4000\r\n" + String(repeating: "x", count: 0x4000) + "\r\n"
            for _ in 0..<8 { flood.send(chunk) }
            let result = await flood.readUntilClosed(timeout: .seconds(3))
            #expect(result.text.hasPrefix("HTTP/1.1 413"))
            #expect(result.closed)
            #expect(try await store.recentConversations(limit: 10).isEmpty)
        }
    }

    @Test("thousands of idle and slowloris connections: signed webhooks and /healthz still answer")
    func floodOfConnections() async throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        // Client and server share this process, so every connection costs two descriptors.
        let budget = Int(clamping: limit.rlim_cur) / 2 - 400
        let idleCount = min(2000, budget * 4 / 5)
        let slowCount = min(500, budget / 5)
        let cap = idleCount + slowCount - 200
        let capped: @Sendable (inout BotConfig, String) -> Void = { config, _ in config.connections.maxConnections = cap
        }
        try await withBot(configure: capped) {
            client, fake, _ in
            let port = client.port!
            let before = (openDescriptorCount(), residentMebibytes())
            var sockets: [RawSocket] = []
            for _ in 0..<idleCount { sockets.append(try RawSocket(port: port)) }
            for _ in 0..<slowCount {
                let s = try RawSocket(port: port)
                s.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                sockets.append(s)
            }
            try await Task.sleep(for: .milliseconds(300))
            let during = (openDescriptorCount(), residentMebibytes())
            // Fresh connections, as a platform's would be (the test client's own connection, opened first and
            // idle since, is among the ones the cap closes).
            let start = ContinuousClock.now
            let health = try RawSocket(port: port)
            health.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await health.readUntilClosed(timeout: .seconds(5)).text.hasPrefix("HTTP/1.1 200"))
            let webhook = try RawSocket(port: port)
            webhook.send(
                "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "X-Telegram-Bot-Api-Secret-Token: s3cret-token\r\nContent-Length: \(Self.update.utf8.count)\r\n\r\n"
                    + Self.update)
            #expect(await webhook.readUntilClosed(timeout: .seconds(5)).text.hasPrefix("HTTP/1.1 200"))
            let elapsed = ContinuousClock.now - start
            let metrics = try RawSocket(port: port)
            metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let exposition = await metrics.readUntilClosed(timeout: .seconds(5)).text
            #expect(exposition.contains(#"electionbot_connections_closed_total{reason="cap"}"#))
            let open = exposition.split(separator: "\n").first { $0.hasPrefix("electionbot_open_connections ") }
            #expect(
                open.flatMap { Double($0.split(separator: " ")[1]) }.map { $0 <= Double(idleCount + slowCount - 200) }
                    == true)
            #expect(await fake.waitFor("/sendMessage", count: 1).count == 1)
            print(
                """
                connection flood: \(idleCount) idle + \(slowCount) slowloris, cap \(idleCount + slowCount - 200); \
                descriptors \(before.0) → \(during.0), RSS \(String(format: "%.1f", before.1)) → \
                \(String(format: "%.1f", during.1)) MiB; /healthz + webhook answered in \(elapsed)
                """)
            withExtendedLifetime(sockets) {}
        }
    }
}

@Suite("Methods on known routes")
struct MethodRoutesTests {
    @Test("a known path with another method gets 405 and Allow; HEAD /healthz answers like GET without a body")
    func methodNotAllowed() async throws {
        try await withBot { client, _, _ in
            let put = try await client.execute(uri: "/webhook/telegram", method: .put)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "POST")
            let get = try await client.execute(uri: "/webhook/zalo", method: .get)
            #expect(get.status == .methodNotAllowed)
            let delete = try await client.execute(uri: "/healthz", method: .delete)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, HEAD")
            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let unknown = try await client.execute(uri: "/nowhere", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}
