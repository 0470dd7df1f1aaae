import CoreMetrics
import Foundation
import Prometheus
import Storage
import Synchronization

/// Every series the bot exports, declared in this one file, through swift-metrics with a Prometheus
/// registry behind it (`/metrics` renders ``registry``).
///
/// Each instance has its own registry and factory, so tests never share counters; `serve` also bootstraps the
/// process-wide `MetricsSystem` with the same factory, so Hummingbird's `MetricsMiddleware` (the HTTP series)
/// lands in the same exposition. Label values come from closed sets (routes, platforms, lanes, results,
/// intent ids of the loaded knowledge base): never from a request body.
///
/// The names are the ones earlier releases exported, so existing scrapes keep working; counters end in
/// `_total` (the store's two write counters are exported both ways: the old gauge names stay for old dashboards).
public final class BotMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let lastKnowledgeHash = Mutex<String?>(nil)

    /// Histogram bounds from 100 µs to 10 s: webhook acknowledgements sit in the low milliseconds, sends to
    /// a platform in the tens or hundreds.
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    /// The factory to bootstrap `MetricsSystem` with, so library metrics share this registry.
    public var metricsFactory: any MetricsFactory { factory }

    // MARK: webhook edge

    /// A webhook request by route (`telegram`, `messenger`, `messenger_handshake`, `zalo`) and status.
    public func webhookRequest(route: String, status: Int, duration: Duration) {
        Counter(
            label: "electionbot_requests_total", dimensions: [("route", route), ("status", String(status))],
            factory: factory
        ).increment()
        Timer(label: "electionbot_request_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// A write to the store that failed (full disk, read-only file); `operation` is a closed set
    /// (`record_inbound`, `settle_inbound`, `read_inbox`).
    public func storeWriteFailed(operation: String) {
        Counter(
            label: "electionbot_store_write_failures_total", dimensions: [("operation", operation)], factory: factory
        )
        .increment()
    }

    /// Messages not answered yet (see `InboundPipeline.backlog`).
    public func backlog(_ count: Int) {
        Gauge(label: "electionbot_unanswered_backlog", factory: factory).record(count)
    }

    /// A webhook refused with 503 and `Retry-After` because the backlog is at its limit.
    public func admissionRefused(platform: String) {
        Counter(label: "electionbot_admission_refusals_total", dimensions: [("channel", platform)], factory: factory)
            .increment()
    }

    /// Open client connections to the listener.
    public func openConnections(_ count: Int) {
        Gauge(label: "electionbot_open_connections", factory: factory).record(count)
    }

    /// A connection the listener closed on its own; `reason` is one of `cap` (too many open, the longest
    /// idle one went), `refused` (too many open and none idle), `header_timeout`, `body_timeout`.
    public func connectionClosed(reason: String) {
        Counter(label: "electionbot_connections_closed_total", dimensions: [("reason", reason)], factory: factory)
            .increment()
    }

    /// A delivery the inbox had already recorded (the platform retried).
    public func redelivery(platform: String) {
        Counter(label: "electionbot_redeliveries_total", dimensions: [("platform", platform)], factory: factory)
            .increment()
    }

    /// An update the bot does not handle; `kind` comes from a closed set of the channel parsers.
    public func ignoredUpdate(kind: String) {
        Counter(label: "electionbot_ignored_updates_total", dimensions: [("reason", kind)], factory: factory)
            .increment()
    }

    /// Which form of Zalo's signature matched (the platform documents two).
    /// A correctly signed event refused because its timestamp is outside the window (a replay).
    public func staleEvent(platform: String) {
        Counter(label: "electionbot_stale_events_total", dimensions: [("channel", platform)], factory: factory)
            .increment()
    }

    public func zaloSignature(variant: String) {
        Counter(
            label: "electionbot_zalo_signature_variant_total", dimensions: [("variant", variant)], factory: factory
        ).increment()
    }

    // MARK: knowledge and retention

    /// The knowledge base serving: `electionbot_knowledge_info{version=…} 1` (the previous version's series
    /// drops to 0), its intents and when it was loaded. The hash comes from our own files, never a request.
    public func knowledgeVersion(_ v: KnowledgeVersion) {
        let previous = lastKnowledgeHash.withLock { last in
            defer { last = v.hash }
            return last
        }
        if let previous, previous != v.hash {
            Gauge(label: "electionbot_knowledge_info", dimensions: [("version", previous)], factory: factory).record(0)
        }
        Gauge(label: "electionbot_knowledge_info", dimensions: [("version", v.hash)], factory: factory).record(1)
        Gauge(label: "electionbot_knowledge_intents", factory: factory).record(v.intents)
        Gauge(label: "electionbot_knowledge_loaded_timestamp_seconds", factory: factory)
            .record(v.loadedAt.timeIntervalSince1970)
    }

    /// A reload attempt: `ok`, `unchanged` or `refused` (a broken edit; the old knowledge keeps serving).
    public func knowledgeReload(result: String) {
        Counter(label: "electionbot_knowledge_reloads_total", dimensions: [("result", result)], factory: factory)
            .increment()
    }

    /// Rows the retention service deleted, by table.
    public func pruned(_ report: PruneReport) {
        for (table, n) in [
            ("conversations", report.conversations), ("unanswered", report.unanswered), ("inbox", report.inbox),
            ("outbox", report.outbox), ("audit_log", report.audit),
        ] where n > 0 {
            Counter(label: "electionbot_retention_deleted_total", dimensions: [("table", table)], factory: factory)
                .increment(by: n)
        }
    }

    /// A refused admin API request (`missing`, `wrong`, `rate_limited`).
    public func adminAuthFailure(reason: String) {
        Counter(label: "electionbot_admin_auth_failures_total", dimensions: [("reason", reason)], factory: factory)
            .increment()
    }

    // MARK: answering

    /// An answer, by intent id (`fallback` when the bot was not sure).
    public func answered(intent: String?, fallback: Bool) {
        Counter(
            label: "electionbot_answers_total",
            dimensions: [("intent", intent ?? "fallback"), ("fallback", fallback ? "true" : "false")],
            factory: factory
        ).increment()
    }

    /// A batch of `count` messages answered and settled together in `duration`: one observation per message.
    public func answerBatch(duration: Duration, count: Int) {
        let timer = Timer(label: "electionbot_answer_seconds", factory: factory)
        for _ in 0..<count { timer.recordNanoseconds(duration.nanoseconds) }
    }

    /// An official's `/dangky`, `/toi` or `/huy`.
    public func subscriptionCommand(_ name: String) {
        Counter(
            label: "electionbot_subscription_commands_total", dimensions: [("command", name)], factory: factory
        ).increment()
    }

    // MARK: delivery

    /// One call to a platform's send API, by result (`delivered`, `rate_limited`, `retry`, …).
    public func send(platform: String, result: String) {
        Counter(
            label: "electionbot_sends_total", dimensions: [("platform", platform), ("result", result)],
            factory: factory
        ).increment()
    }

    /// Time to deliver one outbox row (all its chunks).
    public func delivered(platform: String, duration: Duration) {
        Timer(label: "electionbot_send_seconds", dimensions: [("platform", platform)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Rows waiting in the outbox, per lane.
    public func outboxDepth(_ depth: [OutboxLane: Int]) {
        for lane in OutboxLane.allCases {
            Gauge(label: "electionbot_outbox_depth", dimensions: [("lane", lane.rawValue)], factory: factory)
                .record(depth[lane] ?? 0)
        }
    }

    // MARK: store

    /// The group-commit writer's totals since start (writes per transaction is the average group size).
    public func storeWrites(_ statistics: WriteStatistics) {
        let transactions = registry.makeCounter(
            descriptor: .init(
                metricName: "electionbot_store_transactions", unitName: "total",
                helpText: "Write transactions committed since start"))
        transactions.reset()
        transactions.increment(by: Int64(statistics.transactions))
        let writes = registry.makeCounter(
            descriptor: .init(
                metricName: "electionbot_store_writes", unitName: "total",
                helpText: "Writes committed since start (several share a transaction under load)"))
        writes.reset()
        writes.increment(by: Int64(statistics.writes))
        // The names of earlier releases, as gauges.
        // An empty unit keeps the old name as it was.
        registry.makeGauge(
            descriptor: .init(
                metricName: "electionbot_store_transactions", unitName: "",
                helpText: "Deprecated: electionbot_store_transactions_total")
        ).set(to: Double(statistics.transactions))
        registry.makeGauge(
            descriptor: .init(
                metricName: "electionbot_store_writes", unitName: "",
                helpText: "Deprecated: electionbot_store_writes_total")
        ).set(to: Double(statistics.writes))
    }

    // MARK: exposition

    /// The Prometheus text exposition of every series.
    public func render() -> String { registry.emitToString() }

    /// The value of one series as rendered (tests, `/healthz`): `nil` when it does not exist yet.
    public func value(_ name: String, _ labels: [(String, String)] = []) -> Double? {
        let wanted =
            labels.isEmpty ? name : name + "{" + labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        for line in render().split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            if series == wanted || Self.sameSeries(series, wanted) { return Double(line[line.index(after: space)...]) }
        }
        return nil
    }

    /// Label order in the exposition is the registry's: compare label sets, not strings.
    private static func sameSeries(_ a: Substring, _ b: String) -> Bool {
        func parts(_ s: some StringProtocol) -> (Substring, Set<Substring>) {
            guard let open = s.firstIndex(of: "{") else { return (Substring(s), []) }
            let name = Substring(s[..<open])
            let inner = s[s.index(after: open)...].dropLast()
            return (name, Set(inner.split(separator: ",").map { Substring($0) }))
        }
        let (an, al) = parts(a)
        let (bn, bl) = parts(b)
        return an == bn && al == bl
    }
}

extension Duration {
    /// Whole nanoseconds (saturating far beyond any duration measured here).
    var nanoseconds: Int64 {
        components.seconds &* 1_000_000_000 &+ components.attoseconds / 1_000_000_000
    }

    /// Seconds as a floating-point value.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
