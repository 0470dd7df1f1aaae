import ElectionKnowledge
import Foundation
import Storage

/// Why a broadcast or an invite was refused before anything was stored.
public enum OfficialsError: Error, Equatable, CustomStringConvertible {
    case unknownAudience(String)
    case unknownRole(String)
    case unknownLevel(String)
    case levelMismatch(role: String, roleLevel: String, given: String)
    case emptyText
    case unknownBroadcast(Int64)

    public var description: String {
        switch self {
        case .unknownAudience(let a):
            "audience '\(a)' is neither 'all', a level (\(AdministrativeLevel.idList)) nor a role id"
        case .unknownRole(let r): "no role '\(r)' in election.yml (see the roles: list)"
        case .unknownLevel(let l):
            "level '\(l)' is not one of \(AdministrativeLevel.idList)"
        case .levelMismatch(let role, let roleLevel, let given):
            "role '\(role)' is at level '\(roleLevel)', not '\(given)'"
        case .emptyText: "the broadcast text is empty"
        case .unknownBroadcast(let id): "no broadcast with id \(id)"
        }
    }
}

/// Ad-hoc broadcasts to subscribed officials: resolve the audience, then create the broadcast and one durable
/// `.broadcast` outbox row per recipient (key `broadcast:<id>:<platform>:<user>`). The rows are enqueued in one
/// transaction, so a broadcast is either fully queued or (after a crash in between) shows zero deliveries.
public struct Broadcaster: Sendable {
    let store: any BotStore

    public init(store: any BotStore) { self.store = store }

    /// Reads `all`, a level id (`tinh`, `huyen`, `xa`, `trung-uong`) or a role id of the knowledge base.
    public static func audience(_ spec: String, kb: KnowledgeBase) throws(OfficialsError)
        -> BroadcastAudience
    {
        let s = spec.trimmingCharacters(in: .whitespaces)
        if s.lowercased() == "all" { return .everyone }
        if AdministrativeLevel(rawValue: s) != nil { return BroadcastAudience(level: s) }
        if kb.roles.contains(where: { $0.id == s }) { return BroadcastAudience(role: s) }
        throw .unknownAudience(spec)
    }

    /// Checks an invite's role against the election file; the level defaults to the role's own.
    public static func inviteTarget(role: String, level: String?, kb: KnowledgeBase)
        throws(OfficialsError)
        -> (role: String, level: String)
    {
        guard let r = kb.roles.first(where: { $0.id == role }) else { throw .unknownRole(role) }
        let level = level ?? r.level.rawValue
        guard AdministrativeLevel(rawValue: level) != nil else { throw .unknownLevel(level) }
        guard level == r.level.rawValue else {
            throw .levelMismatch(role: role, roleLevel: r.level.rawValue, given: level)
        }
        return (role, level)
    }

    /// The subscribers the audience reaches, in subscription order.
    public func recipients(_ audience: BroadcastAudience) async throws -> [Subscriber] {
        try await store.listSubscribers(role: audience.role, level: audience.level)
    }

    /// Creates the broadcast and queues its deliveries; returns its id and the number of rows queued.
    public func send(audience: BroadcastAudience, text: String, createdBy: String) async throws
        -> (id: Int64, queued: Int)
    {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw OfficialsError.emptyText }
        let recipients = try await recipients(audience)
        let id = try await store.createBroadcast(audience: audience, text: body, createdBy: createdBy)
        let payload = ReplyPayload(
            text: body, suggestions: [], replyToMessageID: nil, callbackQueryID: nil
        ).encoded()
        let items = recipients.map { s in
            OutboxItem(
                lane: .broadcast, platform: s.platform, chatID: s.chatID, payload: payload,
                uniqueKey: "broadcast:\(id):\(s.platform):\(s.userID)", broadcastID: id)
        }
        let ids = try await store.enqueue(items)
        return (id, ids.reduce(0) { $0 + ($1 == nil ? 0 : 1) })
    }
}
