import Foundation
import JSONWire
import Testing

@testable import Channels

@Suite struct RendererTests {
    let token = "123456:ABC-secret_token"

    @Test func telegramSendMessageBodyIsExact() throws {
        let reply = OutgoingReply(
            text: "Ngày bầu cử: 15/3 <chủ nhật> & \"vui\"\nhttps://x.y/a?b=1&c=2",
            suggestions: [QuickReply(title: "Giờ mở cửa", payload: "intent:hours")], replyToMessageID: "1365")
        let requests = TelegramAPI(token: token).sendMessage(chatID: "1111111", threadID: nil, reply: reply)
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.endpoint == .telegramBotAPI)
        #expect(request.method == "POST")
        #expect(request.path == "/bot\(token)/sendMessage")
        #expect(request.url(baseURL: "http://127.0.0.1:8081/") == "http://127.0.0.1:8081/bot\(token)/sendMessage")
        #expect(request.headers.map(\.0) == ["Content-Type"])
        #expect(
            request.bodyText
                == #"{"chat_id":1111111,"text":"Ngày bầu cử: 15/3 &lt;chủ nhật&gt; &amp; &quot;vui&quot;\nhttps://x.y/a?b=1&amp;c=2","parse_mode":"HTML","link_preview_options":{"is_disabled":true},"reply_parameters":{"message_id":1365,"allow_sending_without_reply":true},"reply_markup":{"inline_keyboard":[[{"text":"Giờ mở cửa","callback_data":"intent:hours"}]]}}"#
        )
    }

    @Test func telegramLongReplyIsChunkedWithThreadOnEveryChunk() throws {
        let paragraph = String(repeating: "a < b ", count: 400)  // 2400 units before escaping
        let reply = OutgoingReply(
            text: [paragraph, paragraph, paragraph].joined(separator: "\n\n"),
            suggestions: [QuickReply(title: "Tiếp", payload: "next")], replyToMessageID: "9")
        let requests = TelegramAPI(token: token).sendMessage(chatID: "-1001234567890", threadID: 42, reply: reply)
        #expect(requests.count == 3)
        let bodies = try requests.map { try JSONWire.parse($0.body) }
        for body in bodies {
            #expect(body["chat_id"] == .int(-1_001_234_567_890))
            #expect(body["message_thread_id"] == 42)
            // The limit counts visible text: unescape before measuring.
            let visible = try #require(body["text"]?.string).replacingOccurrences(of: "&lt;", with: "<")
            #expect(visible.utf16.count <= TelegramAPI.textLimit)
        }
        #expect(bodies.map { $0["reply_parameters"] != nil } == [true, false, false])
        #expect(bodies.map { $0["reply_markup"] != nil } == [false, false, true])
    }

    @Test func telegramLongPayloadsAreKeyedWithin64Bytes() throws {
        let long = String(repeating: "Tôi cần mang giấy tờ gì? ", count: 4)
        let reply = OutgoingReply(
            text: "Chọn:",
            suggestions: [
                QuickReply(title: "Giấy tờ", payload: long), QuickReply(title: "~x", payload: "~x"),
                QuickReply(title: "Không payload", payload: ""),
            ])
        let body = try JSONWire.parse(
            try #require(TelegramAPI(token: token).sendMessage(chatID: "1", threadID: nil, reply: reply).first).body)
        let data = try #require(body["reply_markup"]?["inline_keyboard"]?.array).compactMap {
            $0[0]?["callback_data"]?.string
        }
        #expect(data.count == 3)
        #expect(data.allSatisfy { !$0.isEmpty && $0.utf8.count <= TelegramCallbackData.maxBytes })
        #expect(TelegramCallbackData.isHashKey(data[0]))
        #expect(TelegramCallbackData.isHashKey(data[1]))
        #expect(data[2] == "Không payload")
        #expect(TelegramCallbackData.encode(long) == data[0])
        #expect(TelegramCallbackData.resolve(data[1], among: [long, "~x"]) == "~x")
    }

    @Test func telegramChatNamesStayStringsAndBlankTextSendsNothing() throws {
        let api = TelegramAPI(token: token)
        let body = try JSONWire.parse(
            try #require(api.sendMessage(chatID: "@channel", threadID: nil, reply: OutgoingReply(text: "x")).first).body
        )
        #expect(body["chat_id"] == "@channel")
        #expect(api.sendMessage(chatID: "1", threadID: nil, reply: OutgoingReply(text: " \n ")).isEmpty)
    }

    @Test func telegramHelperRequests() {
        let api = TelegramAPI(token: token)
        let answer = api.answerCallbackQuery(id: "4382bfdwdsb323b2d9")
        #expect(answer.path == "/bot\(token)/answerCallbackQuery")
        #expect(answer.bodyText == #"{"callback_query_id":"4382bfdwdsb323b2d9"}"#)
        let me = api.getMe()
        #expect(me.method == "GET")
        #expect(me.body.isEmpty)
        #expect(me.path == "/bot\(token)/getMe")
        let hook = api.setWebhook(url: "https://bot.example/webhook/telegram", secretToken: "hook-secret")
        #expect(
            hook.bodyText
                == #"{"url":"https://bot.example/webhook/telegram","secret_token":"hook-secret","allowed_updates":["message","callback_query","my_chat_member"]}"#
        )
    }

    @Test func telegramGetMeReplyParses() throws {
        let reply = #"{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"MyBot","username":"my_bot"}}"#
        #expect(try TelegramAPI.parseGetMe(reply.bytes) == TelegramBotIdentity(id: 123_456_789, username: "my_bot"))
        #expect(throws: ChannelError.self) { try TelegramAPI.parseGetMe(#"{"ok":false}"#.bytes) }
    }

    @Test func escapingIsOneFunction() {
        #expect(TelegramHTML.escape(#"<b>"Tom & Jerry"</b>"#) == "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;")
        #expect(TelegramHTML.escape("bầu cử 😀") == "bầu cử 😀")
        #expect(TelegramHTML.escape("&amp;") == "&amp;amp;")
    }

    @Test func messengerSendBodyIsExact() throws {
        let reply = OutgoingReply(
            text: "Ngày bầu cử là chủ nhật.",
            suggestions: [
                QuickReply(title: "Giờ mở cửa phòng bỏ phiếu", payload: "intent:hours"),
                QuickReply(title: "Địa điểm", payload: "intent:where"),
            ])
        let requests = MessengerAPI(pageToken: "EAAB+page/token").send(recipientPSID: "PSID_1", reply: reply)
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.endpoint == .messengerGraph)
        #expect(request.path == "/v25.0/me/messages?access_token=EAAB%2Bpage%2Ftoken")
        #expect(
            request.bodyText
                == #"{"recipient":{"id":"PSID_1"},"messaging_type":"RESPONSE","message":{"text":"Ngày bầu cử là chủ nhật.","quick_replies":[{"content_type":"text","title":"Giờ mở cửa phòng bỏ…","payload":"intent:hours"},{"content_type":"text","title":"Địa điểm","payload":"intent:where"}]}}"#
        )
    }

    @Test func messengerTagChunksAndQuickReplyLimits() throws {
        let suggestions = (1...15).map { QuickReply(title: "S\($0)", payload: "p\($0)") }
        let text = String(repeating: "Bầu cử. ", count: 400)  // 3200 units
        let requests = MessengerAPI(pageToken: "t").send(
            recipientPSID: "U", reply: OutgoingReply(text: text, suggestions: suggestions),
            messagingType: .messageTag("CONFIRMED_EVENT_UPDATE"))
        #expect(requests.count == 2)
        let bodies = try requests.map { try JSONWire.parse($0.body) }
        #expect(bodies.allSatisfy { $0["messaging_type"] == "MESSAGE_TAG" && $0["tag"] == "CONFIRMED_EVENT_UPDATE" })
        #expect(bodies.allSatisfy { ($0["message"]?["text"]?.string?.utf16.count ?? .max) <= MessengerAPI.textLimit })
        #expect(bodies[0]["message"]?["quick_replies"] == nil)
        #expect(bodies[1]["message"]?["quick_replies"]?.array?.count == 13)
    }

    @Test func messengerTextIsSentAsNFC() throws {
        let decomposed = "Vie\u{323}\u{302}t Nam"
        let request = try #require(
            MessengerAPI(pageToken: "t").send(recipientPSID: "U", reply: OutgoingReply(text: decomposed)).first)
        #expect(try JSONWire.parse(request.body)["message"]?["text"]?.string?.unicodeScalars.count == 8)
    }

    @Test func zaloSendBodyIsExact() throws {
        let reply = OutgoingReply(
            text: "Chào bạn!", suggestions: [QuickReply(title: "Ngày bầu cử", payload: "x")],
            replyToMessageID: "cb31dff1c39642cc1b83")
        let requests = ZaloAPI(accessToken: "zalo-access").send(userID: "6142494823123456789", reply: reply)
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.endpoint == .zaloOpenAPI)
        #expect(request.path == "/v3.0/oa/message/cs")
        #expect(request.headers.map(\.0) == ["Content-Type", "access_token"])
        #expect(request.headers.last?.1 == "zalo-access")
        #expect(
            request.bodyText
                == #"{"recipient":{"user_id":"6142494823123456789"},"message":{"text":"Chào bạn!\n\n• Ngày bầu cử","quote_message_id":"cb31dff1c39642cc1b83"}}"#
        )
    }

    @Test func zaloLongTextIsChunkedUnderTheNFCLimit() throws {
        // Decomposed input: 7 UTF-16 units per word as typed, 5 after NFC; 4900 as typed, 3500 after NFC.
        let text = String(repeating: "Vie\u{323}\u{302}t ", count: 700)
        let requests = ZaloAPI(accessToken: "a").send(
            userID: "1", reply: OutgoingReply(text: text, replyToMessageID: "m"))
        #expect(requests.count == 2)
        let bodies = try requests.map { try JSONWire.parse($0.body) }
        #expect(bodies.allSatisfy { ($0["message"]?["text"]?.string?.utf16.count ?? .max) <= ZaloAPI.textLimit })
        #expect(bodies.map { $0["message"]?["quote_message_id"] != nil } == [true, false])
    }

    @Test func zaloRefreshIsFormEncoded() {
        let request = ZaloAPI.refreshToken(
            appID: "2553928453557884079", appSecret: "app secret", refreshToken: "r/t+1=")
        #expect(request.endpoint == .zaloOAuth)
        #expect(request.path == "/v4/oa/access_token")
        #expect(request.headers.map(\.0) == ["Content-Type", "secret_key"])
        #expect(request.headers[0].1 == "application/x-www-form-urlencoded")
        #expect(request.bodyText == "refresh_token=r%2Ft%2B1%3D&app_id=2553928453557884079&grant_type=refresh_token")
    }

    @Test func zaloTokenReplyParses() throws {
        let tokens = try ZaloAPI.parseTokenResponse(
            #"{"access_token":"A","refresh_token":"R","expires_in":"90000"}"#.bytes)
        #expect(tokens == ZaloTokens(accessToken: "A", refreshToken: "R", expiresIn: 90_000))
        #expect(!tokens.description.contains("A\""))
        let refused = #expect(throws: ChannelError.self) {
            try ZaloAPI.parseTokenResponse(#"{"error":-14014,"error_description":"Invalid refresh token"}"#.bytes)
        }
        #expect(refused?.description.contains("Invalid refresh token") == true)
    }
}
