import Foundation

/// A single-purpose code an admin hands to officials so they can subscribe to reminders and broadcasts.
public struct Invite: Sendable, Hashable {
    /// 8 characters from an alphabet without 0/O/1/I, so it survives being read aloud or retyped.
    public var code: String
    public var role: String
    public var level: String
    public var expiresAt: Date?
    public var maxUses: Int
    public var uses: Int
    public var createdAt: Date

    public init(
        code: String, role: String, level: String, expiresAt: Date?, maxUses: Int, uses: Int, createdAt: Date
    ) {
        self.code = code
        self.role = role
        self.level = level
        self.expiresAt = expiresAt
        self.maxUses = maxUses
        self.uses = uses
        self.createdAt = createdAt
    }
}

/// An official who receives reminders and broadcasts for their role and administrative level.
public struct Subscriber: Sendable, Hashable {
    public var platform: String
    public var userID: String
    public var chatID: String
    public var displayName: String?
    /// e.g. `ubbc` (election committee member), `tobaucu` (polling team); matched against reminder audiences.
    public var role: String
    /// Administrative level, e.g. `province`, `district`, `commune`.
    public var level: String
    public var subscribedAt: Date
    /// The invite that created the subscription; `nil` when an admin added it directly.
    public var inviteCode: String?

    public init(
        platform: String, userID: String, chatID: String, displayName: String? = nil, role: String, level: String,
        subscribedAt: Date, inviteCode: String? = nil
    ) {
        self.platform = platform
        self.userID = userID
        self.chatID = chatID
        self.displayName = displayName
        self.role = role
        self.level = level
        self.subscribedAt = subscribedAt
        self.inviteCode = inviteCode
    }
}
