import JSONWire

/// Renders Zalo OA Open API v3 requests: consultation ("tư vấn") texts and the OAuth token refresh. The
/// access token travels in a bare `access_token` header; request descriptions never show header values.
public struct ZaloAPI: Sendable {
    /// "Giới hạn tối đa là 2.000 ký tự": budgeted in UTF-16 code units of NFC text.
    public static let textLimit = 2000

    private let accessToken: String

    public init(accessToken: String) {
        self.accessToken = accessToken
    }

    /// One `POST /v3.0/oa/message/cs` per chunk of `reply.text` (NFC, split under ``textLimit``), in order.
    ///
    /// CS messages have no quick-reply buttons, so suggestions are appended to the text as `• title` lines
    /// (the user types or copies one back); the quoted message (`quote_message_id`) goes on the first chunk.
    /// Blank text renders nothing.
    public func send(userID: String, reply: OutgoingReply) -> [PlatformRequest] {
        var text = reply.text
        if !reply.suggestions.isEmpty, !text.allSatisfy(\.isWhitespace) {
            text += "\n\n" + reply.suggestions.map { "• \($0.title)" }.joined(separator: "\n")
        }
        let chunks = TextSplitter.split(text.nfc, limit: Self.textLimit)
        return chunks.enumerated().map { index, chunk in
            var message: JSONObject = ["text": .string(chunk)]
            if index == 0, let quoted = reply.replyToMessageID { message["quote_message_id"] = .string(quoted) }
            let body: JSONValue = ["recipient": ["user_id": .string(userID)], "message": .object(message)]
            return PlatformRequest(
                endpoint: .zaloOpenAPI, path: "/v3.0/oa/message/cs",
                headers: [("Content-Type", "application/json"), ("access_token", accessToken)],
                body: JSONWire.serialize(body), label: "zalo.sendCS")
        }
    }

    /// The OAuth refresh (`POST /v4/oa/access_token` on ``APIEndpoint/zaloOAuth``, form-encoded, app secret
    /// in a `secret_key` header). Refresh tokens are single use: persist the new pair from
    /// ``parseTokenResponse(_:)`` before using it. Static, because it must work when the access token no
    /// longer does.
    public static func refreshToken(appID: String, appSecret: String, refreshToken: String) -> PlatformRequest {
        let form = FormEncoding.form([
            ("refresh_token", refreshToken), ("app_id", appID), ("grant_type", "refresh_token"),
        ])
        return PlatformRequest(
            endpoint: .zaloOAuth, path: "/v4/oa/access_token",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("secret_key", appSecret)],
            body: Array(form.utf8), label: "zalo.refreshToken")
    }
}

/// A fresh Zalo token pair. The description shows neither token.
public struct ZaloTokens: Sendable, Equatable, CustomStringConvertible {
    public var accessToken: String
    public var refreshToken: String
    /// Seconds until the access token expires (Zalo sends `"90000"`, 25 h, as a string).
    public var expiresIn: Int

    public init(accessToken: String, refreshToken: String, expiresIn: Int) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
    }

    public var description: String { "ZaloTokens(expiresIn: \(expiresIn)s)" }
}

extension ZaloAPI {
    /// Reads the refresh reply `{"access_token","refresh_token","expires_in"}`.
    /// - Throws: ``ChannelError/unexpectedPayload(_:reason:)`` with Zalo's `error_description` (never a
    ///   token) when the refresh was refused.
    public static func parseTokenResponse(_ body: [UInt8]) throws(ChannelError) -> ZaloTokens {
        let reply = try JSONWire.parse(body, platform: .zalo, limits: JSONLimits())
        guard let access = reply["access_token"]?.nonEmptyString, let refresh = reply["refresh_token"]?.nonEmptyString
        else {
            let detail = reply["error_description"]?.string ?? reply["message"]?.string ?? "no tokens in reply"
            let code = reply["error"]?.int64.map { " (error \($0))" } ?? ""
            throw .unexpectedPayload(.zalo, reason: "token refresh refused\(code): \(SendOutcome.reason(detail))")
        }
        let expiresIn = reply["expires_in"]?.idString.flatMap { Int($0) } ?? 90_000
        return ZaloTokens(accessToken: access, refreshToken: refresh, expiresIn: expiresIn)
    }

    /// Classifies a reply of the OA API, which reports errors with HTTP 200 and `error` ≠ 0.
    ///
    /// -32 (rate limit) and 5xx/429 → retry; -216/-220 → refresh the token; -230/-232 (no interaction in
    /// 7 days), -227 (banned or inactive), -213 (not following) → unreachable; anything else → failed.
    public static func classify(status: Int, body: [UInt8]) -> SendOutcome {
        if status >= 500 || status == 429 { return .retry(reason: "HTTP \(status)") }
        guard (200..<300).contains(status) else { return .failed(reason: "HTTP \(status)") }
        guard let reply = try? JSONWire.parse(body, limits: JSONLimits()), let code = reply["error"]?.int64 else {
            return .failed(reason: "unreadable reply")
        }
        let detail = "error \(code): \(SendOutcome.reason(reply["message"]?.string ?? ""))"
        switch code {
        case 0: return .delivered(messageID: reply["data"]?["message_id"]?.idString)
        case -32: return .retry(reason: detail)
        case -216, -220: return .refreshToken
        case -230, -232, -227, -213: return .unreachable(reason: detail)
        default: return .failed(reason: detail)
        }
    }
}
