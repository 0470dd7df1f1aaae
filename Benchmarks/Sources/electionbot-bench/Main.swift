import ArgumentParser
import Foundation

/// The benchmarks that need a whole component (the answering core over the shipped knowledge, the broadcast
/// lane, the webhook server for `scripts/bench-webhook.sh`). They live outside the production binary; the
/// micro benchmarks (instructions and allocations per call) are in `Benchmarks/Micro`.
@main
struct ElectionBotBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "electionbot-bench",
        abstract: "ElectionBot's end-to-end benchmarks (build with -c release).",
        subcommands: [AnswerBench.self, BroadcastBench.self, WebhookBenchServer.self])
}

/// The repository this package sits in, so the defaults work from any directory.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
