/// What a platform's reply to a send means for the delivery worker. Network errors (no HTTP reply at all)
/// are the caller's to classify.
public enum SendOutcome: Sendable, Equatable {
    /// Accepted; the platform's id of the sent message when it gave one.
    case delivered(messageID: String?)
    /// Flood control: wait `seconds` before the next attempt; `wholeBot` pauses every send of this bot,
    /// not only this chat (Telegram's 429 applies to the bot).
    case retryAfter(seconds: Int, wholeBot: Bool)
    /// A temporary failure (5xx, platform hiccup, rate limit without a wait time): retry with backoff.
    case retry(reason: String)
    /// The access token expired or was revoked (Zalo): refresh it, then send again once.
    case refreshToken
    /// The Telegram group became a supergroup: store `newChatID` for this chat and send there.
    case chatMigrated(newChatID: String)
    /// The user cannot be reached (blocked the bot, outside the platform's window, deactivated): stop
    /// sending to this chat; `reason` is the platform's explanation.
    case unreachable(reason: String)
    /// A permanent failure of this request (bad request, bad token, policy): do not retry it unchanged.
    case failed(reason: String)
}

extension SendOutcome {
    /// A platform-provided explanation cut to a log-friendly length.
    static func reason(_ text: String) -> String {
        text.count <= 200 ? text : String(text.prefix(200)) + "…"
    }
}
