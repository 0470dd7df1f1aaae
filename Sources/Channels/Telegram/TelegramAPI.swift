import JSONWire

/// Renders Telegram Bot API requests. The token goes into paths only; request descriptions redact it.
public struct TelegramAPI: Sendable {
    /// The most visible text one message may hold, in UTF-16 code units.
    public static let textLimit = 4096

    private let token: String

    public init(token: String) {
        self.token = token
    }

    /// One `sendMessage` per chunk of `reply.text`, in order.
    ///
    /// The text is split first (``TextSplitter``), then each chunk is HTML-escaped (``TelegramHTML``) and
    /// sent with `parse_mode` HTML and link previews off. `threadID` is echoed on every chunk; the quoted
    /// message goes on the first chunk, the suggestion buttons (one per row) on the last. Blank text renders
    /// nothing: Telegram refuses empty messages.
    public func sendMessage(chatID: String, threadID: Int64?, reply: OutgoingReply) -> [PlatformRequest] {
        let chunks = TextSplitter.split(reply.text, limit: Self.textLimit)
        return chunks.enumerated().map { index, chunk in
            var body: JSONObject = ["chat_id": Self.chatIDValue(chatID)]
            if let threadID { body["message_thread_id"] = .int(threadID) }
            body["text"] = .string(TelegramHTML.escape(chunk))
            body["parse_mode"] = "HTML"
            body["link_preview_options"] = ["is_disabled": true]
            if index == 0, let quoted = reply.replyToMessageID.flatMap({ Int64($0) }) {
                body["reply_parameters"] = ["message_id": .int(quoted), "allow_sending_without_reply": true]
            }
            if index == chunks.count - 1, !reply.suggestions.isEmpty {
                body["reply_markup"] = ["inline_keyboard": Self.keyboard(reply.suggestions)]
            }
            return request("sendMessage", body: .object(body))
        }
    }

    /// Stops the button's progress indicator; `text` (at most 200 characters) shows as a toast.
    public func answerCallbackQuery(id: String, text: String? = nil) -> PlatformRequest {
        var body: JSONObject = ["callback_query_id": .string(id)]
        if let text { body["text"] = .string(String(text.prefix(200))) }
        return request("answerCallbackQuery", body: .object(body))
    }

    /// The bot's own identity; parse the reply with ``parseGetMe(_:)``.
    public func getMe() -> PlatformRequest {
        PlatformRequest(
            endpoint: .telegramBotAPI, method: "GET", path: "/bot\(token)/getMe", redactedPath: "/bot<redacted>/getMe",
            headers: [], body: [], label: "telegram.getMe")
    }

    /// Registers the webhook URL with the secret token Telegram will repeat in every request.
    public func setWebhook(
        url: String, secretToken: String,
        allowedUpdates: [String] = ["message", "callback_query", "my_chat_member"],
        maxConnections: Int? = nil, dropPendingUpdates: Bool = false
    ) -> PlatformRequest {
        var body: JSONObject = [
            "url": .string(url), "secret_token": .string(secretToken),
            "allowed_updates": .array(allowedUpdates.map(JSONValue.string)),
        ]
        if let maxConnections { body["max_connections"] = .int(Int64(maxConnections)) }
        if dropPendingUpdates { body["drop_pending_updates"] = true }
        return request("setWebhook", body: .object(body))
    }

    private func request(_ method: String, body: JSONValue) -> PlatformRequest {
        PlatformRequest(
            endpoint: .telegramBotAPI, path: "/bot\(token)/\(method)", redactedPath: "/bot<redacted>/\(method)",
            headers: [("Content-Type", "application/json")], body: JSONWire.serialize(body),
            label: "telegram.\(method)")
    }

    /// Numeric chat ids go out as JSON integers, `@channel` names as strings.
    private static func chatIDValue(_ chatID: String) -> JSONValue {
        Int64(chatID).map(JSONValue.int) ?? .string(chatID)
    }

    private static func keyboard(_ suggestions: [QuickReply]) -> JSONValue {
        .array(
            suggestions.prefix(100).map { suggestion in
                let payload = suggestion.payload.isEmpty ? suggestion.title : suggestion.payload
                return [
                    [
                        "text": .string(suggestion.title),
                        "callback_data": .string(TelegramCallbackData.encode(payload)),
                    ]
                ]
            })
    }
}

/// Who the bot is, from `getMe`: what ``TelegramWebhook/parse(_:botUsername:botID:now:limits:)`` needs.
public struct TelegramBotIdentity: Sendable, Equatable {
    public var id: Int64
    public var username: String

    public init(id: Int64, username: String) {
        self.id = id
        self.username = username
    }
}

extension TelegramAPI {
    /// Reads the `getMe` reply.
    public static func parseGetMe(_ body: [UInt8]) throws(ChannelError) -> TelegramBotIdentity {
        let reply = try JSONWire.parse(body, platform: .telegram, limits: JSONLimits())
        guard reply["ok"]?.bool == true, let id = reply["result"]?["id"]?.int64,
            let username = reply["result"]?["username"]?.nonEmptyString
        else {
            throw .unexpectedPayload(.telegram, reason: "getMe reply without ok, id and username")
        }
        return TelegramBotIdentity(id: id, username: username)
    }

    /// Classifies the reply to any Bot API call (HTTP status == `error_code`).
    ///
    /// 2xx with `ok` → delivered (with `result.message_id` when there is one); 429 → wait
    /// `parameters.retry_after` with the whole bot paused; `migrate_to_chat_id` → chat migrated; 5xx →
    /// retry; 403 → unreachable (blocked, deactivated…); anything else → failed.
    public static func classify(status: Int, body: [UInt8]) -> SendOutcome {
        let reply = try? JSONWire.parse(body, limits: JSONLimits())
        let description = reply?["description"]?.string.map(SendOutcome.reason) ?? "HTTP \(status)"
        if (200..<300).contains(status) {
            guard reply?["ok"]?.bool == true else { return .failed(reason: description) }
            return .delivered(messageID: reply?["result"]?["message_id"]?.idString)
        }
        let parameters = reply?["parameters"]
        if status == 429 {
            let seconds = parameters?["retry_after"]?.int64.map { Int(clamping: $0) } ?? 1
            return .retryAfter(seconds: max(1, seconds), wholeBot: true)
        }
        if let newChatID = parameters?["migrate_to_chat_id"]?.idString {
            return .chatMigrated(newChatID: newChatID)
        }
        switch status {
        case 500...: return .retry(reason: description)
        case 403: return .unreachable(reason: description)
        case 401, 404: return .failed(reason: "bot token rejected: \(description)")
        default: return .failed(reason: description)
        }
    }
}
