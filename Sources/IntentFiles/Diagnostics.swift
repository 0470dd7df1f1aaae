/// One problem in a knowledge file, reported as `file:line: message` like a compiler.
public struct IntentDiagnostic: Error, Sendable, Equatable, CustomStringConvertible, Comparable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }

    public static func < (a: IntentDiagnostic, b: IntentDiagnostic) -> Bool {
        (a.file, a.line, a.message) < (b.file, b.line, b.message)
    }
}

/// Every problem found in a knowledge directory; a broken directory never becomes a snapshot.
public struct IntentLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [IntentDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
