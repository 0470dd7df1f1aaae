import ElectionKnowledge
import Foundation

/// One knowledge file of a loaded directory, as the admin API lists it.
public struct KnowledgeFile: Sendable, Hashable {
    /// The name as diagnostics print it (`intents/luat-c-bo-phieu.yml`).
    public var name: String
    public var intents: Int
    public var bytes: Int

    public init(name: String, intents: Int, bytes: Int) {
        self.name = name
        self.intents = intents
        self.bytes = bytes
    }
}

/// A validated knowledge base with the files it came from.
public struct LoadedKnowledge: Sendable {
    public var base: KnowledgeBase
    public var files: [KnowledgeFile]
}

extension IntentLoader {
    /// `load(directory:)` with the list of files and what each defined.
    public static func loadInventory(
        directory: String, thresholds: KnowledgeBase.Thresholds = .init()
    ) -> Result<LoadedKnowledge, IntentLoadError> {
        let (result, _, files) = inventory(directory: directory, thresholds: thresholds)
        return result.map { LoadedKnowledge(base: $0, files: files) }
    }

    /// What changes when a knowledge file is written, added, removed or renamed: each YAML file's path, size
    /// and modification time. Polling this is a few `stat` calls, far cheaper than loading.
    public static func signature(directory: String) -> [String] {
        guard let files = try? yamlFiles(in: directory) else { return [] }
        return files.map { path in
            // Through symlinks (ConfigMap volumes swap the link's target, not the link).
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let attributes = try? FileManager.default.attributesOfItem(atPath: target)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(path)\u{1F}\(target)\u{1F}\(size)\u{1F}\(modified)"
        }
    }
}
