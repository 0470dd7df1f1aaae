import Yams

/// Reads one YAML mapping against a known set of keys, recording a diagnostic for every unknown key,
/// missing key and wrong type instead of stopping at the first.
struct NodeReader {
    let file: String
    let mapping: Node.Mapping
    let line: Int
    var diagnostics: [IntentDiagnostic] = []
    private var known: Set<String>

    init?(_ node: Node, file: String, what: String, allowed: [String], into sink: inout [IntentDiagnostic]) {
        guard case .mapping(let mapping) = node else {
            sink.append(IntentDiagnostic(file: file, line: node.line, message: "\(what) must be a mapping"))
            return nil
        }
        self.file = file
        self.mapping = mapping
        self.line = node.line
        self.known = Set(allowed)
        for (key, _) in mapping {
            let name = key.string ?? "?"
            if !known.contains(name) {
                sink.append(
                    IntentDiagnostic(
                        file: file, line: key.line,
                        message: "unknown key '\(name)' in \(what) (allowed: \(allowed.joined(separator: ", ")))"))
            }
        }
    }

    func node(_ key: String) -> Node? { mapping[key] }

    func lineOf(_ key: String) -> Int { mapping[key]?.line ?? line }

    mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let node = mapping[key] else {
            if required { diagnostics.append(.init(file: file, line: line, message: "missing '\(key)'")) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            diagnostics.append(.init(file: file, line: node.line, message: "'\(key)' must be a text"))
            return nil
        }
        let value = scalar.string
        if value.allSatisfy(\.isWhitespace) {
            diagnostics.append(.init(file: file, line: node.line, message: "'\(key)' is empty"))
            return nil
        }
        return value
    }

    mutating func int(_ key: String, required: Bool = true) -> Int? {
        guard let node = mapping[key] else {
            if required { diagnostics.append(.init(file: file, line: line, message: "missing '\(key)'")) }
            return nil
        }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            diagnostics.append(.init(file: file, line: node.line, message: "'\(key)' must be a whole number"))
            return nil
        }
        return value
    }

    /// A list of texts, each with its line. A single text is accepted where `allowSingle` is set.
    mutating func strings(_ key: String, required: Bool = true, allowSingle: Bool = false) -> [(String, Int)]? {
        guard let node = mapping[key] else {
            if required { diagnostics.append(.init(file: file, line: line, message: "missing '\(key)'")) }
            return nil
        }
        if allowSingle, case .scalar(let scalar) = node {
            return [(scalar.string, node.contentLine)]
        }
        guard case .sequence(let sequence) = node else {
            diagnostics.append(.init(file: file, line: node.line, message: "'\(key)' must be a list"))
            return nil
        }
        var out: [(String, Int)] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                diagnostics.append(.init(file: file, line: item.line, message: "items of '\(key)' must be texts"))
                continue
            }
            out.append((scalar.string, item.contentLine))
        }
        return out
    }

    mutating func ints(_ key: String) -> [Int]? {
        guard let items = strings(key, required: false) else { return nil }
        var out: [Int] = []
        for (text, line) in items {
            guard let v = Int(text) else {
                diagnostics.append(.init(file: file, line: line, message: "items of '\(key)' must be whole numbers"))
                continue
            }
            out.append(v)
        }
        return out
    }
}

extension Node {
    /// 1-based line of the node (0 when unknown).
    var line: Int { mark?.line ?? 0 }

    /// Where the text of a scalar starts: block scalars (| and >) begin on the next line.
    var contentLine: Int {
        if case .scalar(let s) = self, s.style == .literal || s.style == .folded { return line + 1 }
        return line
    }
}
