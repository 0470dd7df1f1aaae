import BotCore
import ElectionKnowledge
import Hummingbird
import JSONWire
import NIOCore
import Storage

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct OperationsRoutes: Sendable {
    let deps: BotDependencies

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
        var depth: [(String, JSONValue)] = []
        for lane in OutboxLane.allCases { depth.append((lane.rawValue, .int(Int64(store.outboxDepth[lane] ?? 0)))) }
        let body: JSONValue = .object(
            JSONObject([
                ("status", .string(store.ok ? "ok" : "degraded")),
                (
                    "store",
                    .object(
                        JSONObject([
                            ("ok", .bool(store.ok)), ("schema_version", .int(Int64(store.schemaVersion))),
                            ("outbox_depth", .object(JSONObject(depth))),
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
            status: store.ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWire.serializedString(body))))
    }
}
