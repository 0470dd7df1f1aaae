/// Everything the server, the delivery workers, the scheduler and the CLI persist.
///
/// Implementations: ``SQLiteBotStore`` (embedded default). The protocol uses plain `Sendable` values only
/// (string ids, UTC `Date`s, `Int64` row ids) so that a PostgreSQL implementation can follow.
public protocol BotStore: InboxStore, UserStore, OutboxStore, ConversationLogStore, SubscriberStore,
    BroadcastStore, CredentialStore, AdminStore, ConsoleStore, RetentionStore
{
    /// Settles one inbound message in a single transaction: logs the exchange (if any), enqueues its replies
    /// and marks the message processed. A crash before the commit leaves the message pending; after it,
    /// the replies are durable. Returns the ids from ``OutboxStore/enqueue(_:)``.
    @discardableResult
    func completeInbound(dedupeKey: String, conversation: ConversationEntry?, replies: [OutboxItem])
        async throws -> [Int64?]

    /// Settles several inbound messages in one transaction, in order, each as ``completeInbound(dedupeKey:conversation:replies:)``
    /// would. Under load the inbound pipeline answers messages in batches, so one commit serves many. If it
    /// throws, nothing of the batch was written.
    func completeInbound(_ batch: [InboundCompletion]) async throws

    /// Liveness for `/health`: never throws, reports a failure in ``StoreHealth/problem``.
    func health() async -> StoreHealth

    /// Group-commit counters for `/metrics`; `nil` for a store without a group-commit writer.
    var groupCommitStatistics: WriteStatistics? { get }

    /// Commits what is queued and closes the store; later calls fail with ``StorageError/closed``.
    func close() async throws
}

/// What settling one inbound message writes: the exchange to log (if any) and the replies to send.
public struct InboundCompletion: Sendable, Hashable {
    public var dedupeKey: String
    public var conversation: ConversationEntry?
    public var replies: [OutboxItem]

    public init(dedupeKey: String, conversation: ConversationEntry?, replies: [OutboxItem]) {
        self.dedupeKey = dedupeKey
        self.conversation = conversation
        self.replies = replies
    }
}
