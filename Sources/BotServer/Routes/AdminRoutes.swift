import BotCore
import Channels
import ElectionKnowledge
import Foundation
import HTTPTypes
import Hummingbird
import IntentFiles
import JSONWire
import Logging
import NIOCore
import Storage
import Synchronization

/// `/admin/api/…`: the admins' JSON API (the contract is docs/admin-api.md). Off until an admin account
/// exists; every request carries `Authorization: Bearer TOKEN`; failed attempts are limited per client
/// address; every change is written to the audit log with the admin's name.
struct AdminRoutes: Sendable {
    let deps: BotDependencies
    let reloader: KnowledgeReloader
    let doorbell: Doorbell
    let failures: FailedLogins

    static let maxBody = 64 * 1024

    func register(on router: Router<BotRequestContext>) {
        let api = router.group("/admin/api")
        api.get("whoami") { r, c in try await admin(r, c) { name in json(.ok, ["name": .string(name)]) } }
        api.get("knowledge") { r, c in try await admin(r, c) { _ in knowledgeStatus() } }
        api.post("reload") { r, c in try await admin(r, c) { name in await reload(by: name) } }
        api.get("stats") { r, c in try await admin(r, c) { _ in try await stats(r) } }
        api.get("unanswered") { r, c in try await admin(r, c) { name in try await unanswered(r, by: name) } }
        api.post("try") { r, c in try await admin(r, c) { _ in try await tryQuestion(r) } }
        api.get("timeline") { r, c in try await admin(r, c) { _ in timeline() } }
        api.get("broadcasts") { r, c in try await admin(r, c) { _ in try await broadcasts() } }
        api.post("broadcasts") { r, c in try await admin(r, c) { name in try await broadcast(r, by: name) } }
        api.get("subscribers") { r, c in try await admin(r, c) { _ in try await subscribers() } }
        api.delete("subscribers/{platform}/{user}") { r, c in
            try await admin(r, c) { name in try await removeSubscriber(c, by: name) }
        }
        api.post("invites") { r, c in try await admin(r, c) { name in try await invite(r, by: name) } }
        api.get("audit") { r, c in try await admin(r, c) { _ in try await audit() } }
    }

    // MARK: authentication

    /// Runs `body` for an authenticated admin, or answers 401/404/429 without running it.
    func admin(
        _ request: Request, _ context: BotRequestContext, _ body: (String) async throws -> Response
    ) async throws -> Response {
        let address = context.clientAddress
        if let wait = failures.blocked(address) {
            deps.metrics.adminAuthFailure(reason: "rate_limited")
            let seconds = max(1, Int(wait.components.seconds) + 1)
            return json(
                .tooManyRequests,
                ["error": "too many failed attempts; retry later", "retry_after": .int(Int64(seconds))],
                extra: [.retryAfter: String(seconds)])
        }
        let header = request.headers[.authorization] ?? ""
        let token = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
        if !token.isEmpty, let name = try await deps.store.admin(tokenDigest: AdminTokens.digest(token)) {
            return try await body(name)
        }
        if try await deps.store.listAdmins().isEmpty {
            return json(.notFound, ["error": "the admin API is off: no admin account (electionbot admin add NAME)"])
        }
        failures.record(address)
        let reason = token.isEmpty ? "missing" : "wrong"
        deps.metrics.adminAuthFailure(reason: reason)
        // The address and why, never the token (not even a prefix of it).
        context.logger.warning(
            "admin API request refused", metadata: ["client": "\(address)", "reason": "\(reason)"])
        return json(
            .unauthorized, ["error": token.isEmpty ? "missing bearer token" : "invalid token"],
            extra: [.wwwAuthenticate: "Bearer"])
    }

    // MARK: knowledge

    func knowledgeStatus() -> Response {
        let holder = reloader.knowledge
        var members: [(String, JSONValue)] = [
            ("version", Self.version(holder.version)),
            (
                "files",
                .array(
                    holder.files.map { f in
                        .object(
                            JSONObject([
                                ("name", .string(f.name)), ("intents", .int(Int64(f.intents))),
                                ("bytes", .int(Int64(f.bytes))),
                            ]))
                    })
            ),
        ]
        members.append(("last_reload", holder.lastReload.map(Self.reloadJSON) ?? .null))
        return json(.ok, .object(JSONObject(members)))
    }

    func reload(by name: String) async -> Response {
        let report = await reloader.reload(trigger: "api:" + name)
        await recordAudit(
            name, "reload",
            report.ok
                ? (report.unchanged ? "unchanged \(report.version.hash)" : "now \(report.version.hash)")
                : "refused: \(report.errors.count) problem(s); still \(report.version.hash)")
        if report.ok {
            return json(.ok, ["version": Self.version(report.version), "unchanged": .bool(report.unchanged)])
        }
        return json(
            .unprocessableContent,
            ["errors": .array(report.errors.map { .string($0) }), "version": Self.version(report.version)])
    }

    static func version(_ v: KnowledgeVersion) -> JSONValue {
        [
            "hash": .string(v.hash), "files": .int(Int64(v.files)), "intents": .int(Int64(v.intents)),
            "loaded_at": .string(iso(v.loadedAt)), "trigger": .string(v.trigger),
        ]
    }

    static func reloadJSON(_ r: ReloadReport) -> JSONValue {
        [
            "at": .string(iso(r.at)), "trigger": .string(r.trigger), "ok": .bool(r.ok),
            "errors": .array(r.errors.map { .string($0) }),
        ]
    }

    // MARK: what citizens asked

    func days(_ request: Request) throws -> Int {
        guard let v = request.uri.queryParameters["days"] else { return 30 }
        guard let d = Int(String(v)), (1...366).contains(d) else {
            throw HTTPError(.badRequest, message: "days must be a whole number from 1 to 366")
        }
        return d
    }

    func stats(_ request: Request) async throws -> Response {
        let days = try days(request)
        let kb = reloader.knowledge.snapshot
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        let s = try await deps.store.conversationStats(
            since: since, utcOffsetSeconds: kb.election.utcOffsetMinutes * 60, top: 10)
        let groups = UnansweredGroup.group(try await deps.store.unansweredQuestions(since: since, limit: 5000))
        let perDay: [JSONValue] = s.days.map { d in
            [
                "day": .string(CivilDate(dayNumber: d.dayNumber).iso), "questions": .int(Int64(d.questions)),
                "fallbacks": .int(Int64(d.fallbacks)),
                "platforms": .object(
                    JSONObject(d.perPlatform.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ]
        }
        let body: JSONValue = [
            "days": .array(perDay),
            "totals": [
                "questions": .int(Int64(s.questions)), "answered": .int(Int64(s.questions - s.fallbacks)),
                "fallbacks": .int(Int64(s.fallbacks)),
            ],
            "top_intents": .array(
                s.topIntents.map { t in
                    [
                        "intent": .string(t.key), "title": .string(kb.intent(id: t.key)?.title ?? t.key),
                        "count": .int(Int64(t.count)),
                    ]
                }),
            "top_fallbacks": .array(
                groups.prefix(10).map { g in ["text": .string(g.folded), "count": .int(Int64(g.count))] }),
            "answer_micros": [
                "p50": s.answerMicrosP50.map { .int(Int64($0)) } ?? .null,
                "p99": s.answerMicrosP99.map { .int(Int64($0)) } ?? .null,
            ],
        ]
        return json(.ok, body)
    }

    func unanswered(_ request: Request, by name: String) async throws -> Response {
        let days = try days(request)
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        let groups = UnansweredGroup.group(try await deps.store.unansweredQuestions(since: since, limit: 5000))
        let csv = request.uri.queryParameters["format"] == "csv"
        // Exporting what citizens wrote is personal data leaving the server: the audit log says who did.
        await recordAudit(
            name, "unanswered.export", "\(csv ? "csv" : "json"), \(groups.count) group(s), \(days) day(s)")
        if csv {
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"unanswered.csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: UnansweredGroup.csv(groups))))
        }
        let body: JSONValue = [
            "groups": .array(
                groups.map { g in
                    [
                        "folded": .string(g.folded), "count": .int(Int64(g.count)),
                        "first_seen": .string(Self.iso(g.firstSeen)), "last_seen": .string(Self.iso(g.lastSeen)),
                        "nearest_intent": g.nearestIntent.map { .string($0) } ?? .null,
                        "examples": .array(g.examples.map { .string($0) }), "snippet": .string(g.snippet),
                    ]
                })
        ]
        return json(.ok, body)
    }

    func tryQuestion(_ request: Request) async throws -> Response {
        let body = try await readJSON(request)
        guard let text = body["text"]?.string, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPError(.badRequest, message: "\"text\" must be a non-empty string")
        }
        guard text.unicodeScalars.count <= InboundText.maxScalars else {
            throw HTTPError(.badRequest, message: "\"text\" is longer than \(InboundText.maxScalars) characters")
        }
        let kb = reloader.knowledge.snapshot
        let today: CivilDate
        if let iso = body["today"]?.string {
            guard let d = CivilDate(iso: iso) else {
                throw HTTPError(.badRequest, message: "\"today\" must be YYYY-MM-DD")
            }
            today = d
        } else {
            today = CivilDate.today(utcOffsetMinutes: kb.election.utcOffsetMinutes, now: Date().timeIntervalSince1970)
        }
        let e = kb.explain(text, today: today)
        let answer: JSONValue = [
            "reply": .string(e.reply.text), "intent": e.reply.intent.map { .string($0) } ?? .null,
            "outcome": .string(e.outcome.rawValue), "confidence": .double(e.reply.confidence),
            "today": .string(today.iso), "kb_version": .string(kb.version),
            "sources": .array(e.reply.sources.map { .string($0) }),
            "suggestions": .array(e.reply.suggestions.map { .string($0.title) }),
            "ranking": .array(
                e.ranking.map { c in
                    [
                        "intent": .string(c.intent), "title": .string(c.title), "score": .double(c.score),
                        "why": .string(c.why),
                    ]
                }),
            "explanation": .string(e.summary),
        ]
        return json(.ok, answer)
    }

    func timeline() -> Response {
        let kb = reloader.knowledge.snapshot
        let names = Dictionary(kb.roles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let today = CivilDate.today(utcOffsetMinutes: kb.election.utcOffsetMinutes, now: Date().timeIntervalSince1970)
        let body: JSONValue = [
            "election_date": .string(kb.election.date.iso), "today": .string(today.iso),
            "election": .string(kb.election.name),
            "milestones": .array(
                kb.milestones.map { m in
                    var o: [(String, JSONValue)] = [
                        ("id", .string(m.id)), ("title", .string(m.title)), ("date", .string(m.date.iso)),
                        ("kind", .string(m.kind.rawValue)),
                    ]
                    if let t = m.time { o.append(("time", .string(t.description))) }
                    o.append(
                        ("roles", .array(m.roles.map { ["id": .string($0), "name": .string(names[$0] ?? $0)] })))
                    return .object(JSONObject(o))
                }),
        ]
        return json(.ok, body)
    }

    // MARK: officials

    func broadcasts() async throws -> Response {
        var list: [JSONValue] = []
        for b in try await deps.store.recentBroadcasts(limit: 50) {
            let status = try await deps.store.broadcastStatus(id: b.id)
            list.append(Self.broadcastJSON(b, status))
        }
        return json(.ok, ["broadcasts": .array(list)])
    }

    static func broadcastJSON(_ b: BroadcastRecord, _ s: BroadcastStatus?) -> JSONValue {
        let c = s?.counts ?? [:]
        var audience: [(String, JSONValue)] = []
        if let r = b.audience.role { audience.append(("role", .string(r))) }
        if let l = b.audience.level { audience.append(("level", .string(l))) }
        return [
            "id": .int(b.id), "text": .string(b.text), "created_by": .string(b.createdBy),
            "created_at": .string(iso(b.createdAt)), "audience": .object(JSONObject(audience)),
            "total": .int(Int64(s?.total ?? 0)), "sent": .int(Int64(c[.sent, default: 0])),
            "failed": .int(Int64(c[.failed, default: 0] + c[.unreachable, default: 0])),
            "pending": .int(Int64(c[.queued, default: 0] + c[.inflight, default: 0])),
        ]
    }

    func broadcast(_ request: Request, by name: String) async throws -> Response {
        let body = try await readJSON(request)
        let kb = reloader.knowledge.snapshot
        guard let text = body["text"]?.string, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPError(.badRequest, message: "\"text\" must be a non-empty string")
        }
        let role = body["role"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        let level = body["level"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        if let role, !kb.roles.contains(where: { $0.id == role }) {
            throw HTTPError(.badRequest, message: OfficialsError.unknownRole(role).description)
        }
        if let level, AdministrativeLevel(rawValue: level) == nil {
            throw HTTPError(.badRequest, message: OfficialsError.unknownLevel(level).description)
        }
        let audience = BroadcastAudience(role: role, level: level)
        let broadcaster = Broadcaster(store: deps.store)
        if body["dry_run"]?.bool == true {
            let n = try await broadcaster.recipients(audience).count
            return json(.ok, ["dry_run": true, "recipients": .int(Int64(n))])
        }
        let (id, queued) = try await broadcaster.send(audience: audience, text: text, createdBy: name)
        doorbell.ring()
        await recordAudit(
            name, "broadcast", "#\(id) to \(queued) recipient(s), role \(role ?? "any"), level \(level ?? "any")")
        guard let status = try await deps.store.broadcastStatus(id: id) else { throw HTTPError(.internalServerError) }
        return json(.created, ["broadcast": Self.broadcastJSON(status.broadcast, status)])
    }

    func subscribers() async throws -> Response {
        let list = try await deps.store.listSubscribers()
        return json(
            .ok,
            [
                "subscribers": .array(
                    list.map { s in
                        var o: [(String, JSONValue)] = [
                            ("platform", .string(s.platform)), ("user_id", .string(s.userID)),
                        ]
                        if let d = s.displayName { o.append(("display_name", .string(d))) }
                        o += [
                            ("role", .string(s.role)), ("level", .string(s.level)),
                            ("subscribed_at", .string(Self.iso(s.subscribedAt))),
                        ]
                        return .object(JSONObject(o))
                    })
            ])
    }

    func removeSubscriber(_ context: BotRequestContext, by name: String) async throws -> Response {
        let platform = try context.parameters.require("platform")
        let user = try context.parameters.require("user")
        guard try await deps.store.removeSubscriber(platform: platform, userID: user) else {
            return json(.notFound, ["error": "no such subscriber"])
        }
        await recordAudit(name, "subscriber.remove", "\(platform):\(user)")
        return json(.ok, ["removed": true])
    }

    func invite(_ request: Request, by name: String) async throws -> Response {
        let body = try await readJSON(request)
        let kb = reloader.knowledge.snapshot
        guard let role = body["role"]?.string else { throw HTTPError(.badRequest, message: "\"role\" is required") }
        let target: (role: String, level: String)
        do { target = try Broadcaster.inviteTarget(role: role, level: body["level"]?.string, kb: kb) } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
        let uses = Int(body["max_uses"]?.int64 ?? 1)
        let days = Int(body["days"]?.int64 ?? 7)
        guard (1...1000).contains(uses), (1...365).contains(days) else {
            throw HTTPError(.badRequest, message: "max_uses must be 1–1000 and days 1–365")
        }
        let code = try await deps.store.createInvite(
            role: target.role, level: target.level, expiresAt: Date().addingTimeInterval(Double(days) * 86_400),
            maxUses: uses)
        // The code itself stays out of the audit log: it is a credential until used.
        await recordAudit(name, "invite.create", "\(target.role) (\(target.level)), \(uses) use(s), \(days) day(s)")
        return json(.created, ["code": .string(code), "role": .string(target.role), "level": .string(target.level)])
    }

    func audit() async throws -> Response {
        let entries = try await deps.store.auditEntries(limit: 200)
        return json(
            .ok,
            [
                "entries": .array(
                    entries.map { e in
                        [
                            "at": .string(Self.iso(e.at)), "admin": .string(e.admin), "action": .string(e.action),
                            "detail": .string(e.detail),
                        ]
                    })
            ])
    }

    // MARK: helpers

    func recordAudit(_ admin: String, _ action: String, _ detail: String) async {
        do {
            try await deps.store.appendAudit(AuditEntry(at: Date(), admin: admin, action: action, detail: detail))
        } catch {
            deps.logger.error(
                "could not write the audit log",
                metadata: ["admin": "\(admin)", "action": "\(action)", "error": "\(error)"])
        }
    }

    func readJSON(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: Self.maxBody)
        do {
            let value = try JSONWire.parse(Array(buffer.readableBytesView))
            guard value.object != nil else { throw HTTPError(.badRequest, message: "the body must be a JSON object") }
            return value
        } catch let error as JSONWireError {
            throw HTTPError(.badRequest, message: "malformed JSON: \(error)")
        }
    }

    static func iso(_ d: Date) -> String { d.formatted(.iso8601) }
}

/// A JSON response the console reads; never cached (it carries what citizens wrote).
func json(_ status: HTTPResponse.Status, _ body: JSONValue, extra: HTTPFields = [:]) -> Response {
    var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
    headers.append(contentsOf: extra)
    return Response(
        status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWire.serializedString(body))))
}

/// Failed admin logins per client address: after `limit` in `window`, the address waits until the window
/// that began with its first failure has passed. Bounded: past `maxAddresses` the oldest windows go.
final class FailedLogins: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    let limit: Int
    let window: Duration
    let maxAddresses = 10_000
    private let state = Mutex<[String: Window]>([:])

    init(limit: Int = 10, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// How long the address must still wait, or `nil` when it may try.
    func blocked(_ address: String) -> Duration? {
        let now = ContinuousClock.now
        return state.withLock { s in
            guard let w = s[address] else { return nil }
            let end = w.start + window
            if now >= end {
                s[address] = nil
                return nil
            }
            return w.count >= limit ? end - now : nil
        }
    }

    func record(_ address: String) {
        let now = ContinuousClock.now
        state.withLock { s in
            if var w = s[address], now < w.start + window {
                w.count += 1
                s[address] = w
            } else {
                if s.count >= maxAddresses {
                    let window = self.window
                    s = s.filter { now < $0.value.start + window }
                }
                s[address] = Window(start: now, count: 1)
            }
        }
    }
}
