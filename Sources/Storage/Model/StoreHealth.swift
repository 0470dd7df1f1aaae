/// What `/health` and `electionbot check` report about the store.
public struct StoreHealth: Sendable, Hashable {
    /// True when the database answered a query and its schema is complete.
    public var ok: Bool
    /// Number of applied migrations.
    public var schemaVersion: Int
    /// Queued plus in-flight rows per lane (every lane present).
    public var outboxDepth: [OutboxLane: Int]
    /// Why `ok` is false (no secrets, no SQL arguments).
    public var problem: String?

    public init(ok: Bool, schemaVersion: Int, outboxDepth: [OutboxLane: Int], problem: String? = nil) {
        self.ok = ok
        self.schemaVersion = schemaVersion
        self.outboxDepth = outboxDepth
        self.problem = problem
    }
}
