import Foundation
import Storage
import TestSupport

func inbound(_ key: String, user: String = "u1", text: String = "Ngày bầu cử?", at: Date = TestClock.start)
    -> InboundRecord
{
    InboundRecord(
        dedupeKey: key, platform: "telegram", userID: user, chatID: "chat-\(user)", text: text, receivedAt: at,
        payload: #"{"update_id":1}"#)
}

func reply(
    _ key: String, lane: OutboxLane = .reply, chat: String = "c1", notBefore: Date? = nil, broadcast: Int64? = nil
)
    -> OutboxItem
{
    OutboxItem(
        lane: lane, platform: "telegram", chatID: chat, payload: #"{"text":"hi"}"#, uniqueKey: key,
        notBefore: notBefore, broadcastID: broadcast)
}
