import BotCore
import ElectionKnowledge
import Hummingbird
import JSONWire
import NIOCore
import Storage

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct OperationsRoutes: Sendable {
    let deps: BotDependencies
    /// Whose inbox writes decide, beside the store's own check, whether the store is degraded.
    let pipeline: InboundPipeline

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in await health() }
        router.get("/metrics") { _, _ in
            if let statistics = deps.store.groupCommitStatistics { deps.metrics.storeWrites(statistics) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: deps.metrics.render())))
        }
    }

    func health() async -> Response {
        let store = await deps.store.health()
        let kb = deps.knowledge.snapshot
        let writes = pipeline.writeHealth
        // Degraded while writes fail (a full disk) or acknowledged messages wait for their answer to be written.
        let healthy = store.ok && !writes.failing && writes.unsettled == 0
        var depth: [(String, JSONValue)] = []
        for lane in OutboxLane.allCases { depth.append((lane.rawValue, .int(Int64(store.outboxDepth[lane] ?? 0)))) }
        let body: JSONValue = .object(
            JSONObject([
                ("status", .string(healthy ? "ok" : "degraded")),
                (
                    "store",
                    .object(
                        JSONObject([
                            ("ok", .bool(store.ok)), ("schema_version", .int(Int64(store.schemaVersion))),
                            ("outbox_depth", .object(JSONObject(depth))),
                            ("writes_failing", .bool(writes.failing)),
                            ("unsettled_messages", .int(Int64(writes.unsettled))),
                            ("backlog", .int(Int64(pipeline.backlog))),
                            ("backlog_limit", .int(Int64(deps.config.maxBacklog))),
                        ]))
                ),
                (
                    "knowledge",
                    .object(
                        JSONObject([
                            ("version", .string(kb.version)), ("intents", .int(Int64(kb.intents.count))),
                            ("milestones", .int(Int64(kb.milestones.count))),
                            ("directory", .string(deps.knowledge.directory)),
                        ]))
                ),
                ("channels", .array(deps.config.enabledChannels.map { .string($0) })),
            ]))
        return Response(
            status: healthy ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWire.serializedString(body))))
    }
}
