import Foundation

/// What the bot knows about one user of one platform.
///
/// `lastInboundAt` decides whether a proactive message is still allowed (Messenger's 24 h window,
/// Zalo's 7 days); `unreachableReason` records that the user blocked the bot, so workers stop trying.
public struct UserRecord: Sendable, Hashable {
    public var platform: String
    public var userID: String
    /// Where to write to this user; `nil` if the user was only ever marked unreachable.
    public var chatID: String?
    public var lastInboundAt: Date?
    public var unreachableReason: String?
    public var unreachableAt: Date?

    /// True once a delivery learnt the user can no longer be reached (cleared by their next message).
    public var isUnreachable: Bool { unreachableAt != nil }

    public init(
        platform: String, userID: String, chatID: String?, lastInboundAt: Date?, unreachableReason: String?,
        unreachableAt: Date?
    ) {
        self.platform = platform
        self.userID = userID
        self.chatID = chatID
        self.lastInboundAt = lastInboundAt
        self.unreachableReason = unreachableReason
        self.unreachableAt = unreachableAt
    }
}
