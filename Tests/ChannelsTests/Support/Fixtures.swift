/// Webhook bodies as the platforms document them, byte for byte: signatures are over these bytes.
enum Fixtures {
    // MARK: Telegram

    /// The sample update from core.telegram.org/bots/webhooks, with `chat.type` and `from.is_bot` added.
    static let telegramStart = #"""
        {"update_id":10000,
         "message":{"message_id":1365,"date":1441645532,
           "from":{"id":1111111,"is_bot":false,"first_name":"Test","last_name":"Test Lastname","username":"Test"},
           "chat":{"id":1111111,"type":"private","first_name":"Test","last_name":"Test Lastname","username":"Test"},
           "text":"/start",
           "entities":[{"offset":0,"length":6,"type":"bot_command"}]}}
        """#

    /// The callback-query sample of the Telegram Bot API documentation.
    static let telegramCallback = #"""
        {"update_id":10001,
         "callback_query":{"id":"4382bfdwdsb323b2d9","chat_instance":"-7423423423423423",
           "from":{"id":1111111,"is_bot":false,"first_name":"Test","language_code":"vi"},
           "message":{"message_id":1366,"date":1441645540,
             "from":{"id":123456789,"is_bot":true,"first_name":"MyBot","username":"my_bot"},
             "chat":{"id":1111111,"type":"private","first_name":"Test"},
             "text":"Choose:",
             "reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"ans:yes"}]]}},
           "data":"ans:yes"}}
        """#

    static let telegramKicked = #"""
        {"update_id":10002,"my_chat_member":{"chat":{"id":1111111,"type":"private","first_name":"Test"},
         "from":{"id":1111111,"is_bot":false,"first_name":"Test"},"date":1441645600,
         "old_chat_member":{"status":"member","user":{"id":123456789,"is_bot":true,"first_name":"MyBot"}},
         "new_chat_member":{"status":"kicked","until_date":0,"user":{"id":123456789,"is_bot":true,"first_name":"MyBot"}}}}
        """#

    /// A supergroup message with the given text and entities JSON.
    static func telegramGroup(
        text: String, entities: String? = nil, extra: String = "", updateID: Int = 20000
    ) -> String {
        let entitiesField = entities.map { #","entities":\#($0)"# } ?? ""
        return #"""
            {"update_id":\#(updateID),"message":{"message_id":77,"date":1700000000,
             "from":{"id":2222222,"is_bot":false,"first_name":"Lan"},
             "chat":{"id":-1001234567890,"type":"supergroup","title":"Cử tri phường 5"},
             "text":"\#(text)"\#(entitiesField)\#(extra)}}
            """#
    }

    // MARK: Messenger

    /// Signed with app secret `app-secret-123`: HMAC-SHA256 computed outside Swift (Python's hmac).
    static let messengerSigned =
        #"{"object":"page","entry":[{"id":"PAGE_ID","time":1458692752478,"messaging":[{"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458692752478,"message":{"mid":"mid.1457764197618:41d102a3e1ae206a38","text":"Ng\u00e0y b\u1ea7u c\u1eed l\u00e0 khi n\u00e0o?"}}]}]}"#
    static let messengerSignedHex = "fa1bcdeb44bd12bea26a131f7c60184c2b1ba7858e0af78781fddf23baf04fbd"

    /// Two entries: a text and the page's echo; then a quick reply, a postback, a delivery and a read.
    static let messengerBatch = #"""
        {"object":"page","entry":[
         {"id":"PAGE_ID","time":1700000000000,"messaging":[
          {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000000100,
           "message":{"mid":"m_1","text":"Tôi đi bầu ở đâu?"}},
          {"sender":{"id":"PAGE_ID"},"recipient":{"id":"PSID_1"},"timestamp":1700000000200,
           "message":{"mid":"m_2","is_echo":true,"app_id":1517776481860111,"text":"Bạn bầu ở khu vực bỏ phiếu…"}}]},
         {"id":"PAGE_ID","time":1700000001000,"messaging":[
          {"sender":{"id":"PSID_2"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000001100,
           "message":{"mid":"m_3","text":"Ngày bầu cử","quick_reply":{"payload":"intent:election_day"}}},
          {"sender":{"id":"PSID_3"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000001200,
           "postback":{"mid":"m_4","title":"Bắt đầu","payload":"GET_STARTED"}},
          {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000001300,
           "delivery":{"mids":["m_2"],"watermark":1700000000200}},
          {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000001400,
           "read":{"watermark":1700000000200}},
          {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000001500,
           "reaction":{"reaction":"love","emoji":"❤","action":"react","mid":"m_2"}},
          {"sender":{"id":"PSID_4"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000001600,
           "message":{"mid":"m_5","attachments":[{"type":"image","payload":{"url":"https://x.y/a.jpg"}}]}}]}]}
        """#

    // MARK: Zalo

    /// The docs.a4b.vn sample, sender id made concrete; signed with OA secret `oa-secret-key-xyz` (SHA-256
    /// computed outside Swift, with the app id first and, separately, with the OA id first).
    static let zaloText =
        #"{"event_name":"user_send_text","app_id":"2553928453557884079","sender":{"id":"6142494823123456789"},"recipient":{"id":"3662729599332560487"},"message":{"text":"Chào A4B","msg_id":"cb31dff1c39642cc1b83"},"timestamp":"1699003881354","user_id_by_app":"979122185046046317"}"#
    static let zaloAppID = "2553928453557884079"
    static let zaloSecret = "oa-secret-key-xyz"
    static let zaloMacAppFirst = "202313170614d164db109270b35384add73c01d0692ff67529e7ce647a4e1489"
    static let zaloMacOAFirst = "c2d06febc95594c6d475ae6683b656665148e321961ef82b565948d7f2aef160"

    static let zaloEcho =
        #"{"event_name":"oa_send_text","app_id":"2553928453557884079","sender":{"id":"3662729599332560487","admin_id":"1"},"recipient":{"id":"6142494823123456789"},"message":{"text":"Xin chào","msg_id":"aa01"},"timestamp":"1699003882000"}"#
    static let zaloImage =
        #"{"event_name":"user_send_image","app_id":"2553928453557884079","sender":{"id":"6142494823123456789"},"recipient":{"id":"3662729599332560487"},"message":{"msg_id":"bb02","attachments":[{"type":"image","payload":{"url":"https://x.y/i.jpg"}}]},"timestamp":"1699003883000"}"#
    static let zaloFollow =
        #"{"event_name":"follow","app_id":"2553928453557884079","oa_id":"3662729599332560487","follower":{"id":"6142494823123456789"},"source":"oa_profile","timestamp":"1699003884000"}"#
    static let zaloSeen =
        #"{"event_name":"user_seen_message","app_id":"2553928453557884079","sender":{"id":"3662729599332560487"},"recipient":{"id":"6142494823123456789"},"message":{"msg_ids":["aa01"]},"timestamp":"1699003885000"}"#
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
