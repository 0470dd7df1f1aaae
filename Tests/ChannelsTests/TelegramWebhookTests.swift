import Foundation
import JSONWire
import Testing

@testable import Channels

@Suite struct TelegramWebhookTests {
    let botID: Int64 = 123_456_789

    func parse(_ text: String, username: String? = "my_bot") throws -> [InboundEvent] {
        try TelegramWebhook.parse(text.bytes, botUsername: username, botID: botID, now: Date(timeIntervalSince1970: 5))
    }

    func message(_ text: String, username: String? = "my_bot") throws -> InboundMessage? {
        guard case .message(let message)? = try parse(text, username: username).first else { return nil }
        return message
    }

    // MARK: Verification

    @Test func secretTokenHeaderIsCheckedCaseInsensitively() throws {
        try TelegramWebhook.verify(
            headers: ["x-telegram-bot-api-secret-token": "s3cr3t_-Token"], secretToken: "s3cr3t_-Token")
        try TelegramWebhook.verify(secretTokenHeader: "abc", secretToken: "abc")
    }

    @Test func wrongOrMissingSecretTokenIsRejected() {
        #expect(throws: WebhookAuthError.mismatch(.telegram)) {
            try TelegramWebhook.verify(secretTokenHeader: "abd", secretToken: "abc")
        }
        #expect(throws: WebhookAuthError.mismatch(.telegram)) {
            try TelegramWebhook.verify(secretTokenHeader: "abc", secretToken: "abcd")
        }
        #expect(throws: WebhookAuthError.mismatch(.telegram)) {
            try TelegramWebhook.verify(secretTokenHeader: "abc", secretToken: "")
        }
        let missing = #expect(throws: WebhookAuthError.self) {
            try TelegramWebhook.verify(headers: ["Content-Type": "application/json"], secretToken: "abc")
        }
        #expect(missing == .missing(.telegram, what: "X-Telegram-Bot-Api-Secret-Token header"))
    }

    @Test func authErrorDescriptionsHoldNoSecret() {
        let secret = "super-secret-value"
        do {
            try TelegramWebhook.verify(secretTokenHeader: secret + "x", secretToken: secret)
            Issue.record("accepted a wrong token")
        } catch {
            #expect(!error.description.contains(secret))
            #expect(!String(reflecting: error).contains(secret))
        }
    }

    // MARK: Parsing

    @Test func documentedSampleUpdateParses() throws {
        let events = try parse(Fixtures.telegramStart)
        #expect(
            events == [
                .message(
                    InboundMessage(
                        platform: .telegram, dedupeKey: "tg:10000", userID: "1111111", chatID: "1111111",
                        chatIsGroup: false, threadID: nil, messageID: "1365", text: "/start", isCommand: true,
                        receivedAt: Date(timeIntervalSince1970: 1_441_645_532)))
            ])
        guard case .message(let message) = events[0] else { return }
        #expect(message.command == "start")
        #expect(message.isAddressedToBot)
    }

    @Test func anonymousGroupAdminIsAPersonSpeakingForTheGroup() throws {
        let group = #"{"id":-1001234,"title":"Tổ bầu cử","type":"supergroup"}"#
        let update =
            #"{"update_id":7,"message":{"message_id":9,"from":{"id":1087968824,"is_bot":true,"first_name":"Group","username":"GroupAnonymousBot"},"sender_chat":\#(group),"chat":\#(group),"date":1,"text":"@my_bot giờ bầu cử?","entities":[{"offset":0,"length":7,"type":"mention"}]}}"#
        let message = try #require(try message(update))
        #expect(message.userID == "-1001234" && message.chatID == "-1001234")
        #expect(message.chatIsGroup && message.isAddressedToBot)
        #expect(message.text == "giờ bầu cử?")
        // A bot posting for another chat (a linked channel) is still a bot.
        let channel = update.replacingOccurrences(
            of: #""sender_chat":\#(group)"#, with: #""sender_chat":{"id":-100777,"type":"channel"}"#)
        #expect(try parse(channel) == [.ignored(reason: "message from a bot")])
    }

    @Test func inlineModeButtonHasNoChatToWriteTo() throws {
        let update =
            #"{"update_id":8,"callback_query":{"id":"7788","from":{"id":5555,"is_bot":false,"first_name":"An"},"inline_message_id":"AAQ","chat_instance":"-42","data":"giờ bầu cử"}}"#
        let message = try #require(try message(update))
        #expect(!message.hasChat)
        #expect(message.callbackQueryID == "7788" && message.text == "giờ bầu cử")
        #expect(try #require(try self.message(Fixtures.telegramCallback)).hasChat)
    }

    @Test func callbackQueryCarriesItsDataAndID() throws {
        let message = try #require(try message(Fixtures.telegramCallback))
        #expect(message.dedupeKey == "tg:10001")
        #expect(message.text == "ans:yes")
        #expect(message.callbackQueryID == "4382bfdwdsb323b2d9")
        #expect(message.userID == "1111111")
        #expect(message.chatID == "1111111")
        #expect(message.messageID == nil)
        #expect(message.replyToBot)
        #expect(message.receivedAt == Date(timeIntervalSince1970: 5))
    }

    @Test func hashedCallbackDataBecomesTheButtonTitle() throws {
        let payload = String(repeating: "Tôi cần mang giấy tờ gì khi đi bầu cử? ", count: 3)
        let key = TelegramCallbackData.encode(payload)
        let update = Fixtures.telegramCallback.replacingOccurrences(of: "ans:yes", with: key)
            .replacingOccurrences(of: #""text":"Yes""#, with: #""text":"Giấy tờ cần mang""#)
        let message = try #require(try message(update))
        #expect(message.text == "Giấy tờ cần mang")
        #expect(TelegramCallbackData.resolve(key, among: ["other", payload]) == payload)
    }

    @Test func kickedMeansTheUserBlockedTheBot() throws {
        #expect(
            try parse(Fixtures.telegramKicked) == [
                .userBlocked(
                    platform: .telegram, userID: "1111111", chatID: "1111111", reason: "bot was blocked by the user")
            ])
        let unblocked = Fixtures.telegramKicked.replacingOccurrences(
            of: #""status":"kicked""#, with: #""status":"member""#)
        #expect(try parse(unblocked) == [.ignored(reason: "bot membership is now member")])
    }

    @Test func groupMentionIsRecognisedAndRemoved() throws {
        let message = try #require(
            try message(
                Fixtures.telegramGroup(
                    text: "@My_Bot ngày bầu cử là khi nào?", entities: #"[{"offset":0,"length":7,"type":"mention"}]"#)))
        #expect(message.chatIsGroup)
        #expect(message.mentionsBot)
        #expect(!message.isCommand)
        #expect(message.text == "ngày bầu cử là khi nào?")
        #expect(message.chatID == "-1001234567890")
        #expect(message.userID == "2222222")
        #expect(message.isAddressedToBot)
    }

    @Test func mentionOffsetsCountUTF16() throws {
        // "🗳️ " is 4 UTF-16 units: the mention starts at offset 4.
        let message = try #require(
            try message(
                Fixtures.telegramGroup(
                    text: "🗳️ @my_bot hỏi", entities: #"[{"offset":4,"length":7,"type":"mention"}]"#)))
        #expect(message.mentionsBot)
        #expect(message.text == "🗳️ hỏi")
    }

    @Test func groupMessageNotAddressedToTheBot() throws {
        let message = try #require(
            try message(
                Fixtures.telegramGroup(
                    text: "@someone_else chào", entities: #"[{"offset":0,"length":13,"type":"mention"}]"#)))
        #expect(!message.mentionsBot)
        #expect(!message.replyToBot)
        #expect(!message.isAddressedToBot)
        #expect(message.text == "@someone_else chào")
    }

    @Test func groupCommandForThisBotLosesTheSuffix() throws {
        let message = try #require(
            try message(
                Fixtures.telegramGroup(
                    text: "/hoi@my_bot ngày bầu cử", entities: #"[{"offset":0,"length":11,"type":"bot_command"}]"#)))
        #expect(message.isCommand)
        #expect(message.text == "/hoi ngày bầu cử")
        #expect(message.command == "hoi")
    }

    @Test func groupCommandForAnotherBotIsIgnored() throws {
        let events = try parse(
            Fixtures.telegramGroup(
                text: "/start@other_bot", entities: #"[{"offset":0,"length":16,"type":"bot_command"}]"#))
        #expect(events == [.ignored(reason: "command for another bot")])
    }

    @Test func replyToTheBotIsRecognised() throws {
        let reply =
            #","reply_to_message":{"message_id":70,"date":1699999999,"from":{"id":123456789,"is_bot":true,"first_name":"MyBot","username":"my_bot"},"chat":{"id":-1001234567890,"type":"supergroup"},"text":"Ngày bầu cử là…"}"#
        let message = try #require(try message(Fixtures.telegramGroup(text: "còn giờ mở cửa?", extra: reply)))
        #expect(message.replyToBot)
        #expect(!message.mentionsBot)
        #expect(message.isAddressedToBot)
    }

    @Test func textMentionOfTheBotCounts() throws {
        let entities =
            #"[{"offset":0,"length":3,"type":"text_mention","user":{"id":123456789,"is_bot":true,"first_name":"Bot"}}]"#
        let message = try #require(try message(Fixtures.telegramGroup(text: "Bot ơi", entities: entities)))
        #expect(message.mentionsBot)
    }

    @Test func mentionWithoutEntitiesIsFoundInTheText() throws {
        let mentioned = try #require(try message(Fixtures.telegramGroup(text: "hỏi @my_bot: ngày bầu cử")))
        #expect(mentioned.mentionsBot)
        let other = try #require(try message(Fixtures.telegramGroup(text: "hỏi @my_bot_fan nhé")))
        #expect(!other.mentionsBot)
    }

    @Test func forumTopicThreadIsEchoed() throws {
        let topic = #","message_thread_id":42,"is_topic_message":true"#
        #expect(try message(Fixtures.telegramGroup(text: "hi @my_bot", extra: topic))?.threadID == 42)
        let replyThread = #","message_thread_id":42"#
        #expect(try message(Fixtures.telegramGroup(text: "hi @my_bot", extra: replyThread))?.threadID == nil)
    }

    @Test func captionCountsAsText() throws {
        let update =
            #"{"update_id":5,"message":{"message_id":9,"date":1,"from":{"id":7,"is_bot":false,"first_name":"A"},"chat":{"id":7,"type":"private"},"photo":[{"file_id":"x","file_unique_id":"y","width":1,"height":1}],"caption":"Đây là thẻ cử tri?"}}"#
        #expect(try message(update)?.text == "Đây là thẻ cử tri?")
    }

    @Test(arguments: [
        (
            #"{"update_id":6,"edited_message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":"x"}}"#,
            "edited message"
        ),
        (
            #"{"update_id":7,"channel_post":{"message_id":1,"date":1,"chat":{"id":-100,"type":"channel"},"text":"x"}}"#,
            "channel post"
        ),
        (
            #"{"update_id":8,"message":{"message_id":1,"date":1,"from":{"id":7,"is_bot":false,"first_name":"A"},"chat":{"id":7,"type":"private"},"sticker":{"file_id":"s"}}}"#,
            "message without text"
        ),
        (
            #"{"update_id":9,"message":{"message_id":1,"date":1,"from":{"id":7,"is_bot":false,"first_name":"A"},"chat":{"id":7,"type":"private"},"photo":[]}}"#,
            "message without text"
        ),
        (#"{"update_id":10,"poll":{"id":"p"}}"#, "unsupported update poll"),
        (
            #"{"update_id":11,"message":{"message_id":1,"date":1,"from":{"id":8,"is_bot":true,"first_name":"B"},"chat":{"id":7,"type":"group"},"text":"hi"}}"#,
            "message from a bot"
        ),
    ])
    func otherUpdatesAreIgnored(update: String, reason: String) throws {
        #expect(try parse(update) == [.ignored(reason: reason)])
    }

    @Test func bodiesWithoutAnUpdateIDThrow() {
        #expect(throws: ChannelError.unexpectedPayload(.telegram, reason: "no update_id")) {
            try parse(#"{"message":{}}"#)
        }
        #expect(throws: ChannelError.invalidJSON(.telegram, .truncated)) { try parse(#"{"update_id":1"#) }
    }
}
