import ArgumentParser
import BotCore
import ElectionKnowledge
import Foundation
import Storage

struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "List, add and remove officials subscribed to reminders and broadcasts.",
        subcommands: [List.self, Add.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List subscribers (tab-separated).")
        @OptionGroup var admin: AdminOptions
        @Option(help: "Only this role id.") var role: String?
        @Option(help: "Only this level.") var level: String?

        func run() async throws {
            try await admin.withStore { store in
                let list = try await store.listSubscribers(role: role, level: level)
                print("platform\tuser\tchat\trole\tlevel\tsubscribed_at\tvia")
                let iso = ISO8601DateFormatter()
                for s in list {
                    print(
                        "\(s.platform)\t\(s.userID)\t\(s.chatID)\t\(s.role)\t\(s.level)\t\(iso.string(from: s.subscribedAt))\t"
                            + (s.inviteCode == nil ? "admin" : "invite"))
                }
                FileHandle.standardError.write(Data("\(list.count) subscriber(s)\n".utf8))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Subscribe an official directly (only with their consent; /dangky is the usual way).")
        @OptionGroup var admin: AdminOptions
        @Option(help: "telegram, messenger or zalo.") var platform: String
        @Option(help: "The platform's user id.") var user: String
        @Option(help: "Where to write (Telegram chat id; default: the user id).") var chat: String?
        @Option(help: "Role id from election.yml.") var role: String
        @Option(help: "Level (default: the role's level).") var level: String?

        func run() async throws {
            guard ["telegram", "messenger", "zalo"].contains(platform) else {
                throw ValidationError("--platform must be telegram, messenger or zalo")
            }
            let kb = try admin.loadKnowledge()
            let target = try admin.target(role: role, level: level, in: kb)
            try await admin.withStore { store in
                try await store.addSubscriber(
                    Subscriber(
                        platform: platform, userID: user, chatID: chat ?? user, role: target.role,
                        level: target.level,
                        subscribedAt: Date()))
                print("subscribed \(platform):\(user) as \(target.role) (\(target.level))")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe an official.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "telegram, messenger or zalo.") var platform: String
        @Option(help: "The platform's user id.") var user: String

        func run() async throws {
            try await admin.withStore { store in
                if try await store.removeSubscriber(platform: platform, userID: user) {
                    print("removed \(platform):\(user)")
                } else {
                    FileHandle.standardError.write(Data("\(platform):\(user) was not subscribed\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}
