import Dispatch
import Foundation
import IntentFiles
import Logging
import ServiceLifecycle

/// Every way a running server picks up edited knowledge files goes through here, so each reload is logged,
/// counted and remembered the same way: the file watcher, SIGHUP and `POST /admin/api/reload`.
public struct KnowledgeReloader: Sendable {
    public let knowledge: KnowledgeHolder
    let metrics: BotMetrics
    let logger: Logger

    public init(knowledge: KnowledgeHolder, metrics: BotMetrics, logger: Logger) {
        self.knowledge = knowledge
        self.metrics = metrics
        self.logger = logger
        metrics.knowledgeVersion(knowledge.version)
    }

    @discardableResult
    public func reload(trigger: String) async -> ReloadReport {
        let report = await knowledge.reload(trigger: trigger)
        if !report.ok {
            metrics.knowledgeReload(result: "refused")
            logger.error(
                "knowledge edit refused; the previous knowledge keeps serving",
                metadata: [
                    "trigger": "\(trigger)", "kb.version": "\(report.version.hash)",
                    "problems": "\(report.errors.count)",
                ])
            // One line per problem, as `electionbot check` prints them, so a log search finds the file.
            for line in report.errors.prefix(50) { logger.error("\(line)") }
        } else if report.unchanged {
            metrics.knowledgeReload(result: "unchanged")
            logger.debug("knowledge files unchanged", metadata: ["trigger": "\(trigger)"])
        } else {
            metrics.knowledgeReload(result: "ok")
            metrics.knowledgeVersion(report.version)
            logger.info(
                "knowledge reloaded",
                metadata: [
                    "trigger": "\(trigger)", "kb.version": "\(report.version.hash)",
                    "files": "\(report.version.files)", "intents": "\(report.version.intents)",
                ])
        }
        return report
    }
}

/// Polls the knowledge directory and reloads when its files change. A save is often several writes (an
/// editor's temporary file and rename, `git checkout` of many files): the reload waits until the directory
/// has been still for one more interval, so a burst gives one reload, of the finished state.
public struct KnowledgeWatchService: Service {
    let reloader: KnowledgeReloader
    let interval: Duration

    public init(reloader: KnowledgeReloader, interval: Duration) {
        self.reloader = reloader
        self.interval = interval
    }

    public func run() async throws {
        let directory = reloader.knowledge.directory
        await cancelWhenGracefulShutdown {
            var seen = IntentLoader.signature(directory: directory)
            var pending: [String]?
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                let now = IntentLoader.signature(directory: directory)
                if let changed = pending {
                    // Still moving: wait another interval for the burst to end.
                    if now != changed {
                        pending = now
                        continue
                    }
                    pending = nil
                    seen = now
                    await reloader.reload(trigger: "watch")
                } else if now != seen {
                    pending = now
                }
            }
        }
    }
}

/// `kill -HUP` reloads the knowledge, the Unix convention for "re-read your configuration".
public struct KnowledgeSignalService: Service {
    let reloader: KnowledgeReloader

    public init(reloader: KnowledgeReloader) { self.reloader = reloader }

    public func run() async throws {
        // Dispatch's signal source needs the default action off, or SIGHUP would still end the process.
        signal(SIGHUP, SIG_IGN)
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        defer {
            source.cancel()
            continuation.finish()
        }
        await cancelWhenGracefulShutdown {
            for await _ in signals { await reloader.reload(trigger: "signal") }
        }
    }
}
