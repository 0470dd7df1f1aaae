import BotServer
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import TestSupport
import Testing

@testable import BotCore

/// Zalo's event timestamp for now, in milliseconds.
func nowMillis() -> String { String(Int64(Date().timeIntervalSince1970 * 1000)) }

func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

@Suite("Messenger and Zalo end to end", .serialized)
struct MessengerZaloTests {
    static let appSecret = "fb-app-secret"

    func messengerConfig(_ c: inout BotConfig, _ base: String) {
        c.messenger = .init(
            appSecret: Self.appSecret, verifyToken: "verify-me", pageToken: "PAGE-TOKEN", apiBase: base + "/v25.0")
    }

    func zaloConfig(_ c: inout BotConfig, _ base: String) {
        c.zalo = .init(
            appID: "2553928453557884079", oaSecretKey: "oa-secret", appSecret: "zalo-app-secret",
            accessToken: "OLD-ACCESS", refreshToken: "REFRESH-1", apiBase: base, oauthBase: base)
    }

    func messengerBody(mid: String, text: String) -> String {
        #"{"object":"page","entry":[{"id":"PAGE","time":1458692752478,"messaging":[{"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1458692752478,"message":{"mid":"\#(mid)","text":"\#(text)"}},{"sender":{"id":"PAGE"},"recipient":{"id":"PSID-1"},"timestamp":1458692752479,"message":{"mid":"echo-1","is_echo":true,"text":"bot's own words"}}]}]}"#
    }

    func postMessenger(_ client: any TestClientProtocol, _ body: String, signature: String?) async throws
        -> HTTPResponse.Status
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name("X-Hub-Signature-256")!] = signature }
        return try await client.execute(
            uri: "/webhook/messenger", method: .post, headers: headers, body: ByteBuffer(string: body)
        ).status
    }

    func sign(_ body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(body.utf8), using: SymmetricKey(data: Data(Self.appSecret.utf8)))
        return "sha256=" + hex(mac)
    }

    @Test("Messenger: handshake, signed message answered once, echo ignored, bad signature refused")
    func messenger() async throws {
        try await withBot(secret: nil, configure: messengerConfig) { client, fake, _ in
            let ok = try await client.execute(
                uri: "/webhook/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444",
                method: .get)
            #expect(ok.status == .ok)
            #expect(String(buffer: ok.body) == "1158201444")
            let bad = try await client.execute(
                uri: "/webhook/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", method: .get)
            #expect(bad.status == .forbidden)

            let body = messengerBody(mid: "mid.1", text: "ngay bau cu la ngay nao")
            let refused = try await postMessenger(
                client, body, signature: "sha256=" + String(repeating: "0", count: 64))
            #expect(refused == .forbidden)
            let accepted = try await postMessenger(client, body, signature: sign(body))
            #expect(accepted == .ok)
            let again = try await postMessenger(client, body, signature: sign(body))
            #expect(again == .ok)
            let sends = await fake.waitFor("/me/messages", count: 1)
            try await Task.sleep(for: .milliseconds(400))
            #expect(fake.requests(endingWith: "/me/messages").count == 1)
            let send = try #require(sends.first)
            #expect(send.path == "/v25.0/me/messages")
            #expect(send.body.contains(#""id":"PSID-1""#))
            #expect(send.body.contains("23/05/2021"))
        }
    }

    /// Posts a signed Zalo `user_send_text` event.
    func postZalo(
        _ client: any TestClientProtocol, text: String, msgID: String, timestamp: String = nowMillis()
    ) async throws -> HTTPResponse.Status {
        let body =
            #"{"event_name":"user_send_text","app_id":"2553928453557884079","sender":{"id":"6142494823001"},"recipient":{"id":"3662729599332560487"},"message":{"text":"\#(text)","msg_id":"\#(msgID)"},"timestamp":"\#(timestamp)","user_id_by_app":"979122185046046317"}"#
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("X-ZEvent-Signature")!] =
            "mac=" + hex(SHA256.hash(data: Data(("2553928453557884079" + body + timestamp + "oa-secret").utf8)))
        return try await client.execute(
            uri: "/webhook/zalo", method: .post, headers: headers, body: ByteBuffer(string: body)
        ).status
    }

    /// A store that already holds a rotated pair, as a restart finds it.
    func databaseWithSavedZaloPair(access: String, refresh: String) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bot-\(UUID()).sqlite").path
        let store = try SQLiteBotStore(path: path)
        try await store.saveTokens(platform: "zalo", accessToken: access, refreshToken: refresh, expiresAt: nil)
        try await store.close()
        return path
    }

    static let expired = FakePlatformServer.Scripted(
        status: .ok, body: #"{"error":-216,"message":"Access token is invalid"}"#)

    @Test("Zalo: a correctly signed event from outside the window is refused as a replay and counted")
    func zaloReplayRefused() async throws {
        try await withBot(secret: nil, configure: zaloConfig) { client, fake, _ in
            let hourAgo = String(Int64((Date().timeIntervalSince1970 - 3600) * 1000))
            #expect(try await postZalo(client, text: "giờ bầu cử", msgID: "m-old", timestamp: hourAgo) == .unauthorized)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(String(buffer: metrics.body).contains(#"electionbot_stale_events_total{channel="zalo"} 1"#))
            #expect(try await postZalo(client, text: "giờ bầu cử", msgID: "m-new") == .ok)
            #expect(await fake.waitFor("/message/cs", count: 1).count == 1)
        }
    }

    @Test("Zalo after a restart: the saved pair is used and refreshed, not the configured one")
    func zaloRestartUsesSavedPair() async throws {
        let path = try await databaseWithSavedZaloPair(access: "SAVED-ACCESS", refresh: "SAVED-REFRESH")
        try await withBot(databasePath: path, secret: nil, configure: zaloConfig) { client, fake, store in
            fake.enqueue("/message/cs", [Self.expired])
            fake.enqueue(
                "/v4/oa/access_token",
                [.init(status: .ok, body: #"{"access_token":"A3","refresh_token":"R3","expires_in":"90000"}"#)])
            #expect(try await postZalo(client, text: "bao nhiêu tuổi thì được bầu cử", msgID: "m-restart") == .ok)
            let sends = await fake.waitFor("/message/cs", count: 2)
            #expect(sends.map { $0.headers["access_token"] } == ["SAVED-ACCESS", "A3"])
            let refresh = fake.requests(endingWith: "/v4/oa/access_token")
            #expect(refresh.count == 1)
            #expect(refresh.first?.body.contains("refresh_token=SAVED-REFRESH") == true)
            let saved = try await store.tokens(platform: "zalo")
            #expect(saved?.accessToken == "A3" && saved?.refreshToken == "R3")
        }
    }

    @Test(
        "Zalo: a pair rotated by another process meanwhile is adopted, never overwritten",
        arguments: [
            // Our refresh succeeded too, but the store's compare-and-swap refuses to overwrite the newer pair.
            FakePlatformServer.Scripted(
                status: .ok, body: #"{"access_token":"MINE","refresh_token":"R-MINE","expires_in":"90000"}"#),
            // Our refresh token was already spent by the other process.
            FakePlatformServer.Scripted(status: .ok, body: #"{"error":-14014,"message":"Invalid refresh token"}"#),
        ])
    func zaloAdoptsPairRotatedElsewhere(refreshReply: FakePlatformServer.Scripted) async throws {
        try await withBot(secret: nil, configure: zaloConfig) { client, fake, store in
            // Another replica rotates after this one started with the configured pair.
            try await store.saveTokens(
                platform: "zalo", accessToken: "OTHER-ACCESS", refreshToken: "R-OTHER", expiresAt: nil)
            fake.enqueue("/message/cs", [Self.expired])
            fake.enqueue("/v4/oa/access_token", [refreshReply])
            #expect(try await postZalo(client, text: "bao nhiêu tuổi thì được bầu cử", msgID: "m-cas") == .ok)
            let sends = await fake.waitFor("/message/cs", count: 2)
            #expect(sends.map { $0.headers["access_token"] } == ["OLD-ACCESS", "OTHER-ACCESS"])
            let saved = try await store.tokens(platform: "zalo")
            #expect(saved?.accessToken == "OTHER-ACCESS" && saved?.refreshToken == "R-OTHER")
        }
    }

    @Test("Zalo: signed text answered; expired token refreshed, rotated pair stored, send retried")
    func zalo() async throws {
        try await withBot(secret: nil, configure: zaloConfig) { client, fake, store in
            fake.enqueue(
                "/message/cs", [.init(status: .ok, body: #"{"error":-216,"message":"Access token is invalid"}"#)])
            fake.enqueue(
                "/v4/oa/access_token",
                [
                    .init(
                        status: .ok,
                        body: #"{"access_token":"NEW-ACCESS","refresh_token":"REFRESH-2","expires_in":"90000"}"#)
                ])
            let timestamp = nowMillis()
            let body =
                #"{"event_name":"user_send_text","app_id":"2553928453557884079","sender":{"id":"6142494823001"},"recipient":{"id":"3662729599332560487"},"message":{"text":"bao nhiêu tuổi thì được bầu cử","msg_id":"cb31dff1c39642cc1b83"},"timestamp":"\#(timestamp)","user_id_by_app":"979122185046046317"}"#
            let mac =
                "mac=" + hex(SHA256.hash(data: Data(("2553928453557884079" + body + timestamp + "oa-secret").utf8)))
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("X-ZEvent-Signature")!] = "mac=" + String(repeating: "a", count: 64)
            let refused = try await client.execute(
                uri: "/webhook/zalo", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(refused.status == .unauthorized)
            headers[HTTPField.Name("X-ZEvent-Signature")!] = mac
            let accepted = try await client.execute(
                uri: "/webhook/zalo", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(accepted.status == .ok)

            let sends = await fake.waitFor("/message/cs", count: 2)
            #expect(sends.count == 2)
            let refresh = fake.requests(endingWith: "/v4/oa/access_token")
            #expect(refresh.count == 1)
            #expect(refresh.first?.body.contains("refresh_token=REFRESH-1") == true)
            #expect(sends.last?.body.contains("6142494823001") == true)
            #expect(sends.first?.headers["access_token"] == "OLD-ACCESS")
            #expect(sends.last?.headers["access_token"] == "NEW-ACCESS")
            let saved = try await store.tokens(platform: "zalo")
            #expect(saved?.accessToken == "NEW-ACCESS")
            #expect(saved?.refreshToken == "REFRESH-2")
        }
    }
}
