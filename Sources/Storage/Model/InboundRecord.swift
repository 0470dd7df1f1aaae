import Foundation

/// One inbound message as the webhook recorded it, before any answer.
///
/// The store keeps it so that a redelivery of the same update is dropped (``dedupeKey``) and so that a
/// message acknowledged with 200 but not answered before a crash is answered after the restart.
public struct InboundRecord: Sendable, Hashable {
    /// Platform-scoped idempotency key, e.g. `telegram:<update_id>`; unique for ever.
    public var dedupeKey: String
    /// Platform name (`telegram`, `messenger`, `zalo`).
    public var platform: String
    /// The sender's id on that platform.
    public var userID: String
    /// Where the answer goes.
    public var chatID: String
    /// Topic or thread inside the chat, when the platform has them.
    public var threadID: String?
    /// What the citizen typed.
    public var text: String
    /// When the webhook received it (UTC).
    public var receivedAt: Date
    /// Opaque data the server needs to answer later (e.g. the parsed message as JSON); never interpreted here.
    public var payload: String

    public init(
        dedupeKey: String, platform: String, userID: String, chatID: String, threadID: String? = nil,
        text: String, receivedAt: Date, payload: String = ""
    ) {
        self.dedupeKey = dedupeKey
        self.platform = platform
        self.userID = userID
        self.chatID = chatID
        self.threadID = threadID
        self.text = text
        self.receivedAt = receivedAt
        self.payload = payload
    }
}
