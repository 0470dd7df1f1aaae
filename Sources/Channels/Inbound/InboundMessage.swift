import Foundation

/// One user message, the same shape whichever platform it came from.
///
/// Ids are strings everywhere: Telegram's are Int64, Messenger's and Zalo's are strings that exceed 2^53.
public struct InboundMessage: Sendable, Equatable {
    /// Where the message came from.
    public var platform: Platform
    /// The platform's own id for this delivery, prefixed per platform (`tg:<update_id>`, `fb:<mid>`,
    /// `zl:<msg_id>`): redeliveries of the same event carry the same key, so the inbox records it once.
    public var dedupeKey: String
    /// Who wrote: Telegram user id, Messenger PSID, Zalo user id (scoped to the OA).
    public var userID: String
    /// Where to answer: the Telegram chat id (negative for groups); equal to ``userID`` on Messenger and Zalo.
    public var chatID: String
    /// Whether the chat is a Telegram group or supergroup: there the bot answers only when addressed.
    public var chatIsGroup: Bool
    /// The Telegram forum topic to answer in; `nil` outside topics.
    public var threadID: Int64?
    /// The platform's id of the user's message, for quoting it in the reply; `nil` for button presses.
    public var messageID: String?
    /// What the user wrote, or the payload of the button or quick reply they pressed (which the bot put
    /// there). Telegram commands lose their `@botname` suffix and mentions of the bot are removed. Cleaned by
    /// ``InboundText/clean(_:)``: no NUL or other control characters, no pile of combining marks, at most
    /// ``InboundText/maxScalars`` scalars.
    public var text: String
    /// Whether the user's text was longer than ``InboundText/maxScalars`` and only its start is answered.
    public var textWasTruncated: Bool
    /// Whether the message starts with a Telegram bot command such as `/start`.
    public var isCommand: Bool
    /// The Telegram callback query to acknowledge with ``TelegramAPI/answerCallbackQuery(id:text:)``,
    /// always, even when no reply follows.
    public var callbackQueryID: String?
    /// Whether the message replies to one of the bot's messages (or presses a button on one).
    public var replyToBot: Bool
    /// Whether the message mentions the bot (`@username` or a text mention).
    public var mentionsBot: Bool
    /// Whether the bot can answer in a chat. `false` for a button pressed on a Telegram inline-mode message,
    /// which comes with no chat: the press is only acknowledged (``callbackQueryID``), with a short text.
    public var hasChat: Bool
    /// When the platform says the message was sent; for Telegram callback queries, which carry no time,
    /// when the webhook was parsed.
    public var receivedAt: Date

    public init(
        platform: Platform, dedupeKey: String, userID: String, chatID: String, chatIsGroup: Bool = false,
        threadID: Int64? = nil, messageID: String? = nil, text: String, isCommand: Bool = false,
        callbackQueryID: String? = nil, replyToBot: Bool = false, mentionsBot: Bool = false, hasChat: Bool = true,
        receivedAt: Date
    ) {
        self.platform = platform
        self.dedupeKey = dedupeKey
        self.userID = userID
        self.chatID = chatID
        self.chatIsGroup = chatIsGroup
        self.threadID = threadID
        self.messageID = messageID
        let cleaned = InboundText.clean(text)
        self.text = cleaned.text
        self.textWasTruncated = cleaned.truncated
        self.isCommand = isCommand
        self.callbackQueryID = callbackQueryID
        self.replyToBot = replyToBot
        self.mentionsBot = mentionsBot
        self.hasChat = hasChat
        self.receivedAt = receivedAt
    }

    /// Whether the bot should answer: always in one-to-one chats; in groups only for commands, mentions,
    /// replies to the bot and button presses.
    public var isAddressedToBot: Bool {
        !chatIsGroup || isCommand || mentionsBot || replyToBot || callbackQueryID != nil
    }

    /// The command name without `/` (`"start"` for `/start@my_bot arg`), or `nil` when not a command.
    public var command: String? {
        guard isCommand, text.hasPrefix("/") else { return nil }
        let name = text.dropFirst().prefix { !$0.isWhitespace }
        return name.isEmpty ? nil : String(name)
    }
}

/// What one webhook body means to the bot. A body can carry several (Messenger batches events).
public enum InboundEvent: Sendable, Equatable {
    /// A message to answer.
    case message(InboundMessage)
    /// The user blocked the bot, or the bot was removed from a group: stop sending to `chatID`.
    case userBlocked(platform: Platform, userID: String, chatID: String, reason: String)
    /// Nothing to answer (echoes, receipts, edits, stickers…); `reason` is for debug logs.
    case ignored(reason: String)
}
