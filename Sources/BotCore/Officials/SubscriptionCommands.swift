import ElectionKnowledge
import Foundation
import Logging
import Storage

/// The chat commands officials use to manage their own subscription: `/dangky MÃ` (subscribe with an
/// invite code), `/toi` (show it) and `/huy` (leave). Nobody is subscribed without sending `/dangky`.
///
/// They are answered before the knowledge base sees the text, so a code is never matched as a question.
public struct SubscriptionCommands: Sendable {
    /// One parsed command.
    public enum Command: Sendable, Equatable {
        /// `/dangky CODE`; `nil` when the code is missing.
        case subscribe(code: String?)
        case show
        case leave
        /// `/xoa`: a citizen deletes their own conversation history and subscription.
        case forget

        /// The name used in logs and the conversation log (never the code).
        public var name: String {
            switch self {
            case .subscribe: "dangky"
            case .show: "toi"
            case .leave: "huy"
            case .forget: "xoa"
            }
        }
    }

    let store: any BotStore
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: any BotStore, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.logger = logger
        self.now = now
    }

    /// Recognises `/dangky CODE`, `/dang_ky CODE`, `/toi`, `/huy`, `/xoa` (any case, with or without `@botname`);
    /// any other text is `nil` and goes to the knowledge base.
    public static func parse(_ text: String) -> Command? {
        let trimmed = text.drop { $0.isWhitespace }
        guard trimmed.first == "/" else { return nil }
        let word = trimmed.dropFirst().prefix { !$0.isWhitespace }
        let name = (word.split(separator: "@", maxSplits: 1).first.map(String.init) ?? "").lowercased()
        let rest = trimmed.dropFirst(1 + word.count).trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "dangky", "dang_ky":
            let code = rest.split(whereSeparator: \.isWhitespace).joined()
            return .subscribe(code: code.isEmpty ? nil : code)
        case "toi": return .show
        case "huy": return .leave
        case "xoa", "xoá", "xóa": return .forget
        default: return nil
        }
    }

    /// Carries out the command for this user and returns the Vietnamese reply to send.
    public func answer(
        _ command: Command, platform: String, userID: String, chatID: String, chatIsGroup: Bool,
        knowledge kb: KnowledgeBase
    ) async -> String {
        do {
            switch command {
            case .subscribe(let code):
                guard !chatIsGroup else {
                    return "Vui lòng gửi /dangky trong tin nhắn riêng với bot, không gửi trong nhóm."
                }
                guard let code else {
                    return "Vui lòng gửi kèm mã mời do quản trị viên cấp, ví dụ: /dangky AB2C3D4E"
                }
                let s = try await store.redeemInvite(
                    code: code, platform: platform, userID: userID, chatID: chatID, displayName: nil)
                logger.info(
                    "official subscribed",
                    metadata: ["channel": "\(platform)", "role": "\(s.role)", "level": "\(s.level)"])
                return "Đã đăng ký nhận nhắc việc và thông báo cho: \(Self.describe(s, kb))."
                    + "\nGửi /toi để xem đăng ký, /huy để thôi nhận."
            case .show:
                guard let s = try await store.subscription(platform: platform, userID: userID) else {
                    return
                        "Bạn chưa đăng ký nhận nhắc việc. Cán bộ được giao nhiệm vụ xin mã mời từ quản trị viên "
                        + "rồi gửi /dangky MÃ_MỜI."
                }
                var text = "Bạn đang nhận nhắc việc và thông báo cho: \(Self.describe(s, kb))"
                text += "\nĐăng ký từ: " + DateWording.date(localDate(s.subscribedAt, kb))
                if let next = nextMilestone(for: s.role, kb) {
                    text +=
                        "\nThời hạn sắp tới: \(next.title) — " + next.dueWording
                }
                return text + "\nGửi /huy để thôi nhận."
            case .leave:
                if try await store.unsubscribe(platform: platform, userID: userID) {
                    logger.info("official unsubscribed", metadata: ["channel": "\(platform)"])
                    return "Đã hủy đăng ký. Bạn sẽ không nhận nhắc việc và thông báo nữa."
                }
                return "Bạn chưa đăng ký nên không có gì để hủy."
            case .forget:
                let r = try await store.forgetUser(platform: platform, userID: userID)
                logger.info(
                    "a user deleted their history",
                    metadata: [
                        "channel": "\(platform)", "conversations": "\(r.conversations)",
                        "subscription": "\(r.subscription)",
                    ])
                var text =
                    "Đã xoá lịch sử hỏi đáp của bạn với bot (\(r.conversations) câu hỏi) và các tin đã gửi xong."
                if r.subscription { text += " Đăng ký nhận nhắc việc của bạn cũng đã được hủy." }
                return text
                    + " Tin nhắn /xoa này và câu trả lời sẽ tự xoá theo thời hạn lưu trữ. Bạn vẫn hỏi bot bình thường."
            }
        } catch let error as InviteError {
            switch error {
            case .unknownCode:
                return "Mã mời không đúng. Vui lòng kiểm tra lại mã do quản trị viên cấp."
            case .expired(let at):
                return "Mã mời đã hết hạn từ " + DateWording.date(localDate(at, kb))
                    + ". Vui lòng xin quản trị viên mã mới."
            case .usedUp(let maxUses):
                return "Mã mời đã được dùng hết \(maxUses) lượt. Vui lòng xin quản trị viên mã mới."
            }
        } catch {
            logger.error(
                "subscription command failed",
                metadata: ["subscription.command": "\(command.name)", "error": "\(error)"])
            return "Hệ thống đang bận, vui lòng thử lại sau ít phút."
        }
    }

    /// "Ủy ban bầu cử tỉnh (cấp tỉnh)"; an unknown role id is shown as it is.
    static func describe(_ s: Subscriber, _ kb: KnowledgeBase) -> String {
        let name = kb.roles.first { $0.id == s.role }?.name ?? s.role
        return "\(name) (\(AdministrativeLevel(rawValue: s.level)?.displayName ?? s.level))"
    }

    func localDate(_ date: Date, _ kb: KnowledgeBase) -> CivilDate {
        CivilDate.today(utcOffsetMinutes: kb.election.utcOffsetMinutes, now: date.timeIntervalSince1970)
    }

    func nextMilestone(for role: String, _ kb: KnowledgeBase) -> Milestone? {
        let today = localDate(now(), kb)
        return kb.milestones.filter { $0.roles.contains(role) && $0.date >= today }.min {
            $0.date < $1.date
        }
    }
}
