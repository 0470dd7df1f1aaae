import BotCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every open connection to the listener, with whether it has a request in progress, so that the cap on open
/// connections sheds the connections that cost nothing to lose (idle keep-alives, slowloris clients still
/// "sending" headers) and never a request being answered.
final class ConnectionGovernor: Sendable {
    struct Entry {
        let channel: any Channel
        /// Since when nothing is in progress; `nil` while a request is read or answered.
        var idleSince: NIODeadline?
    }
    struct State {
        var open: [ObjectIdentifier: Entry] = [:]
        var lastShedLog: NIODeadline = .uptimeNanoseconds(0)
        var shedSinceLog = 0
    }
    enum Admission {
        case admitted
        /// Admitted; this other (idle) connection must be closed to make room.
        case admittedEvicting(any Channel)
        case refused
    }

    let maxConnections: Int
    let metrics: BotMetrics
    let logger: Logger
    private let state = Mutex(State())

    init(maxConnections: Int, metrics: BotMetrics, logger: Logger) {
        self.maxConnections = maxConnections
        self.metrics = metrics
        self.logger = logger
    }

    var openCount: Int { state.withLock { $0.open.count } }

    func admit(_ channel: any Channel) -> Admission {
        let now = NIODeadline.now()
        let (admission, count, logLine) = state.withLock { s -> (Admission, Int, Int?) in
            var admission = Admission.admitted
            if s.open.count >= maxConnections {
                let oldest = s.open.lazy.filter { $0.value.idleSince != nil }
                    .min { $0.value.idleSince! < $1.value.idleSince! }
                if let oldest {
                    s.open[oldest.key] = nil
                    admission = .admittedEvicting(oldest.value.channel)
                } else {
                    admission = .refused
                }
                s.shedSinceLog += 1
            }
            if case .refused = admission {
            } else {
                s.open[ObjectIdentifier(channel)] = Entry(channel: channel, idleSince: now)
            }
            // One log line per 10 s of shedding, with how many went, not one per connection.
            var logLine: Int?
            if s.shedSinceLog > 0, now - s.lastShedLog > .seconds(10) {
                logLine = s.shedSinceLog
                s.shedSinceLog = 0
                s.lastShedLog = now
            }
            return (admission, s.open.count, logLine)
        }
        switch admission {
        case .admitted: break
        case .admittedEvicting: metrics.connectionClosed(reason: "cap")
        case .refused: metrics.connectionClosed(reason: "refused")
        }
        if let shed = logLine {
            logger.warning(
                "connection cap reached: closing the longest-idle connections",
                metadata: ["connections.max": "\(maxConnections)", "connections.shed": "\(shed)"])
        }
        metrics.openConnections(count)
        return admission
    }

    func setBusy(_ channel: any Channel, _ busy: Bool) {
        state.withLock { s in
            let id = ObjectIdentifier(channel)
            guard s.open[id] != nil else { return }
            s.open[id]!.idleSince = busy ? nil : .now()
        }
    }

    func remove(_ channel: any Channel) {
        let count = state.withLock { s in
            s.open[ObjectIdentifier(channel)] = nil
            return s.open.count
        }
        metrics.openConnections(count)
    }

    /// The cap the listener can keep: the soft descriptor limit (raised to the hard limit where allowed) less a
    /// reserve for the database, libcurl's sockets and the process's own files.
    static func effectiveCap(configured: Int, logger: Logger) -> Int {
        #if canImport(Glibc)
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return configured }
            if limit.rlim_cur < limit.rlim_max {
                var raised = limit
                raised.rlim_cur = limit.rlim_max
                if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
            }
            let reserve: rlim_t = 256
            let available = limit.rlim_cur > reserve * 2 ? Int(clamping: limit.rlim_cur - reserve) : 64
            if configured > available {
                logger.warning(
                    "HTTP_MAX_CONNECTIONS is above the descriptor limit; lowered",
                    metadata: ["connections.max": "\(available)", "descriptors": "\(limit.rlim_cur)"])
                return available
            }
        #endif
        return configured
    }
}

/// One per connection, between Hummingbird's HTTP decoding and its request handling: admits the connection
/// under the cap, closes it when the first request's headers or any request's body take too long, and closes
/// it after a 413 (otherwise Hummingbird reads and discards the rest of an endless body). Idle keep-alive
/// connections are closed by Hummingbird's own idle timeout.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let governor: ConnectionGovernor
    let limits: BotConfig.Connections
    private var started = false
    private var deadline: Scheduled<Void>?
    private var closeAfterResponse = false

    init(governor: ConnectionGovernor, limits: BotConfig.Connections) {
        self.governor = governor
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let channel = context.channel
        switch governor.admit(channel) {
        case .admitted: break
        case .admittedEvicting(let other): other.close(promise: nil)
        case .refused:
            context.close(promise: nil)
            return
        }
        arm(context, after: limits.headerTimeout, reason: "header_timeout")
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: Duration, reason: String) {
        deadline?.cancel()
        let channel = context.channel
        let metrics = governor.metrics
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            metrics.connectionClosed(reason: reason)
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            governor.setBusy(context.channel, true)
            arm(context, after: limits.bodyTimeout, reason: "body_timeout")
        case .body: break
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if head.status == .contentTooLarge {
                // Tell the client before closing, so it opens a new connection for its next request.
                head.headerFields[.connection] = "close"
                closeAfterResponse = true
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
            if head.headerFields[.connection] == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterResponse else {
                governor.setBusy(context.channel, false)
                context.write(data, promise: promise)
                return
            }
            let written = promise ?? context.eventLoop.makePromise()
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
            context.write(data, promise: written)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        governor.remove(context.channel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }
}
