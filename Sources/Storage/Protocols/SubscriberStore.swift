import Foundation

/// Officials subscribed to reminders and broadcasts, and the invite codes that let them subscribe.
public protocol SubscriberStore: Sendable {
    /// Creates an invite and returns its code: 8 random characters without 0/O/1/I.
    /// `maxUses` must be at least 1; `expiresAt == nil` means it never expires.
    func createInvite(role: String, level: String, expiresAt: Date?, maxUses: Int) async throws -> String

    /// Subscribes the user with the invite's role and level, consuming one use, atomically.
    ///
    /// The code is matched case-insensitively, ignoring spaces and dashes. Redeeming again the code that
    /// created the current subscription changes nothing and consumes nothing.
    /// - Throws: ``InviteError/unknownCode``, ``InviteError/expired(at:)``, ``InviteError/usedUp(maxUses:)``.
    @discardableResult
    func redeemInvite(code: String, platform: String, userID: String, chatID: String, displayName: String?)
        async throws -> Subscriber

    func subscription(platform: String, userID: String) async throws -> Subscriber?

    /// Adds or replaces a subscriber directly (admin, no invite).
    func addSubscriber(_ subscriber: Subscriber) async throws

    /// Removes the subscription; returns `false` if there was none.
    @discardableResult
    func removeSubscriber(platform: String, userID: String) async throws -> Bool

    /// Subscribers matching the filters (`nil` matches any), in subscription order.
    func listSubscribers(role: String?, level: String?) async throws -> [Subscriber]
}

extension SubscriberStore {
    /// The citizen-facing name of ``removeSubscriber(platform:userID:)`` (the official sends "stop").
    @discardableResult
    public func unsubscribe(platform: String, userID: String) async throws -> Bool {
        try await removeSubscriber(platform: platform, userID: userID)
    }

    /// Every subscriber.
    public func listSubscribers() async throws -> [Subscriber] {
        try await listSubscribers(role: nil, level: nil)
    }
}
