import Dispatch
import ElectionKnowledge
import Foundation
import IntentFiles
import Synchronization

/// Which knowledge base is serving: its content hash, how many files and intents, when and why it was loaded.
/// It is in `/healthz`, the metrics and every conversation-log row.
public struct KnowledgeVersion: Sendable, Hashable {
    public var hash: String
    public var files: Int
    public var intents: Int
    public var loadedAt: Date
    /// `start`, `watch`, `signal`, `api:NAME` (the admin who asked) or `cli`.
    public var trigger: String
}

/// The outcome of one reload attempt: what `/admin/api/knowledge` shows as the last reload.
public struct ReloadReport: Sendable, Hashable {
    public var at: Date
    public var trigger: String
    /// `file:line: message` lines; empty when the new knowledge base went live.
    public var errors: [String]
    /// The version serving after the attempt: the new one, or the old one when the edit was refused.
    public var version: KnowledgeVersion
    /// True when the files had not changed, so nothing was swapped.
    public var unchanged: Bool

    public var ok: Bool { errors.isEmpty }
}

/// The knowledge base currently served. A reload validates a whole new snapshot first and swaps it in
/// atomically; a broken edit is refused with its file:line problems and the old snapshot keeps serving.
///
/// Loads run one at a time on their own serial queue, never on the request path nor on Swift's cooperative
/// threads (parsing and indexing 20 files takes a CPU for a noticeable time): requests keep reading the old
/// snapshot, lock-free of the load, until the swap.
public final class KnowledgeHolder: Sendable {
    private struct State: Sendable {
        var base: KnowledgeBase
        var version: KnowledgeVersion
        var files: [KnowledgeFile]
        var lastReload: ReloadReport?
    }

    private let state: Mutex<State>
    private let loads = DispatchQueue(label: "electionbot.knowledge-reload")
    private let clock: @Sendable () -> Date
    public let directory: String

    public init(directory: String, trigger: String = "start", clock: @escaping @Sendable () -> Date = Date.init)
        throws(IntentLoadError)
    {
        self.directory = directory
        self.clock = clock
        let loaded = try IntentLoader.loadInventory(directory: directory).get()
        state = Mutex(Self.state(loaded, trigger: trigger, at: clock()))
    }

    public init(_ kb: KnowledgeBase, directory: String = "intents", clock: @escaping @Sendable () -> Date = Date.init) {
        self.directory = directory
        self.clock = clock
        let version = KnowledgeVersion(
            hash: kb.version, files: 0, intents: kb.intents.count, loadedAt: clock(), trigger: "start")
        state = Mutex(State(base: kb, version: version, files: [], lastReload: nil))
    }

    private static func state(_ loaded: LoadedKnowledge, trigger: String, at: Date) -> State {
        State(
            base: loaded.base,
            version: KnowledgeVersion(
                hash: loaded.base.version, files: loaded.files.count, intents: loaded.base.intents.count, loadedAt: at,
                trigger: trigger),
            files: loaded.files, lastReload: nil)
    }

    public var snapshot: KnowledgeBase { state.withLock { $0.base } }
    public var version: KnowledgeVersion { state.withLock { $0.version } }
    public var files: [KnowledgeFile] { state.withLock { $0.files } }
    public var lastReload: ReloadReport? { state.withLock { $0.lastReload } }

    /// Re-reads the directory off the caller's thread; waits for loads already running first.
    public func reload(trigger: String) async -> ReloadReport {
        await withCheckedContinuation { continuation in
            loads.async { continuation.resume(returning: self.reloadNow(trigger: trigger)) }
        }
    }

    /// Re-reads the directory on the calling thread (the command line, tests). Concurrent callers of
    /// `reload(trigger:)` are serialized on the load queue; this one is not, so use one or the other.
    @discardableResult
    public func reloadNow(trigger: String) -> ReloadReport {
        let at = clock()
        let report: ReloadReport
        switch IntentLoader.loadInventory(directory: directory) {
        case .success(let loaded):
            report = state.withLock { s in
                // Same content, same answers: keep the snapshot (and its warm daily caches), note the attempt.
                let unchanged = loaded.base.version == s.version.hash
                if !unchanged { s = Self.state(loaded, trigger: trigger, at: at) }
                let r = ReloadReport(at: at, trigger: trigger, errors: [], version: s.version, unchanged: unchanged)
                s.lastReload = r
                return r
            }
        case .failure(let error):
            report = state.withLock { s in
                let r = ReloadReport(
                    at: at, trigger: trigger, errors: error.diagnostics.map(\.description), version: s.version,
                    unchanged: true)
                s.lastReload = r
                return r
            }
        }
        return report
    }
}
