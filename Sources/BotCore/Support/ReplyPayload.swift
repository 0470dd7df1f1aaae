import Channels
import Foundation
import JSONWire

/// What an outbox row carries: the reply in platform-neutral form. It is rendered into the platform's
/// request only when sent, so a rotated access token or a changed limit applies to queued rows too.
struct ReplyPayload: Sendable, Equatable {
    var text: String
    var suggestions: [Channels.QuickReply]
    var replyToMessageID: String?
    /// Telegram: the button press this answers (answerCallbackQuery is always called).
    var callbackQueryID: String?
    /// Telegram: a short text shown on the pressed button's acknowledgement (a toast).
    var callbackText: String? = nil
    /// Telegram: nothing goes to a chat, only the acknowledgement (a button on an inline-mode message has no
    /// chat the bot may write to).
    var acknowledgeOnly = false
    /// Messenger only, decided at send time (never stored): a reply, a proactive update inside the 24-hour
    /// window, or a tagged message outside it.
    var messengerType: MessengerAPI.MessagingType = .response

    var outgoing: OutgoingReply {
        OutgoingReply(text: text, suggestions: suggestions, replyToMessageID: replyToMessageID)
    }

    func encoded() -> String {
        var members: [(String, JSONValue)] = [("text", .string(text))]
        if !suggestions.isEmpty {
            members.append(
                (
                    "suggestions",
                    .array(
                        suggestions.map {
                            .object(JSONObject([("title", .string($0.title)), ("payload", .string($0.payload))]))
                        })
                ))
        }
        if let replyToMessageID { members.append(("reply_to", .string(replyToMessageID))) }
        if let callbackQueryID { members.append(("callback_query_id", .string(callbackQueryID))) }
        if let callbackText { members.append(("callback_text", .string(callbackText))) }
        if acknowledgeOnly { members.append(("acknowledge_only", .bool(true))) }
        return JSONWire.serializedString(.object(JSONObject(members)))
    }

    static func decode(_ text: String) -> ReplyPayload? {
        guard let v = try? JSONWire.parse(text), let body = v["text"]?.string else { return nil }
        let suggestions = (v["suggestions"]?.array ?? []).compactMap { s -> Channels.QuickReply? in
            guard let t = s["title"]?.string, let p = s["payload"]?.string else { return nil }
            return Channels.QuickReply(title: t, payload: p)
        }
        return ReplyPayload(
            text: body, suggestions: suggestions, replyToMessageID: v["reply_to"]?.string,
            callbackQueryID: v["callback_query_id"]?.string, callbackText: v["callback_text"]?.string,
            acknowledgeOnly: v["acknowledge_only"]?.bool ?? false)
    }
}

/// The parts of an inbound message the answering step needs after a restart, kept in the inbox row.
enum InboundPayload {
    static func encode(_ m: InboundMessage) -> String {
        var members: [(String, JSONValue)] = [
            ("group", .bool(m.chatIsGroup)), ("command", .bool(m.isCommand)), ("reply_to_bot", .bool(m.replyToBot)),
            ("mentions_bot", .bool(m.mentionsBot)),
        ]
        if let id = m.messageID { members.append(("message_id", .string(id))) }
        if let id = m.callbackQueryID { members.append(("callback_query_id", .string(id))) }
        if let t = m.threadID { members.append(("thread_id", .int(t))) }
        if !m.hasChat { members.append(("has_chat", .bool(false))) }
        return JSONWire.serializedString(.object(JSONObject(members)))
    }

    static func decode(
        _ payload: String, platform: Platform, dedupeKey: String, userID: String, chatID: String, text: String,
        receivedAt: Date
    ) -> InboundMessage {
        let v = try? JSONWire.parse(payload)
        return InboundMessage(
            platform: platform, dedupeKey: dedupeKey, userID: userID, chatID: chatID,
            chatIsGroup: v?["group"]?.bool ?? false, threadID: v?["thread_id"]?.int64,
            messageID: v?["message_id"]?.string, text: text, isCommand: v?["command"]?.bool ?? false,
            callbackQueryID: v?["callback_query_id"]?.string, replyToBot: v?["reply_to_bot"]?.bool ?? false,
            mentionsBot: v?["mentions_bot"]?.bool ?? false, hasChat: v?["has_chat"]?.bool ?? true,
            receivedAt: receivedAt)
    }
}
