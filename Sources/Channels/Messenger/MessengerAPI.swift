import JSONWire

/// Renders Messenger Send API requests. The page token travels in the `access_token` query parameter, as the
/// Send API documents; request descriptions redact it.
public struct MessengerAPI: Sendable {
    /// The most text one message may hold ("2000 characters"), budgeted in UTF-16 code units of NFC text.
    public static let textLimit = 2000
    /// At most 13 quick replies per message.
    public static let maxQuickReplies = 13
    /// A quick reply's title shows at most 20 characters.
    public static let quickReplyTitleLimit = 20
    /// A quick reply's payload holds at most 1000 characters.
    public static let quickReplyPayloadLimit = 1000

    /// Why the page is writing, which decides whether the 24-hour window applies.
    public enum MessagingType: Sendable, Equatable {
        /// A reply to the user's message, inside the 24-hour window.
        case response
        /// A proactive message, inside the 24-hour window.
        case update
        /// Outside the window, with a message tag (e.g. `"CONFIRMED_EVENT_UPDATE"`); never promotional.
        case messageTag(String)
    }

    private let pageToken: String
    private let graphVersion: String

    /// - Parameter graphVersion: the Graph API version in the path, e.g. `"v25.0"`.
    public init(pageToken: String, graphVersion: String = "v25.0") {
        self.pageToken = pageToken
        self.graphVersion = graphVersion
    }

    /// One Send API request per chunk of `reply.text` (NFC, split under ``textLimit``), in order; quick
    /// replies (at most 13, titles cut to 20 characters) ride on the last chunk. Messenger has no quoting,
    /// so `replyToMessageID` is not used. Blank text renders nothing.
    public func send(
        recipientPSID: String, reply: OutgoingReply, messagingType: MessagingType = .response
    ) -> [PlatformRequest] {
        let chunks = TextSplitter.split(reply.text.nfc, limit: Self.textLimit)
        let pathWithoutToken = "/\(graphVersion)/me/messages?access_token="
        return chunks.enumerated().map { index, chunk in
            var message: JSONObject = ["text": .string(chunk)]
            if index == chunks.count - 1, !reply.suggestions.isEmpty {
                message["quick_replies"] = Self.quickReplies(reply.suggestions)
            }
            var body: JSONObject = ["recipient": ["id": .string(recipientPSID)]]
            switch messagingType {
            case .response: body["messaging_type"] = "RESPONSE"
            case .update: body["messaging_type"] = "UPDATE"
            case .messageTag(let tag):
                body["messaging_type"] = "MESSAGE_TAG"
                body["tag"] = .string(tag)
            }
            body["message"] = .object(message)
            return PlatformRequest(
                endpoint: .messengerGraph, path: "\(pathWithoutToken)\(FormEncoding.percentEncode(pageToken))",
                redactedPath: "\(pathWithoutToken)<redacted>", headers: [("Content-Type", "application/json")],
                body: JSONWire.serialize(.object(body)), label: "messenger.send")
        }
    }

    private static func quickReplies(_ suggestions: [QuickReply]) -> JSONValue {
        .array(
            suggestions.prefix(maxQuickReplies).map { suggestion in
                let title = suggestion.title.nfc
                let payload = suggestion.payload.isEmpty ? title : suggestion.payload
                return [
                    "content_type": "text",
                    "title": .string(truncated(title, to: quickReplyTitleLimit)),
                    "payload": .string(truncated(payload, to: quickReplyPayloadLimit)),
                ]
            })
    }

    /// `text` cut on a character boundary so that it fits `limit` UTF-16 units, ending with "…" when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var kept = ""
        var used = 1  // the ellipsis
        for character in text {
            used += character.utf16.count
            if used > limit { break }
            kept.append(character)
        }
        return kept.trimmingWhitespaceAtEnd() + "…"
    }
}

extension String {
    fileprivate func trimmingWhitespaceAtEnd() -> String {
        guard let last = lastIndex(where: { !$0.isBlank }) else { return "" }
        return String(self[...last])
    }
}

extension MessengerAPI {
    /// Classifies a Send API reply by its `error.code` / `error_subcode` (Messenger Platform docs, "Send API error codes").
    ///
    /// 2/4/613/1200 and 5xx → retry; 551 (person unavailable) and 100/2018001 (no matching user) →
    /// unreachable; 10/2018278 → failed "outside 24h window" (needs a tag); 190 → failed (page token);
    /// other errors → failed.
    public static func classify(status: Int, body: [UInt8]) -> SendOutcome {
        let reply = try? JSONWire.parse(body, limits: JSONLimits())
        guard let error = reply?["error"] else {
            if (200..<300).contains(status) { return .delivered(messageID: reply?["message_id"]?.idString) }
            return status >= 500 ? .retry(reason: "HTTP \(status)") : .failed(reason: "HTTP \(status)")
        }
        let code = error["code"]?.int64 ?? 0
        let subcode = error["error_subcode"]?.int64
        let message = SendOutcome.reason(error["message"]?.string ?? "HTTP \(status)")
        let detail = "code \(code)\(subcode.map { "/\($0)" } ?? ""): \(message)"
        switch (code, subcode) {
        case (2, _), (4, _), (613, _), (1200, _): return .retry(reason: detail)
        case (551, _): return .unreachable(reason: detail)
        case (100, 2_018_001): return .unreachable(reason: detail)
        case (10, 2_018_278): return .failed(reason: "outside 24h window")
        case (190, _): return .failed(reason: "page access token rejected: \(detail)")
        default: return status >= 500 ? .retry(reason: detail) : .failed(reason: detail)
        }
    }
}
