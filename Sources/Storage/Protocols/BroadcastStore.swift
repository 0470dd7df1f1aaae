/// Admin broadcasts. The caller fans a broadcast out by enqueueing one outbox row per subscriber with
/// `broadcastID` set (lane `.broadcast`, key `broadcast:<id>:<platform>:<userID>`); status is derived from them.
public protocol BroadcastStore: Sendable {
    /// Records a broadcast and returns its id.
    func createBroadcast(audience: BroadcastAudience, text: String, createdBy: String) async throws -> Int64

    /// Delivery counts per state plus the failed/unreachable deliveries with reasons; `nil` for an unknown id.
    func broadcastStatus(id: Int64) async throws -> BroadcastStatus?
}
