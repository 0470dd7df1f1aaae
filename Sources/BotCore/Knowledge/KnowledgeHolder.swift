import ElectionKnowledge
import IntentFiles
import Synchronization

/// The knowledge base currently served. A reload validates a whole new snapshot first and swaps it in
/// atomically; a broken edit is refused with its file:line problems and the old snapshot keeps serving.
public final class KnowledgeHolder: Sendable {
    private let current: Mutex<KnowledgeBase>
    public let directory: String

    public init(directory: String) throws(IntentLoadError) {
        self.directory = directory
        current = Mutex(try IntentLoader.load(directory: directory).get())
    }

    public init(_ kb: KnowledgeBase, directory: String = "intents") {
        self.directory = directory
        current = Mutex(kb)
    }

    public var snapshot: KnowledgeBase { current.withLock { $0 } }

    /// Re-reads the directory; returns the problems (and keeps the old snapshot) when it does not validate.
    @discardableResult
    public func reload() -> Result<String, IntentLoadError> {
        switch IntentLoader.load(directory: directory) {
        case .success(let kb):
            current.withLock { $0 = kb }
            return .success(kb.version)
        case .failure(let e):
            return .failure(e)
        }
    }
}
