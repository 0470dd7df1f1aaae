import BotCore
import ElectionKnowledge
import Foundation
import Hummingbird
import JSONWire
import NIOCore
import Storage

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct OperationsRoutes: Sendable {
    let deps: BotDependencies
    /// Whose inbox writes decide, beside the store's own check, whether the store is degraded.
    let pipeline: InboundPipeline
    let retention: Retention

    func register(on router: Router<BotRequestContext>) {
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
        let version = deps.knowledge.version
        let lastReload = deps.knowledge.lastReload
        let kept = retention.status
        func days(_ d: Duration?) -> JSONValue { d.map { .int($0.components.seconds / 86_400) } ?? .null }
        let writes = pipeline.writeHealth
        // Degraded while writes fail (a full disk) or acknowledged messages wait for their answer to be written.
        let healthy = store.ok && !writes.failing && writes.unsettled == 0
        var depth: [(String, JSONValue)] = []
        for lane in OutboxLane.allCases { depth.append((lane.rawValue, .int(Int64(store.outboxDepth[lane] ?? 0)))) }
        var reloadJSON = JSONValue.null
        if let r = lastReload {
            reloadJSON = .object(
                JSONObject([
                    ("at", .string(r.at.formatted(.iso8601))), ("trigger", .string(r.trigger)), ("ok", .bool(r.ok)),
                    ("problems", .int(Int64(r.errors.count))),
                ]))
        }
        let policyJSON: JSONValue = .object(
            JSONObject([
                ("conversations", days(kept.policy.conversations)), ("settled_inbox", days(kept.policy.settledInbox)),
                ("finished_outbox", days(kept.policy.finishedOutbox)), ("audit", days(kept.policy.audit)),
            ]))
        let lastRun: JSONValue = kept.lastRunAt.map { .string($0.formatted(.iso8601)) } ?? .null
        let lastError: JSONValue = kept.lastError.map { .string($0) } ?? .null
        let knowledgeJSON: JSONValue = .object(
            JSONObject([
                ("version", .string(kb.version)), ("intents", .int(Int64(kb.intents.count))),
                ("milestones", .int(Int64(kb.milestones.count))), ("files", .int(Int64(version.files))),
                ("loaded_at", .string(version.loadedAt.formatted(.iso8601))),
                ("trigger", .string(version.trigger)),
                ("directory", .string(deps.knowledge.directory)),
                (
                    "last_reload",
                    reloadJSON
                ),
            ]))
        let retentionJSON: JSONValue = .object(
            JSONObject([
                (
                    "policy_days",
                    policyJSON
                ),
                ("last_run_at", lastRun),
                ("last_deleted", .int(Int64(kept.lastDeleted.total))),
                ("total_deleted", .int(Int64(kept.totalDeleted))),
                ("last_error", lastError),
            ]))
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
                ("knowledge", knowledgeJSON),
                ("retention", retentionJSON),
                ("channels", .array(deps.config.enabledChannels.map { .string($0) })),
            ]))
        return Response(
            status: healthy ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWire.serializedString(body))))
    }
}
