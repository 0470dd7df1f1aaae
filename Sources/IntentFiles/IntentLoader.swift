import ElectionKnowledge
import Foundation
import VietnameseText
import Yams

/// Loads and validates a knowledge directory (`election.yml` and intent files) into a `KnowledgeBase`.
///
/// Validation reports every problem as `file:line: message`: YAML syntax, unknown keys, wrong types,
/// duplicate ids, one example under two intents, missing sources, empty answers, unknown milestone,
/// role and suggestion references. Nothing half-valid is ever returned.
public enum IntentLoader {
    /// Files are named relative to this when reported (the directory itself by default).
    public static func load(
        directory: String, thresholds: KnowledgeBase.Thresholds = .init()
    ) -> Result<KnowledgeBase, IntentLoadError> {
        check(directory: directory, thresholds: thresholds).result
    }

    /// `load(directory:)` plus the warnings: things that load but are probably mistakes (a role that can
    /// subscribe but is named on no milestone, so it never gets a reminder). `electionbot check` prints them.
    public static func check(
        directory: String, thresholds: KnowledgeBase.Thresholds = .init()
    ) -> (result: Result<KnowledgeBase, IntentLoadError>, warnings: [IntentDiagnostic]) {
        let (result, warnings, _) = inventory(directory: directory, thresholds: thresholds)
        return (result, warnings)
    }

    /// `check(directory:)` plus how many intents each file defined: what a running server reports about the
    /// knowledge it serves.
    static func inventory(
        directory: String, thresholds: KnowledgeBase.Thresholds
    ) -> (result: Result<KnowledgeBase, IntentLoadError>, warnings: [IntentDiagnostic], files: [KnowledgeFile]) {
        let files: [String]
        do {
            files = try yamlFiles(in: directory)
        } catch {
            return (
                .failure(
                    IntentLoadError(diagnostics: [.init(file: directory, line: 0, message: "cannot read directory")])),
                [], []
            )
        }
        var sources: [(name: String, text: String)] = []
        var diagnostics: [IntentDiagnostic] = []
        let base = URL(fileURLWithPath: directory).standardizedFileURL.path
        let prefix = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory)
        for path in files {
            let relative = path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
            let name = prefix + "/" + relative
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                diagnostics.append(.init(file: name, line: 0, message: "cannot read file as UTF-8"))
                continue
            }
            sources.append((name, text))
        }
        if files.isEmpty {
            diagnostics.append(.init(file: directory, line: 0, message: "no .yml files found"))
        }
        var state = LoadState()
        for (name, text) in sources { state.read(file: name, text: text) }
        let result = state.finish(thresholds: thresholds)
        let warnings = state.warnings()
        var perFile: [String: Int] = [:]
        for entry in state.intents { perFile[entry.1.file, default: 0] += 1 }
        let inventory = sources.map {
            KnowledgeFile(name: $0.name, intents: perFile[$0.name] ?? 0, bytes: $0.text.utf8.count)
        }
        switch result {
        case .success(let kb) where diagnostics.isEmpty: return (.success(kb), warnings, inventory)
        case .success: return (.failure(IntentLoadError(diagnostics: diagnostics)), warnings, inventory)
        case .failure(let e):
            return (.failure(IntentLoadError(diagnostics: (diagnostics + e.diagnostics).sorted())), warnings, inventory)
        }
    }

    static func yamlFiles(in directory: String) throws -> [String] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        // Hidden entries are skipped: a Kubernetes ConfigMap volume keeps the real files in `..<timestamp>/` and
        // links them from the top, and reading both would define everything twice.
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        var out: [String] = []
        for case let url as URL in enumerator where ["yml", "yaml"].contains(url.pathExtension) {
            out.append(url.standardizedFileURL.path)
        }
        if out.isEmpty && !FileManager.default.fileExists(atPath: root.path) {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return out.sorted()
    }

    /// Loads from in-memory files (name, text): what tests and a future admin console use.
    public static func load(
        sources: [(name: String, text: String)], thresholds: KnowledgeBase.Thresholds = .init()
    ) -> Result<KnowledgeBase, IntentLoadError> {
        check(sources: sources, thresholds: thresholds).result
    }

    /// `load(sources:)` plus the warnings (see `check(directory:)`).
    public static func check(
        sources: [(name: String, text: String)], thresholds: KnowledgeBase.Thresholds = .init()
    ) -> (result: Result<KnowledgeBase, IntentLoadError>, warnings: [IntentDiagnostic]) {
        var state = LoadState()
        for (name, text) in sources {
            state.read(file: name, text: text)
        }
        let result = state.finish(thresholds: thresholds)
        return (result, state.warnings())
    }
}

/// Where a parsed thing came from, for messages that point at it.
struct Origin {
    var file: String
    var line: Int
}

struct LoadState {
    var diagnostics: [IntentDiagnostic] = []
    var election: (Election, Origin)?
    /// An election block was present (even if invalid), so its absence is not reported twice.
    var sawElection = false
    var roles: [(Role, Origin)] = []
    var milestones: [(Milestone, Origin, roleLines: [Int], anchorLine: Int)] = []
    var intents: [(Intent, Origin, answerLines: [Int], suggestionLines: [Int], exampleLines: [Int])] = []

    /// Ids are lowercase ASCII letters, digits, '-' and '.', so they fit URLs, logs and button payloads.
    static func idPattern(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }
    }

    mutating func read(file: String, text: String) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            diagnostics.append(Self.syntaxDiagnostic(error, file: file))
            return
        } catch {
            diagnostics.append(.init(file: file, line: 0, message: "YAML error: \(error)"))
            return
        }
        guard let root, case .mapping(let mapping) = root else {
            diagnostics.append(.init(file: file, line: 1, message: "expected a mapping with 'election:' or 'intents:'"))
            return
        }
        if mapping["election"] != nil {
            sawElection = true
            readElectionFile(root, file: file)
        } else if mapping["intents"] != nil {
            readIntentFile(root, file: file)
        } else {
            diagnostics.append(
                .init(file: file, line: root.line, message: "expected a top-level 'election:' or 'intents:' key"))
        }
    }

    static func syntaxDiagnostic(_ error: YamlError, file: String) -> IntentDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let ctx = context.map { $0.text + ": " } ?? ""
            return .init(
                file: file, line: mark.line, message: "YAML syntax error: \(ctx)\(problem) (column \(mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .init(
                file: file, line: context.mark.line,
                message: "duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, _, _, _):
            return .init(file: file, line: 1, message: "YAML reader error: \(problem)")
        default:
            return .init(file: file, line: 1, message: "YAML error: \(error)")
        }
    }

    // MARK: election.yml

    mutating func readElectionFile(_ root: Node, file: String) {
        guard
            let top = NodeReader(
                root, file: file, what: "the election file", allowed: ["election", "roles", "milestones"],
                into: &diagnostics)
        else { return }
        if let existing = election {
            diagnostics.append(
                .init(
                    file: file, line: top.lineOf("election"),
                    message: "a second election definition (the first is at \(existing.1.file):\(existing.1.line))"))
            return
        }
        if let node = top.node("election"),
            var r = NodeReader(
                node, file: file, what: "'election'",
                allowed: [
                    "id", "name", "short_name", "date", "timezone", "utc_offset_minutes", "locality", "voting_age",
                    "candidacy_age",
                ], into: &diagnostics)
        {
            let id = r.string("id")
            let name = r.string("name")
            let short = r.string("short_name", required: false)
            let dateText = r.string("date")
            let date = dateText.flatMap(CivilDate.init(iso:))
            if dateText != nil && date == nil {
                r.diagnostics.append(.init(file: file, line: r.lineOf("date"), message: "'date' must be YYYY-MM-DD"))
            }
            let tz = r.string("timezone", required: false) ?? "Asia/Ho_Chi_Minh"
            let offset = r.int("utc_offset_minutes", required: false) ?? 420
            let locality = r.string("locality", required: false) ?? ""
            let voting = r.int("voting_age", required: false) ?? 18
            let candidacy = r.int("candidacy_age", required: false) ?? 21
            diagnostics += r.diagnostics
            if let id, let name, let date {
                election = (
                    Election(
                        id: id, name: name, shortName: short ?? name, date: date, timezone: tz,
                        utcOffsetMinutes: offset, locality: locality, votingAge: voting, candidacyAge: candidacy),
                    Origin(file: file, line: node.line)
                )
            }
        }
        if let node = top.node("roles") {
            guard case .sequence(let items) = node else {
                diagnostics.append(.init(file: file, line: node.line, message: "'roles' must be a list"))
                return
            }
            for item in items {
                guard
                    var r = NodeReader(
                        item, file: file, what: "a role", allowed: ["id", "name", "level"], into: &diagnostics)
                else { continue }
                let id = r.string("id")
                let name = r.string("name")
                let levelID = r.string("level")
                let level = levelID.flatMap(AdministrativeLevel.init(rawValue:))
                if let levelID, level == nil {
                    r.diagnostics.append(
                        .init(
                            file: file, line: r.lineOf("level"),
                            message: "level '\(levelID)' must be one of tinh, huyen, xa, trung-uong"))
                }
                if let id, !Self.idPattern(id) {
                    r.diagnostics.append(
                        .init(
                            file: file, line: r.lineOf("id"), message: "id '\(id)' may use only a-z, 0-9, '-' and '.'"))
                }
                diagnostics += r.diagnostics
                if let id, let name, let level {
                    roles.append((Role(id: id, name: name, level: level), Origin(file: file, line: item.line)))
                }
            }
        }
        if let node = top.node("milestones") {
            guard case .sequence(let items) = node else {
                diagnostics.append(.init(file: file, line: node.line, message: "'milestones' must be a list"))
                return
            }
            for item in items { readMilestone(item, file: file) }
        } else {
            diagnostics.append(.init(file: file, line: root.line, message: "missing 'milestones'"))
        }
    }

    mutating func readMilestone(_ item: Node, file: String) {
        guard
            var r = NodeReader(
                item, file: file, what: "a milestone",
                allowed: [
                    "id", "title", "offset_days", "anchor", "time", "kind", "task", "body", "basis", "roles",
                    "remind_days_before", "remind_at",
                ], into: &diagnostics)
        else { return }
        let id = r.string("id")
        let title = r.string("title")
        let offset = r.int("offset_days")
        let anchor = r.string("anchor", required: false)
        let time = r.string("time", required: false)
        let kindText = r.string("kind", required: false) ?? "deadline"
        let task = r.string("task", required: false) ?? ""
        let body = r.string("body")
        let basis = r.string("basis")
        let roleItems = r.strings("roles", required: false) ?? []
        let remind = r.ints("remind_days_before") ?? [7, 3, 1]
        let remindAt = r.string("remind_at", required: false) ?? "08:00"
        let kind = Milestone.Kind(rawValue: kindText)
        if kind == nil {
            r.diagnostics.append(
                .init(
                    file: file, line: r.lineOf("kind"),
                    message: "kind '\(kindText)' must be one of deadline, on, from, until"))
        }
        for (key, value) in [("time", time), ("remind_at", remindAt)] {
            if let value, !Self.isClock(value) {
                r.diagnostics.append(.init(file: file, line: r.lineOf(key), message: "'\(key)' must be HH:MM"))
            }
        }
        if remind.contains(where: { $0 < 0 }) {
            r.diagnostics.append(
                .init(file: file, line: r.lineOf("remind_days_before"), message: "reminder days must be ≥ 0"))
        }
        if let id, !Self.idPattern(id) {
            r.diagnostics.append(
                .init(file: file, line: r.lineOf("id"), message: "id '\(id)' may use only a-z, 0-9, '-' and '.'"))
        }
        diagnostics += r.diagnostics
        guard let id, let title, let offset, let kind, let body, let basis else { return }
        milestones.append(
            (
                Milestone(
                    id: id, title: title, offsetDays: offset, anchor: anchor, time: time, kind: kind, task: task,
                    body: body, basis: basis, roles: roleItems.map(\.0), remindDaysBefore: remind,
                    remindAt: remindAt),
                Origin(file: file, line: item.line), roleItems.map(\.1), r.lineOf("anchor")
            ))
    }

    static func isClock(_ s: String) -> Bool {
        let p = s.split(separator: ":")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }

    // MARK: intent files

    mutating func readIntentFile(_ root: Node, file: String) {
        guard let top = NodeReader(root, file: file, what: "an intent file", allowed: ["intents"], into: &diagnostics),
            let node = top.node("intents")
        else { return }
        guard case .sequence(let items) = node else {
            diagnostics.append(.init(file: file, line: node.line, message: "'intents' must be a list"))
            return
        }
        for item in items { readIntent(item, file: file) }
    }

    mutating func readIntent(_ item: Node, file: String) {
        guard
            var r = NodeReader(
                item, file: file, what: "an intent",
                allowed: ["id", "title", "kind", "articles", "examples", "answer", "sources", "suggestions"],
                into: &diagnostics)
        else { return }
        let id = r.string("id")
        let title = r.string("title")
        let kindText = r.string("kind", required: false) ?? "answer"
        let articles = r.ints("articles") ?? []
        let examples = r.strings("examples") ?? []
        let answers = r.strings("answer", allowSingle: true) ?? []
        let sources = r.strings("sources", required: false) ?? []
        let suggestions = r.strings("suggestions", required: false) ?? []
        let kind = Intent.Kind(rawValue: kindText)
        if kind == nil {
            r.diagnostics.append(
                .init(
                    file: file, line: r.lineOf("kind"),
                    message:
                        "kind '\(kindText)' must be one of \(Intent.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                ))
        }
        if let id, !Self.idPattern(id) {
            r.diagnostics.append(
                .init(file: file, line: r.lineOf("id"), message: "id '\(id)' may use only a-z, 0-9, '-' and '.'"))
        }
        if let title, title.count > 80 {
            r.diagnostics.append(
                .init(file: file, line: r.lineOf("title"), message: "title is longer than 80 characters"))
        }
        if r.node("examples") != nil && examples.count < 3 {
            r.diagnostics.append(
                .init(file: file, line: r.lineOf("examples"), message: "an intent needs at least 3 examples"))
        }
        for (text, line) in examples where VietnameseFolding.fold(text).isEmpty {
            r.diagnostics.append(.init(file: file, line: line, message: "example '\(text)' has no words"))
        }
        for (text, line) in answers where text.allSatisfy(\.isWhitespace) {
            r.diagnostics.append(.init(file: file, line: line, message: "empty answer"))
        }
        if r.node("answer") != nil && answers.isEmpty {
            r.diagnostics.append(.init(file: file, line: r.lineOf("answer"), message: "empty answer"))
        }
        let needsSources = kind == .answer || kind == .timeline || kind == .ageCheck
        if needsSources && sources.filter({ !$0.0.allSatisfy(\.isWhitespace) }).isEmpty {
            r.diagnostics.append(
                .init(
                    file: file, line: r.node("sources")?.line ?? item.line,
                    message: "missing sources: every answer cites where it comes from"))
        }
        for (text, line) in sources where text.allSatisfy(\.isWhitespace) {
            r.diagnostics.append(.init(file: file, line: line, message: "empty source"))
        }
        if articles.contains(where: { $0 < 1 }) {
            r.diagnostics.append(.init(file: file, line: r.lineOf("articles"), message: "article numbers start at 1"))
        }
        if suggestions.count > 3 {
            r.diagnostics.append(
                .init(file: file, line: r.lineOf("suggestions"), message: "at most 3 suggestions are shown"))
        }
        diagnostics += r.diagnostics
        guard let id, let title, let kind, !answers.isEmpty else { return }
        intents.append(
            (
                Intent(
                    id: id, title: title, kind: kind, articles: articles, examples: examples.map(\.0),
                    answers: answers.map(\.0), sources: sources.map(\.0), suggestions: suggestions.map(\.0)),
                Origin(file: file, line: item.line), answers.map(\.1), suggestions.map(\.1), examples.map(\.1)
            ))
    }

    // MARK: cross-file checks

    /// Problems that do not stop loading: every role can subscribe to reminders, so a role named on no
    /// milestone is a subscriber who would never hear a thing.
    func warnings() -> [IntentDiagnostic] {
        let named = Set(milestones.flatMap(\.0.roles))
        var out: [IntentDiagnostic] = []
        for (role, origin) in roles where !named.contains(role.id) {
            out.append(
                .init(
                    file: origin.file, line: origin.line,
                    message: "warning: role '\(role.id)' can subscribe but is named on no milestone, "
                        + "so it never gets a reminder"))
        }
        return out.sorted()
    }

    mutating func finish(thresholds: KnowledgeBase.Thresholds) -> Result<KnowledgeBase, IntentLoadError> {
        guard let (election, _) = election else {
            if sawElection { return .failure(IntentLoadError(diagnostics: diagnostics.sorted())) }
            diagnostics.append(
                .init(
                    file: "election.yml", line: 0,
                    message: "no file defines 'election:' (the election and its timeline)"))
            return .failure(IntentLoadError(diagnostics: diagnostics.sorted()))
        }
        // Duplicate ids.
        var roleSeen: [String: Origin] = [:]
        for (role, origin) in roles {
            if let first = roleSeen[role.id] {
                diagnostics.append(
                    .init(
                        file: origin.file, line: origin.line,
                        message: "duplicate role id '\(role.id)' (first at \(first.file):\(first.line))"))
            } else {
                roleSeen[role.id] = origin
            }
        }
        var milestoneSeen: [String: Origin] = [:]
        for (m, origin, _, _) in milestones {
            if let first = milestoneSeen[m.id] {
                diagnostics.append(
                    .init(
                        file: origin.file, line: origin.line,
                        message: "duplicate milestone id '\(m.id)' (first at \(first.file):\(first.line))"))
            } else {
                milestoneSeen[m.id] = origin
            }
        }
        for (m, origin, roleLines, anchorLine) in milestones {
            for (role, line) in zip(m.roles, roleLines) where roleSeen[role] == nil {
                diagnostics.append(.init(file: origin.file, line: line, message: "unknown role '\(role)'"))
            }
            if let anchor = m.anchor, anchor != "election", milestoneSeen[anchor] == nil {
                diagnostics.append(.init(file: origin.file, line: anchorLine, message: "unknown milestone '\(anchor)'"))
            }
        }
        var intentSeen: [String: Origin] = [:]
        for (intent, origin, _, _, _) in intents {
            if let first = intentSeen[intent.id] {
                diagnostics.append(
                    .init(
                        file: origin.file, line: origin.line,
                        message: "duplicate intent id '\(intent.id)' (first at \(first.file):\(first.line))"))
            } else {
                intentSeen[intent.id] = origin
            }
        }
        // One phrasing under two intents makes the matcher guess: refuse it.
        var exampleSeen: [String: (Int, String, Origin)] = [:]
        for (index, (intent, origin, _, _, exampleLines)) in intents.enumerated() {
            var local = Set<String>()
            for (example, line) in zip(intent.examples, exampleLines) {
                let key = VietnameseFolding.fold(example)
                guard local.insert(key).inserted else { continue }
                if let (otherIndex, other, at) = exampleSeen[key], otherIndex != index {
                    diagnostics.append(
                        .init(
                            file: origin.file, line: line,
                            message: "example '\(example)' is also under intent '\(other)' (\(at.file):\(at.line))"))
                } else {
                    exampleSeen[key] = (index, intent.id, Origin(file: origin.file, line: line))
                }
            }
        }
        // Suggestions and placeholders.
        let milestoneIndex = Dictionary(milestones.enumerated().map { ($1.0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (intent, origin, answerLines, suggestionLines, _) in intents {
            for (s, line) in zip(intent.suggestions, suggestionLines) where intentSeen[s] == nil {
                diagnostics.append(.init(file: origin.file, line: line, message: "unknown suggestion '\(s)'"))
            }
            for (answer, line) in zip(intent.answers, answerLines) {
                if case .failure(let p) = AnswerTemplate.parse(answer, milestones: milestoneIndex) {
                    let newlines = answer.prefix(p.offset).filter { $0 == "\n" }.count
                    diagnostics.append(.init(file: origin.file, line: line + newlines, message: p.message))
                }
                let timeOf = { (id: String) in milestoneIndex[id].flatMap { milestones[$0].0.time } }
                for p in RepeatedTime.problems(in: answer, timeOf: timeOf) {
                    diagnostics.append(.init(file: origin.file, line: line + p.newlines, message: p.message))
                }
            }
        }
        if !intents.contains(where: { $0.0.kind == .menu }) {
            diagnostics.append(
                .init(file: "intents", line: 0, message: "no intent of kind 'menu' (answers /start and /help)"))
        }
        guard diagnostics.isEmpty else { return .failure(IntentLoadError(diagnostics: diagnostics.sorted())) }

        switch KnowledgeBase.build(
            election: election, roles: roles.map(\.0), milestones: milestones.map(\.0), intents: intents.map(\.0),
            thresholds: thresholds)
        {
        case .success(let kb): return .success(kb)
        case .failure(let errors):
            // Anything the checks above missed (anchor cycles) still points at a line.
            return .failure(
                IntentLoadError(
                    diagnostics: errors.errors.map { e in
                        switch e.subject {
                        case .milestone(let id):
                            let o = milestones.first(where: { $0.0.id == id })?.1
                            return .init(file: o?.file ?? "election.yml", line: o?.line ?? 0, message: e.message)
                        case .intent(let id):
                            let o = intents.first(where: { $0.0.id == id })?.1
                            return .init(file: o?.file ?? "intents", line: o?.line ?? 0, message: e.message)
                        case .election:
                            return .init(file: "election.yml", line: 0, message: e.message)
                        }
                    }))
        }
    }
}
