import Channels
import Foundation
import Storage

/// Messenger's 24-hour standard messaging window: a page may write to a user proactively only within 24 hours
/// of the user's last message; after that only with a message tag, and never promotional content.
enum MessengerWindow {
    static let length: TimeInterval = 24 * 3600
    static let outsideReason = "outside Messenger 24h window (no MESSENGER_MESSAGE_TAG configured)"
}

extension DeliveryService {
    /// How a broadcast or reminder goes to this Messenger user: `.update` inside the window, the configured tag
    /// outside it, `nil` when it may not be sent at all.
    func messengerProactiveType(chatID: String, now: Date = Date()) async -> MessengerAPI
        .MessagingType?
    {
        let last = try? await store.user(platform: Platform.messenger.rawValue, userID: chatID)?
            .lastInboundAt
        if let last, now.timeIntervalSince(last) < MessengerWindow.length { return .update }
        return config.delivery.messengerMessageTag.map { .messageTag($0) }
    }
}
