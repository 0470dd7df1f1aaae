import Foundation
import JSONWire

/// Inbound Telegram updates: verification of the secret-token header, and parsing into events.
public enum TelegramWebhook {
    /// The header in which Telegram repeats the `secret_token` given to `setWebhook`.
    public static let secretTokenHeader = "X-Telegram-Bot-Api-Secret-Token"

    /// Checks the secret-token header among `headers` (names matched case-insensitively).
    public static func verify(headers: [String: String], secretToken: String) throws(WebhookAuthError) {
        try verify(secretTokenHeader: WebhookSupport.header(secretTokenHeader, in: headers), secretToken: secretToken)
    }

    /// Checks the value of the secret-token header against the configured token, in constant time.
    public static func verify(secretTokenHeader: String?, secretToken: String) throws(WebhookAuthError) {
        guard let secretTokenHeader, !secretTokenHeader.isEmpty else {
            throw .missing(
                .telegram, what: "\(secretTokenHeader == nil ? "" : "empty ")\(Self.secretTokenHeader) header")
        }
        guard !secretToken.isEmpty, WebhookSupport.constantTimeEqualsHashed(secretTokenHeader, secretToken) else {
            throw .mismatch(.telegram)
        }
    }

    /// Parses one `Update` into zero or one event.
    ///
    /// - Parameters:
    ///   - botUsername: the bot's username without `@` (from `getMe`), to recognise mentions and
    ///     `/command@bot`; `nil` treats every command as the bot's.
    ///   - botID: the bot's user id, to recognise replies to the bot and text mentions.
    ///   - now: the time given to callback queries, which carry none.
    /// - Throws: ``ChannelError`` when the body is not JSON or has no `update_id`.
    public static func parse(
        _ body: [UInt8], botUsername: String?, botID: Int64?, now: Date = Date(), limits: JSONLimits = JSONLimits()
    ) throws(ChannelError) -> [InboundEvent] {
        let update = try JSONWire.parse(body, platform: .telegram, limits: limits)
        guard let updateID = update["update_id"]?.int64 else {
            throw .unexpectedPayload(.telegram, reason: "no update_id")
        }
        let bot = TelegramBot(username: botUsername, id: botID)
        let dedupeKey = "tg:\(updateID)"
        if let message = update["message"] {
            return [TelegramMessageParser.event(message: message, dedupeKey: dedupeKey, bot: bot)]
        }
        if let query = update["callback_query"] {
            return [callbackEvent(query, dedupeKey: dedupeKey, now: now)]
        }
        if let change = update["my_chat_member"] {
            return [memberEvent(change)]
        }
        for kind in ["edited_message", "channel_post", "edited_channel_post", "business_message"]
        where update[kind] != nil {
            return [.ignored(reason: kind.replacingOccurrences(of: "_", with: " "))]
        }
        let kind = update.object?.keys.first { $0 != "update_id" } ?? "empty"
        return [.ignored(reason: "unsupported update \(kind)")]
    }

    /// A button press: the button's payload becomes the text.
    private static func callbackEvent(_ query: JSONValue, dedupeKey: String, now: Date) -> InboundEvent {
        guard let queryID = query["id"]?.idString, let userID = query["from"]?["id"]?.idString else {
            return .ignored(reason: "callback query without id or sender")
        }
        let message = query["message"]
        let chat = message?["chat"]
        let data = query["data"]?.string ?? ""
        // A button on a message sent in inline mode: no `message`, only `inline_message_id`. There is no chat
        // the bot may write to (the user may never have opened one with it): acknowledge the press only.
        let hasChat = chat?["id"]?.idString != nil
        return .message(
            InboundMessage(
                platform: .telegram, dedupeKey: dedupeKey, userID: userID,
                chatID: chat?["id"]?.idString ?? userID,
                chatIsGroup: TelegramMessageParser.isGroup(chat),
                threadID: TelegramMessageParser.threadID(of: message),
                messageID: nil,
                text: TelegramCallbackData.isHashKey(data)
                    ? buttonTitle(for: data, in: message) ?? data : data,
                callbackQueryID: queryID, replyToBot: true, hasChat: hasChat, receivedAt: now))
    }

    /// The title of the button whose callback data is `data`, from the message that carried it.
    private static func buttonTitle(for data: String, in message: JSONValue?) -> String? {
        for row in message?["reply_markup"]?["inline_keyboard"]?.array ?? [] {
            for button in row.array ?? [] where button["callback_data"]?.string == data {
                return button["text"]?.nonEmptyString
            }
        }
        return nil
    }

    /// The bot's membership changed: `kicked` in a private chat means the user blocked the bot.
    private static func memberEvent(_ change: JSONValue) -> InboundEvent {
        let status = change["new_chat_member"]?["status"]?.string ?? ""
        guard let chatID = change["chat"]?["id"]?.idString else {
            return .ignored(reason: "my_chat_member without chat")
        }
        let userID = change["from"]?["id"]?.idString ?? chatID
        let isGroup = TelegramMessageParser.isGroup(change["chat"])
        switch status {
        case "kicked":
            return .userBlocked(
                platform: .telegram, userID: userID, chatID: chatID,
                reason: isGroup ? "bot was removed from the group" : "bot was blocked by the user")
        case "left":
            return .userBlocked(platform: .telegram, userID: userID, chatID: chatID, reason: "bot left the chat")
        default:
            return .ignored(reason: "bot membership is now \(status.isEmpty ? "unknown" : status)")
        }
    }
}

/// What the parser knows about the bot itself.
struct TelegramBot {
    var username: String?
    var id: Int64?

    /// Whether `name` (without `@`) is the bot's username; Telegram usernames are case-insensitive.
    func isNamed(_ name: some StringProtocol) -> Bool {
        guard let username, !username.isEmpty else { return false }
        return name.lowercased() == username.lowercased()
    }
}
