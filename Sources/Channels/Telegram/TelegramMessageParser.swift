import Foundation
import JSONWire

/// Turns a Telegram `Message` into an event: text or caption, commands, mentions, replies, topics.
enum TelegramMessageParser {
    static func event(message: JSONValue, dedupeKey: String, bot: TelegramBot) -> InboundEvent {
        guard let chat = message["chat"], let chatID = chat["id"]?.idString else {
            return .ignored(reason: "message without chat")
        }
        if chat["type"]?.string == "channel" { return .ignored(reason: "channel message") }
        // Anonymous group admins post as GroupAnonymousBot (`from.is_bot`) with `sender_chat` set to the group
        // itself: they are people, answered in the group like anyone who addresses the bot. Other bots are not.
        let anonymousAdmin = senderChatIsGroup(message, chatID: chatID)
        if message["from"]?["is_bot"]?.bool == true, !anonymousAdmin {
            return .ignored(reason: "message from a bot")
        }
        let (rawText, entities) =
            message["text"]?.nonEmptyString.map { ($0, message["entities"]) }
            ?? message["caption"]?.nonEmptyString.map { ($0, message["caption_entities"]) }
            ?? ("", nil)
        guard !rawText.allSatisfy(\.isWhitespace) else {
            return .ignored(reason: "message without text")
        }
        let isGroup = isGroup(chat)
        var addressing = Addressing(text: rawText, bot: bot)
        if let entities = entities?.array {
            addressing.apply(entities: entities)
        } else {
            addressing.applyWithoutEntities()
        }
        if addressing.commandForAnotherBot, isGroup {
            return .ignored(reason: "command for another bot")
        }
        return .message(
            InboundMessage(
                platform: .telegram, dedupeKey: dedupeKey,
                // All anonymous admins share GroupAnonymousBot's id: the group stands for them.
                userID: anonymousAdmin ? chatID : message["from"]?["id"]?.idString ?? chatID,
                chatID: chatID, chatIsGroup: isGroup, threadID: threadID(of: message),
                messageID: message["message_id"]?.idString,
                text: addressing.cleanedText(), isCommand: addressing.isCommand,
                replyToBot: repliesToBot(message, bot: bot), mentionsBot: addressing.mentionsBot,
                receivedAt: Date(timeIntervalSince1970: TimeInterval(message["date"]?.int64 ?? 0))))
    }

    /// Whether the message was posted on behalf of its own group (an anonymous admin).
    static func senderChatIsGroup(_ message: JSONValue, chatID: String) -> Bool {
        message["sender_chat"]?["id"]?.idString == chatID
    }

    static func isGroup(_ chat: JSONValue?) -> Bool {
        let type = chat?["type"]?.string
        return type == "group" || type == "supergroup"
    }

    /// The forum topic to answer in. Only topic messages carry a thread the bot may send to; in other
    /// supergroups `message_thread_id` names a reply thread, which `sendMessage` does not accept.
    static func threadID(of message: JSONValue?) -> Int64? {
        guard message?["is_topic_message"]?.bool == true else { return nil }
        return message?["message_thread_id"]?.int64
    }

    private static func repliesToBot(_ message: JSONValue, bot: TelegramBot) -> Bool {
        guard let author = message["reply_to_message"]?["from"] else { return false }
        if let botID = bot.id { return author["id"]?.int64 == botID }
        return author["username"]?.string.map(bot.isNamed) ?? false
    }
}

/// Finds commands and mentions of the bot in a text, in UTF-16 offsets as Telegram's entities use, and
/// removes the parts that only address the bot (`@my_bot`, the `@my_bot` of `/start@my_bot`).
struct Addressing {
    let text: String
    let units: [UInt16]
    let bot: TelegramBot
    private(set) var isCommand = false
    private(set) var mentionsBot = false
    private(set) var commandForAnotherBot = false
    /// UTF-16 ranges to drop from the text.
    private var removals: [Range<Int>] = []

    init(text: String, bot: TelegramBot) {
        self.text = text
        units = Array(text.utf16)
        self.bot = bot
    }

    mutating func apply(entities: [JSONValue]) {
        for entity in entities {
            guard let offset = entity["offset"]?.int64.map(Int.init),
                let length = entity["length"]?.int64.map(Int.init),
                offset >= 0, length > 0, offset <= units.count - length
            else { continue }
            let range = offset..<(offset + length)
            switch entity["type"]?.string {
            case "bot_command" where offset == 0:
                command(in: range)
            case "mention":
                // "@name": the entity includes the at sign.
                if bot.isNamed(text(in: range).dropFirst()) {
                    mentionsBot = true
                    removals.append(range)
                }
            case "text_mention":
                if let botID = bot.id, entity["user"]?["id"]?.int64 == botID { mentionsBot = true }
            default:
                break
            }
        }
    }

    /// Some clients and forwarded texts come without entities: recognise a leading `/command` and a
    /// standalone `@botname` from the text itself.
    mutating func applyWithoutEntities() {
        if units.first == 0x2F {  // "/"
            let end = units.firstIndex(where: isSeparator) ?? units.count
            if end > 1 { command(in: 0..<end) }
        }
        guard let username = bot.username, !username.isEmpty else { return }
        let needle = Array(("@" + username).lowercased().utf16)
        let lowered = Array(text.lowercased().utf16)
        guard lowered.count == units.count, needle.count <= units.count else { return }
        var start = 0
        while start + needle.count <= units.count {
            let end = start + needle.count
            if lowered[start..<end].elementsEqual(needle),
                start == 0 || isSeparator(units[start - 1]), end == units.count || !isWordUnit(units[end])
            {
                mentionsBot = true
                removals.append(start..<end)
                start = end
            } else {
                start += 1
            }
        }
    }

    /// `/name` or `/name@bot` at the start of the text.
    private mutating func command(in range: Range<Int>) {
        isCommand = true
        guard let at = units[range].firstIndex(of: 0x40) else { return }  // "@"
        let target = text(in: (at + 1)..<range.upperBound)
        if bot.username == nil || bot.isNamed(target) {
            removals.append(at..<range.upperBound)
        } else {
            commandForAnotherBot = true
        }
    }

    private func text(in range: Range<Int>) -> String {
        // Short pieces (a command or a username): decoding them is cheaper than converting offsets.
        String(decoding: units[range], as: UTF16.self)
    }

    private func isSeparator(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x0A || unit == 0x09 || unit == 0x0D || unit == 0xA0
    }

    private func isWordUnit(_ unit: UInt16) -> Bool {
        (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5A) || (unit >= 0x61 && unit <= 0x7A)
            || unit == 0x5F
    }

    /// The text without the removed parts, whitespace tidied where something was removed; the original
    /// text when nothing else remains (a bare `@my_bot`). Slices the original string rather than decoding
    /// UTF-16 again: this runs on every addressed group message.
    func cleanedText() -> String {
        guard !removals.isEmpty else { return text }
        let utf16 = text.utf16
        var cleaned = ""
        cleaned.reserveCapacity(text.utf8.count)
        var cursor = text.startIndex
        func append(_ piece: Substring) {
            let joinsSpaces = cleaned.last?.isWhitespace ?? true
            cleaned += joinsSpaces ? piece.drop { $0 == " " } : piece
        }
        for range in removals.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let lower = utf16.index(utf16.startIndex, offsetBy: range.lowerBound)
            guard lower >= cursor else { continue }
            append(text[cursor..<lower])
            cursor = utf16.index(utf16.startIndex, offsetBy: range.upperBound)
        }
        append(text[cursor...])
        let trimmed = cleaned[...].trimmingWhitespace()
        return trimmed.isEmpty ? text : String(trimmed)
    }
}
