import Channels
import Foundation
import Logging
import Storage

extension InboundPipeline {
    /// Answers `/dangky`, `/toi` or `/huy`; the reply is queued with the rest of the batch, atomically with
    /// marking the message processed. The conversation log keeps the command name only, never the invite code.
    func answerSubscriptionCommand(_ command: SubscriptionCommands.Command, _ m: InboundMessage) async
        -> InboundCompletion
    {
        let text = await commands.answer(
            command, platform: m.platform.rawValue, userID: m.userID, chatID: m.chatID,
            chatIsGroup: m.chatIsGroup,
            knowledge: knowledge.snapshot)
        let payload = ReplyPayload(
            text: text, suggestions: [], replyToMessageID: m.chatIsGroup ? m.messageID : nil,
            callbackQueryID: m.callbackQueryID)
        let item = OutboxItem(
            lane: .reply, platform: m.platform.rawValue, chatID: m.chatID,
            threadID: m.threadID.map(String.init),
            payload: payload.encoded(), uniqueKey: "reply:" + m.dedupeKey)
        // After `/xoa` nothing of this user goes back into the log.
        let entry: ConversationEntry? =
            command == .forget
            ? nil
            : ConversationEntry(
                platform: m.platform.rawValue, userID: m.userID, chatID: m.chatID, dedupeKey: m.dedupeKey,
                question: "/" + command.name, intent: "command." + command.name, confidence: 1,
                isFallback: false,
                reply: text, at: now())
        metrics.subscriptionCommand(command.name)
        return InboundCompletion(dedupeKey: m.dedupeKey, conversation: entry, replies: [item])
    }
}
