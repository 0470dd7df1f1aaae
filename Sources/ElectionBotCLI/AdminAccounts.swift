import ArgumentParser
import BotCore
import Foundation
import Storage

/// `electionbot admin add|list|remove`: the named accounts of the admin API and console.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage the accounts of the admin API and web console (/admin/).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; prints its token once on standard output (only a hash is stored).")

        @OptionGroup var admin: AdminOptions
        @Argument(help: "Account name: letters, digits, '.', '_' or '-', up to 40.") var name: String

        func run() async throws {
            guard AdminNames.isValid(name) else {
                throw ValidationError(Storage.AdminError.invalidName(name).description)
            }
            let token = AdminTokens.generate()
            try await admin.withStore { store in
                do {
                    try await store.addAdmin(name: name, tokenDigest: AdminTokens.digest(token))
                } catch let error as Storage.AdminError {
                    throw AdminError(error.description)
                }
                try await store.appendAudit(
                    AuditEntry(at: Date(), admin: adminName(), action: "admin.add", detail: name))
            }
            // Standard output is the token alone, so scripts can capture it; the advice goes to standard error.
            print(token)
            FileHandle.standardError.write(
                Data(
                    ("admin '\(name)' created. Keep the token above: it is shown only now. Send it as "
                        + "`Authorization: Bearer TOKEN`, or paste it into the console at /admin/.\n").utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts (never their tokens).")
        @OptionGroup var admin: AdminOptions

        func run() async throws {
            try await admin.withStore { store in
                let accounts = try await store.listAdmins()
                if accounts.isEmpty {
                    FileHandle.standardError.write(Data("no admin accounts: the admin API is off\n".utf8))
                }
                for a in accounts {
                    let used = a.lastUsedAt.map { $0.formatted(.iso8601) } ?? "never"
                    print("\(a.name)\tcreated \(a.createdAt.formatted(.iso8601))\tlast used \(used)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account; its token stops working at once.")
        @OptionGroup var admin: AdminOptions
        @Argument var name: String

        func run() async throws {
            try await admin.withStore { store in
                guard try await store.removeAdmin(name: name) else { throw AdminError("no admin named '\(name)'") }
                try await store.appendAudit(
                    AuditEntry(at: Date(), admin: adminName(), action: "admin.remove", detail: name))
                FileHandle.standardError.write(Data("admin '\(name)' removed\n".utf8))
            }
        }
    }
}

/// `electionbot prune`: applies the retention policy now, as the server's background service does.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete rows older than the retention policy (RETENTION_* variables); --dry-run only counts.")

    @OptionGroup var admin: AdminOptions
    @Flag(help: "Count what would be deleted, delete nothing.") var dryRun = false
    @Option(help: "Rows per table per transaction.") var batch = 500

    func run() async throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        let config = try admin.config
        try await admin.withStore { store in
            var total = PruneReport()
            if dryRun {
                total = try await store.prune(policy: config.retention.policy, now: Date(), batch: batch, dryRun: true)
            } else {
                while true {
                    let r = try await store.prune(
                        policy: config.retention.policy, now: Date(), batch: batch, dryRun: false)
                    total = total + r
                    if r.total == 0 { break }
                }
            }
            print((dryRun ? "would delete: " : "deleted: ") + total.description)
        }
    }
}
