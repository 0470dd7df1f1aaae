import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the test server saw: one HTTP request and the TCP connection it came on.
struct RecordedRequest: Sendable {
    /// 1 for the first accepted connection, 2 for the next…
    var connection: Int
    var method: String
    /// Path and query, exactly as sent.
    var target: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the test server answers.
struct CannedResponse: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Waits this long before answering (the slow endpoint).
    var delay: Duration = .zero
    /// Sends the body chunked, without a Content-Length.
    var chunked = false
}

/// A small blocking HTTP/1.1 server on 127.0.0.1 with keep-alive, one thread per connection. Written
/// on raw sockets (not NIO) so that tests see exactly what libcurl sent, count TCP connections and
/// can answer slowly.
final class LocalHTTPServer: Sendable {
    let port: Int
    private let listener: Int32
    private let handler: @Sendable (RecordedRequest) -> CannedResponse
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    private struct State {
        var stopping = false
        var acceptedConnections = 0
        var openSockets: Set<Int32> = []
        var requests: [RecordedRequest] = []
    }

    /// Starts listening on an ephemeral port.
    init(handler: @escaping @Sendable (RecordedRequest) -> CannedResponse) throws {
        self.handler = handler
        listener = try Socket.listenOnLoopback()
        port = try Socket.localPort(listener)
        let listener = listener
        threads.enter()
        Thread.detachNewThread { [self] in
            acceptLoop(listener)
            threads.leave()
        }
    }

    /// TCP connections accepted so far.
    var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }

    /// Every request received so far, in arrival order.
    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Closes the listener and every connection, and waits for the server's threads to end.
    func stop() {
        state.withLock { state in
            state.stopping = true
            // Under the lock: a connection thread closes its socket only after removing it from the
            // set, so no descriptor here can have been reused by someone else.
            for socket in state.openSockets {
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        shutdown(listener, Int32(SHUT_RDWR))
        threads.wait()
        close(listener)
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let socket = accept(listener, nil, nil)
            if socket < 0 {
                if errno == EINTR { continue }
                return
            }
            let connection: Int? = state.withLock { state in
                guard !state.stopping else { return nil }
                state.acceptedConnections += 1
                state.openSockets.insert(socket)
                return state.acceptedConnections
            }
            guard let connection else {
                close(socket)
                return
            }
            threads.enter()
            Thread.detachNewThread { [self] in
                serve(socket, connection: connection)
                state.withLock { _ = $0.openSockets.remove(socket) }
                close(socket)
                threads.leave()
            }
        }
    }

    /// Answers requests on one connection until the client closes it.
    private func serve(_ socket: Int32, connection: Int) {
        var reader = Socket.Reader(socket: socket)
        while let head = reader.readHead() {
            guard let first = head.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
                // Not HTTP (a TLS ClientHello, say): answer like a plain HTTP server would.
                Socket.sendAll(socket, Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
                return
            }
            let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count == 3 else { return }
            var headers: [(String, String)] = []
            for line in lines.dropFirst() where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append(
                    (
                        String(line[..<colon]),
                        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    ))
            }
            var request = RecordedRequest(
                connection: connection, method: String(requestLine[0]), target: String(requestLine[1]),
                headers: headers, body: [])
            let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
            guard let body = reader.read(count: length) else { return }
            request.body = body
            state.withLock { $0.requests.append(request) }

            let response = handler(request)
            guard wait(response.delay) else { return }
            guard Socket.sendAll(socket, Self.serialize(response, headOnly: request.method == "HEAD"))
            else {
                return
            }
        }
    }

    /// Sleeps in small steps; false when the server is stopping.
    private func wait(_ delay: Duration) -> Bool {
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.stopping }) { return false }
            usleep(10_000)
        }
        return true
    }

    private static func serialize(_ response: CannedResponse, headOnly: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) Canned\r\n"
        if response.chunked {
            head += "Transfer-Encoding: chunked\r\n"
        } else {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        for (name, value) in response.headers {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        guard !headOnly else { return bytes }
        if response.chunked {
            var rest = response.body[...]
            while !rest.isEmpty {
                let chunk = rest.prefix(1000)
                bytes += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
                rest = rest.dropFirst(chunk.count)
            }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += response.body
        }
        return bytes
    }
}
