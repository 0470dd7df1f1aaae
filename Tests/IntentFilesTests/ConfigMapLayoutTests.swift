import ElectionKnowledge
import Foundation
import IntentFiles
import Testing

/// A Kubernetes ConfigMap volume: the files live in a hidden `..<timestamp>/` directory, `..data` links to it,
/// and each visible `x.yml` links to `..data/x.yml`; an update writes a new hidden directory and swaps `..data`.
@Suite("Knowledge directories mounted from a Kubernetes ConfigMap")
struct ConfigMapLayoutTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("intents")

    /// Copies the shipped files into `root/..name/` and points `..data` at it.
    func publish(_ root: URL, version name: String, editing: ((URL) throws -> Void)? = nil) throws {
        let fm = FileManager.default
        let hidden = root.appendingPathComponent("..\(name)")
        try fm.createDirectory(at: hidden, withIntermediateDirectories: true)
        for file in try fm.contentsOfDirectory(atPath: Self.shipped.path) where file.hasSuffix(".yml") {
            try fm.copyItem(at: Self.shipped.appendingPathComponent(file), to: hidden.appendingPathComponent(file))
            let link = root.appendingPathComponent(file)
            if !fm.fileExists(atPath: link.path) {
                try fm.createSymbolicLink(atPath: link.path, withDestinationPath: "..data/" + file)
            }
        }
        try editing?(hidden)
        let data = root.appendingPathComponent("..data")
        try? fm.removeItem(at: data)
        try fm.createSymbolicLink(atPath: data.path, withDestinationPath: "..\(name)")
    }

    @Test func loadsOnceAndSeesTheSwap() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("configmap-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try publish(root, version: "2026_12_04_01")
        let first = try IntentLoader.load(directory: root.path).get()
        let shipped = try IntentLoader.load(directory: Self.shipped.path).get()
        #expect(first.intents.count == shipped.intents.count)
        let before = IntentLoader.signature(directory: root.path)
        try publish(root, version: "2026_12_04_02") { hidden in
            let file = hidden.appendingPathComponent("chung-tro-chuyen.yml")
            var text = try String(contentsOf: file, encoding: .utf8)
            let title = try #require(text.range(of: "    title: "))
            text.replaceSubrange(title, with: "    title: Đã sửa ")
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(IntentLoader.signature(directory: root.path) != before)
        #expect(try IntentLoader.load(directory: root.path).get().version != first.version)
    }
}
