import ArgumentParser
import BotCore
import ElectionKnowledge
import Foundation
import Storage

struct BroadcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast",
        abstract: "Send an announcement to subscribed officials, or follow one that is being sent.",
        subcommands: [Send.self, Status.self], defaultSubcommand: Send.self)

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a broadcast (the running server delivers it on its own rate lane).")
        @OptionGroup var admin: AdminOptions
        @Option(help: "A role id, a level (trung-uong, tinh, huyen, xa) or all.") var audience: String
        @Option(help: "The message, as the officials will read it.") var text: String
        @Flag(help: "Print the recipients per platform and a preview; queue nothing.") var dryRun =
            false

        func run() async throws {
            let kb = try admin.loadKnowledge()
            let audience: BroadcastAudience
            do {
                audience = try Broadcaster.audience(self.audience, kb: kb)
            } catch {
                throw AdminError(error.description)
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("--text is empty")
            }
            try await admin.withStore { store in
                let broadcaster = Broadcaster(store: store)
                if dryRun {
                    let recipients = try await broadcaster.recipients(audience)
                    var perPlatform: [String: [Subscriber]] = [:]
                    for r in recipients { perPlatform[r.platform, default: []].append(r) }
                    print("audience \(self.audience): \(recipients.count) recipient(s)")
                    for (platform, list) in perPlatform.sorted(by: { $0.key < $1.key }) {
                        let unreachable = try await countUnreachable(list, store)
                        print(
                            "  \(platform): \(list.count)"
                                + (unreachable > 0 ? " (\(unreachable) known unreachable)" : ""))
                        for s in list.prefix(20) { print("    \(s.userID)\t\(s.role)\t\(s.level)") }
                        if list.count > 20 { print("    … and \(list.count - 20) more") }
                    }
                    print(
                        "preview:\n"
                            + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  │ " + $0 }
                            .joined(separator: "\n"))
                    print("dry run: nothing queued")
                    return
                }
                let (id, queued) = try await broadcaster.send(
                    audience: audience, text: text, createdBy: adminName())
                print(
                    "broadcast \(id): \(queued) deliveries queued; follow it with: electionbot broadcast status \(id) --watch"
                )
            }
        }

        func countUnreachable(_ list: [Subscriber], _ store: SQLiteBotStore) async throws -> Int {
            var n = 0
            for s in list where try await store.isUnreachable(platform: s.platform, userID: s.chatID) {
                n += 1
            }
            return n
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a broadcast's deliveries: queued, sent, failed, unreachable, with reasons.")
        @OptionGroup var admin: AdminOptions
        @Argument(help: "The broadcast id printed when it was queued.") var id: Int64
        @Flag(help: "Keep a progress bar on screen until nothing is queued any more.") var watch = false
        @Option(help: "Seconds between two refreshes with --watch.") var interval: Double = 0.5

        func run() async throws {
            try await admin.withStore { store in
                let tty = isatty(STDOUT_FILENO) == 1
                var status = try await fetch(store)
                if watch {
                    var lastLog = ContinuousClock.now - .seconds(10)
                    while !status.isFinished {
                        // Unbuffered, so the bar redraws in place at once; a log file gets a line every 5 s instead.
                        if tty {
                            FileHandle.standardOutput.write(Data(("\r" + ProgressBar.line(status)).utf8))
                        } else if ContinuousClock.now - lastLog >= .seconds(5) {
                            lastLog = .now
                            FileHandle.standardOutput.write(Data((ProgressBar.line(status) + "\n").utf8))
                        }
                        try await Task.sleep(for: .seconds(interval))
                        status = try await fetch(store)
                    }
                    if tty {
                        FileHandle.standardOutput.write(Data(("\r" + ProgressBar.line(status) + "\n").utf8))
                    }
                }
                print(ProgressBar.report(status))
            }
        }

        func fetch(_ store: SQLiteBotStore) async throws -> BroadcastStatus {
            guard let status = try await store.broadcastStatus(id: id) else {
                throw AdminError(OfficialsError.unknownBroadcast(id).description)
            }
            return status
        }
    }
}

/// The terminal rendering of a broadcast's progress.
enum ProgressBar {
    /// `[██████░░░░]  60% 6000/10000 sent 5990 failed 2 unreachable 8 queued 4000`, fixed width.
    static func line(_ s: BroadcastStatus, width: Int = 30) -> String {
        let total = max(1, s.total)
        let done = s.total - s.counts[.queued, default: 0] - s.counts[.inflight, default: 0]
        let filled = width * done / total
        let percent = 100 * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let pct = String(repeating: " ", count: max(0, 3 - String(percent).count)) + String(percent)
        return "[\(bar)] \(pct)% \(done)/\(s.total) sent \(s.counts[.sent, default: 0]) failed "
            + "\(s.counts[.failed, default: 0]) unreachable \(s.counts[.unreachable, default: 0]) queued "
            + "\(s.counts[.queued, default: 0] + s.counts[.inflight, default: 0])   "
    }

    /// The full status: counts per state, then each failed or unreachable delivery with its reason.
    static func report(_ s: BroadcastStatus) -> String {
        var lines = [
            "broadcast \(s.broadcast.id) by \(s.broadcast.createdBy) at \(s.broadcast.createdAt), audience "
                + (s.broadcast.audience.role ?? s.broadcast.audience.level ?? "all")
                + ": \(s.total) deliveries",
            "  queued      \(s.counts[.queued, default: 0] + s.counts[.inflight, default: 0])",
            "  sent        \(s.counts[.sent, default: 0])",
            "  failed      \(s.counts[.failed, default: 0])",
            "  unreachable \(s.counts[.unreachable, default: 0])",
        ]
        var reasons: [String: Int] = [:]
        for p in s.problems {
            reasons["\(p.state): \(p.reason ?? "no reason recorded")", default: 0] += 1
        }
        if !reasons.isEmpty { lines.append("reasons:") }
        for (reason, n) in reasons.sorted(by: { $0.value > $1.value }) {
            lines.append("  \(n)× \(reason)")
        }
        for p in s.problems.prefix(50) {
            lines.append("  \(p.platform):\(p.chatID) \(p.state) — \(p.reason ?? "")")
        }
        if s.problems.count > 50 { lines.append("  … and \(s.problems.count - 50) more") }
        return lines.joined(separator: "\n")
    }
}
