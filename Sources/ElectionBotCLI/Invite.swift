import ArgumentParser
import BotCore
import ElectionKnowledge
import Foundation
import Storage

struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Issue an invitation code with which an official subscribes in chat (/dangky CODE).")

    @OptionGroup var admin: AdminOptions

    @Option(help: "Role id from election.yml (roles:), e.g. uy-ban-bau-cu-xa.") var role: String
    @Option(help: "Level: trung-uong, tinh, huyen or xa (default: the role's level).") var level: String?
    @Option(help: "Days until the code expires (default: never).") var expiresDays: Int?
    @Option(help: "How many officials may use the code.") var maxUses: Int = 1

    func run() async throws {
        guard maxUses >= 1 else { throw ValidationError("--max-uses must be at least 1") }
        if let expiresDays, expiresDays < 1 {
            throw ValidationError("--expires-days must be at least 1")
        }
        let kb = try admin.loadKnowledge()
        let target = try admin.target(role: role, level: level, in: kb)
        try await admin.withStore { store in
            let expires = expiresDays.map { Date().addingTimeInterval(Double($0) * 86_400) }
            let code = try await store.createInvite(
                role: target.role, level: target.level, expiresAt: expires, maxUses: maxUses)
            let name = kb.roles.first { $0.id == target.role }?.name ?? target.role
            print(code)
            FileHandle.standardError.write(
                Data(
                    ("invite for \(name) (\(AdministrativeLevel(rawValue: target.level)?.displayName ?? target.level)), \(maxUses) use(s)"
                        + (expires.map { ", expires \($0)" } ?? ", never expires")
                        + "; the official sends: /dangky \(code)\n").utf8))
        }
    }
}
