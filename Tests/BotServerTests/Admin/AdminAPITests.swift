import ElectionKnowledge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntentFiles
import NIOCore
import Storage
import TestSupport
import Testing

@testable import BotCore
@testable import BotServer

@Suite("Admin API over real sockets: tokens, rate limit, audit, what citizens asked", .serialized)
struct AdminAPITests {
    @Test("a missing, wrong or removed token is refused, and the token never reaches the log")
    func tokensAreChecked() async throws {
        try await withAdminBot(admins: ["lan": "token-of-lan", "minh": "token-of-minh"]) { client, _, store, logs in
            let missing = try await adminCall(client, .get, "whoami", token: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await adminCall(client, .get, "whoami", token: "token-of-lanX")
            #expect(wrong.status == .unauthorized)
            let right = try await adminCall(client, .get, "whoami")
            #expect(right.status == .ok)
            #expect(try decoded(right.body)["name"] as? String == "lan")
            #expect(try await store.removeAdmin(name: "lan"))
            let removed = try await adminCall(client, .get, "whoami")
            #expect(removed.status == .unauthorized)
            #expect(try await adminCall(client, .get, "whoami", token: "token-of-minh").status == .ok)
            #expect(logs.contains("admin API request refused"))
            #expect(!logs.contains("token-of-lan"))
            #expect(!logs.contains("token-of-minh"))
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"electionbot_admin_auth_failures_total{reason="wrong"} 2"#))
            #expect(metrics.contains(#"electionbot_admin_auth_failures_total{reason="missing"} 1"#))
        }
    }

    @Test("without any admin account the API is off (404), whatever the token")
    func offWithoutAccounts() async throws {
        try await withAdminBot(admins: [:]) { client, _, _, _ in
            let response = try await adminCall(client, .get, "knowledge", token: "anything")
            #expect(response.status == .notFound)
            #expect(response.body.contains("admin add"))
        }
    }

    @Test("ten failed attempts from one address: 429 with Retry-After, even for a good token, until the minute ends")
    func failedAttemptsAreRateLimited() async throws {
        try await withAdminBot { client, _, _, _ in
            for n in 0..<10 {
                #expect(try await adminCall(client, .get, "whoami", token: "guess-\(n)").status == .unauthorized)
            }
            let limited = try await adminCall(client, .get, "whoami", token: "guess-10")
            #expect(limited.status == .tooManyRequests)
            let retry = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...61).contains(retry))
            // While the address waits, even the right token waits: guessing must not be able to continue.
            #expect(try await adminCall(client, .get, "whoami").status == .tooManyRequests)
        }
    }

    @Test("the limiter's window ends and a new one begins")
    func limiterWindowEnds() async throws {
        let limiter = FailedLogins(limit: 3, window: .milliseconds(300))
        for _ in 0..<3 { limiter.record("10.0.0.1") }
        #expect(limiter.blocked("10.0.0.1") != nil)
        #expect(limiter.blocked("10.0.0.2") == nil)
        try await Task.sleep(for: .milliseconds(350))
        #expect(limiter.blocked("10.0.0.1") == nil)
        limiter.record("10.0.0.1")
        #expect(limiter.blocked("10.0.0.1") == nil)
    }

    @Test("try: the reply as a citizen sees it, the ranking with reasons, and refusals of bad bodies")
    func tryAQuestion() async throws {
        try await withAdminBot { client, _, _, _ in
            let r = try await adminCall(
                client, .post, "try", body: #"{"text": "bao giờ bầu cử", "today": "2021-04-01"}"#)
            #expect(r.status == .ok)
            let body = try decoded(r.body)
            #expect(body["intent"] as? String == "lich.ngay-bau-cu")
            #expect(body["outcome"] as? String == "answer")
            #expect((body["reply"] as? String)?.contains("23/05/2021") == true)
            let ranking = try #require(body["ranking"] as? [[String: Any]])
            #expect(ranking.first?["intent"] as? String == "lich.ngay-bau-cu")
            #expect((ranking.first?["why"] as? String)?.contains("gần nhất") == true)
            #expect((body["explanation"] as? String)?.isEmpty == false)

            let hostile = try await adminCall(
                client, .post, "try", body: #"{"text": "<img src=x onerror=alert(1)> giá vàng hôm nay"}"#)
            #expect(hostile.status == .ok)
            #expect(try decoded(hostile.body)["outcome"] as? String == "fallback")
            #expect(try await adminCall(client, .post, "try", body: "{not json").status == .badRequest)
            #expect(try await adminCall(client, .post, "try", body: #"{"today": "2021-04-01"}"#).status == .badRequest)
            #expect(
                try await adminCall(client, .post, "try", body: #"{"text": "a", "today": "1/4/2021"}"#).status
                    == .badRequest)
        }
    }

    @Test("unanswered questions are grouped by folded text; the snippet loads; CSV export is audited")
    func unansweredGroupsAndExport() async throws {
        try await withAdminBot { client, fake, _, _ in
            let texts = [
                "Giá vàng hôm nay?", "gia vang hom nay", "GIÁ VÀNG HÔM NAY", "bao nhiêu tuổi thì được đi bầu cử?",
            ]
            for (n, text) in texts.enumerated() {
                #expect(
                    try await postTelegram(
                        client, textUpdate(50_000 + n, chat: 700 + n, text: text), secret: "s3cret-token") == .ok)
            }
            _ = await fake.waitFor("/sendMessage", count: 4)
            let r = try await adminCall(client, .get, "unanswered?days=7")
            #expect(r.status == .ok)
            let groups = try #require(try decoded(r.body)["groups"] as? [[String: Any]])
            #expect(groups.count == 1)
            let group = try #require(groups.first)
            #expect(group["folded"] as? String == "gia vang hom nay")
            #expect(group["count"] as? Int == 3)
            #expect(
                Set(group["examples"] as? [String] ?? []) == [
                    "Giá vàng hôm nay?", "gia vang hom nay", "GIÁ VÀNG HÔM NAY",
                ])
            // Pasted under `intents:` next to the shipped files, the snippet is a valid intent.
            let snippet = try #require(group["snippet"] as? String)
            var sources: [(name: String, text: String)] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: intentsDirectory)
            where name.hasSuffix(".yml") {
                sources.append(
                    ("intents/" + name, try String(contentsOfFile: intentsDirectory + "/" + name, encoding: .utf8)))
            }
            sources.append(("intents/moi.yml", "intents:\n" + snippet))
            if case .failure(let e) = IntentLoader.load(sources: sources) { Issue.record("snippet refused: \(e)") }

            let csv = try await adminCall(client, .get, "unanswered?format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let rows = csv.body.split(separator: "\r\n")
            #expect(rows.first == "folded,count,first_seen,last_seen,nearest_intent,example")
            #expect(rows.count == 2 && rows[1].hasPrefix("\"gia vang hom nay\",3,"))

            let stats = try decoded(try await adminCall(client, .get, "stats?days=7").body)
            let totals = try #require(stats["totals"] as? [String: Int])
            #expect(totals == ["questions": 4, "answered": 1, "fallbacks": 3])
            #expect((stats["days"] as? [[String: Any]])?.count == 1)
            #expect((stats["answer_micros"] as? [String: Any])?["p50"] as? Int != nil)
            #expect(try await adminCall(client, .get, "stats?days=0").status == .badRequest)

            let audit = try #require(
                try decoded(try await adminCall(client, .get, "audit").body)["entries"] as? [[String: Any]])
            #expect(audit.filter { $0["action"] as? String == "unanswered.export" }.count == 2)
            #expect(audit.allSatisfy { $0["admin"] as? String == "lan" })
        }
    }

    @Test("broadcasts: a dry run counts and creates nothing; a real one is sent, listed with progress and audited")
    func broadcastsThroughTheAPI() async throws {
        try await withAdminBot { client, fake, store, _ in
            try await store.addSubscriber(
                Subscriber(
                    platform: "telegram", userID: "901", chatID: "901", role: "uy-ban-bau-cu-xa", level: "xa",
                    subscribedAt: Date()))
            let dry = try await adminCall(
                client, .post, "broadcasts", body: #"{"text": "Họp lúc 8 giờ", "level": "xa", "dry_run": true}"#)
            #expect(dry.status == .ok)
            #expect(try decoded(dry.body)["recipients"] as? Int == 1)
            #expect(try await store.recentBroadcasts(limit: 5).isEmpty)
            let none = try decoded(
                try await adminCall(
                    client, .post, "broadcasts", body: #"{"text": "x", "level": "tinh", "dry_run": true}"#
                ).body)
            #expect(none["recipients"] as? Int == 0)
            #expect(
                try await adminCall(client, .post, "broadcasts", body: #"{"text": "x", "role": "khong-co"}"#).status
                    == .badRequest)

            let sent = try await adminCall(
                client, .post, "broadcasts", body: #"{"text": "Họp lúc 8 giờ", "level": "xa"}"#)
            #expect(sent.status == .created)
            let created = try #require(try decoded(sent.body)["broadcast"] as? [String: Any])
            #expect(created["total"] as? Int == 1 && created["created_by"] as? String == "lan")
            let sends = await fake.waitFor("/sendMessage", count: 1)
            #expect(sends.first?.body.contains("901") == true)
            var listed: [String: Any] = [:]
            for _ in 0..<50 {
                let list =
                    try decoded(try await adminCall(client, .get, "broadcasts").body)["broadcasts"] as? [[String: Any]]
                listed = list?.first ?? [:]
                if listed["sent"] as? Int == 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(listed["sent"] as? Int == 1 && listed["pending"] as? Int == 0)
            let audit = try await store.auditEntries(limit: 10)
            #expect(
                audit.contains { $0.action == "broadcast" && $0.admin == "lan" && $0.detail.contains("1 recipient") })

            let subscribers =
                try decoded(try await adminCall(client, .get, "subscribers").body)["subscribers"] as? [[String: Any]]
            #expect(subscribers?.first?["user_id"] as? String == "901")
            #expect(try await adminCall(client, .delete, "subscribers/telegram/901").status == .ok)
            #expect(try await adminCall(client, .delete, "subscribers/telegram/901").status == .notFound)
            #expect(try await store.auditEntries(limit: 1).first?.action == "subscriber.remove")

            let invite = try await adminCall(
                client, .post, "invites", body: #"{"role": "uy-ban-bau-cu-xa", "max_uses": 2}"#)
            #expect(invite.status == .created)
            let code = try #require(try decoded(invite.body)["code"] as? String)
            #expect(
                try await store.auditEntries(limit: 1).first.map {
                    $0.action == "invite.create" && !$0.detail.contains(code)
                } == true)
        }
    }

    @Test("knowledge and timeline describe what is serving")
    func knowledgeAndTimeline() async throws {
        try await withAdminBot { client, _, _, _ in
            let kb = try IntentLoader.load(directory: intentsDirectory).get()
            let knowledge = try decoded(try await adminCall(client, .get, "knowledge").body)
            let version = try #require(knowledge["version"] as? [String: Any])
            #expect(version["hash"] as? String == kb.version)
            #expect(version["intents"] as? Int == kb.intents.count)
            #expect(version["trigger"] as? String == "start")
            let files = try #require(knowledge["files"] as? [[String: Any]])
            #expect(files.count == version["files"] as? Int)
            #expect(files.reduce(0) { $0 + ($1["intents"] as? Int ?? 0) } == kb.intents.count)
            let timeline = try decoded(try await adminCall(client, .get, "timeline").body)
            let milestones = try #require(timeline["milestones"] as? [[String: Any]])
            #expect(milestones.count == kb.milestones.count)
            #expect(timeline["election_date"] as? String == "2021-05-23")
            #expect(
                milestones.allSatisfy {
                    ($0["roles"] as? [[String: String]])?.allSatisfy { $0["name"]?.isEmpty == false } == true
                })
            #expect(
                Set(milestones.compactMap { $0["kind"] as? String }).isSubset(of: ["deadline", "on", "from", "until"]))
        }
    }

    @Test("the console's files come with a strict CSP, no framing, no sniffing; only plain names are served")
    func consoleHeaders() async throws {
        try await withAdminBot { client, _, _, _ in
            let redirect = try await client.execute(uri: "/admin", method: .get)
            #expect(redirect.status == .movedPermanently)
            #expect(redirect.headers[.location] == "/admin/")
            for path in ["/admin/", "/admin/..%2F..%2Fetc%2Fpasswd", "/admin/.hidden.html", "/admin/x.sqlite"] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(r.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(r.headers[.xContentTypeOptions] == "nosniff")
                if path != "/admin/" { #expect(r.status == .notFound) }
            }
        }
    }
}
