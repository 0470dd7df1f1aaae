import VietnameseText

/// An immutable, validated snapshot of everything the bot knows: the election, its timeline and the intents,
/// with the matcher's index built once. A reload builds a new snapshot and swaps it in whole.
public struct KnowledgeBase: Sendable {
    public let election: Election
    public let roles: [Role]
    /// Sorted by date.
    public let milestones: [Milestone]
    public let intents: [Intent]
    public let thresholds: Thresholds
    /// A short fingerprint of the content, for logs and /healthz.
    public let version: String

    let templates: [[AnswerTemplate]]
    let matcher: Matcher
    let intentByID: [String: Int]
    /// Law article number → intents that explain it.
    let intentsByArticle: [Int: [Int]]
    /// The intent whose answer reads birth dates (kind age_check), if any.
    let ageIntentIndex: Int?
    let milestoneByID: [String: Int]
    /// Per intent, what rendering would otherwise rebuild for every answer (see `Prepared`).
    private(set) var prepared: [Prepared] = []
    /// Today's renderings of the answers that depend on the date.
    let dailyTexts = DailyTexts()

    /// The parts of an intent's reply that do not change between questions: the citation line, the suggestion
    /// buttons and, for each answer variant that does not depend on today's date (most do not), the whole text.
    struct Prepared: Sendable {
        var sourceLine: String
        var suggestions: [Suggestion]
        var fixedTexts: [String?]
    }

    /// When the bot answers and when it says it is not sure.
    public struct Thresholds: Sendable, Equatable {
        /// Minimum share of the question the best intent must explain.
        public var minConfidence: Double
        /// Minimum relative lead of the best intent over the runner-up.
        public var minGap: Double

        /// An out-of-scope intent scoring at least this share of the best one makes the bot decline.
        public var outOfScopeRivalRatio: Double

        public init(minConfidence: Double = 0.24, minGap: Double = 0.02, outOfScopeRivalRatio: Double = 0.75) {
            self.minConfidence = minConfidence
            self.minGap = minGap
            self.outOfScopeRivalRatio = outOfScopeRivalRatio
        }
    }

    public struct BuildError: Error, Sendable, CustomStringConvertible, Equatable {
        public enum Subject: Sendable, Equatable {
            case intent(String)
            case milestone(String)
            case election
        }
        public var subject: Subject
        public var message: String
        /// Character offset inside the answer (for placeholders), when known.
        public var answerIndex: Int?
        public var offset: Int?
        public var description: String { message }
    }

    /// All the problems found while building a snapshot.
    public struct BuildErrors: Error, Sendable, CustomStringConvertible {
        public var errors: [BuildError]
        public var description: String { errors.map(\.message).joined(separator: "\n") }
    }

    /// Builds a snapshot; every problem found is returned at once rather than the first.
    public static func build(
        election: Election, roles: [Role], milestones: [Milestone], intents: [Intent],
        thresholds: Thresholds = Thresholds()
    ) -> Result<KnowledgeBase, BuildErrors> {
        var errors: [BuildError] = []
        // Resolve milestone dates through their anchors, detecting unknown anchors and cycles.
        var byID: [String: Milestone] = [:]
        for m in milestones { byID[m.id] = m }
        var resolved: [String: CivilDate] = [:]
        func resolve(_ id: String, _ path: [String]) -> CivilDate? {
            if let d = resolved[id] { return d }
            guard let m = byID[id] else { return nil }
            if path.contains(id) {
                errors.append(
                    BuildError(
                        subject: .milestone(id), message: "anchor cycle: \((path + [id]).joined(separator: " → "))"))
                return nil
            }
            var base = election.date
            if let anchor = m.anchor, anchor != "election" {
                guard let a = resolve(anchor, path + [id]) else {
                    if byID[anchor] == nil {
                        errors.append(BuildError(subject: .milestone(id), message: "unknown anchor '\(anchor)'"))
                    }
                    return nil
                }
                base = a
            }
            let d = base.adding(days: m.offsetDays)
            resolved[id] = d
            return d
        }
        var dated: [Milestone] = []
        for var m in milestones {
            if let d = resolve(m.id, []) {
                m.date = d
                dated.append(m)
            }
        }
        // Stable order: by date, then by declaration order.
        let order = Dictionary(uniqueKeysWithValues: milestones.enumerated().map { ($1.id, $0) })
        dated.sort { ($0.date, order[$0.id] ?? 0) < ($1.date, order[$1.id] ?? 0) }
        var milestoneByID: [String: Int] = [:]
        for (i, m) in dated.enumerated() { milestoneByID[m.id] = i }

        var intentByID: [String: Int] = [:]
        for (i, intent) in intents.enumerated() {
            if intentByID[intent.id] != nil {
                errors.append(BuildError(subject: .intent(intent.id), message: "duplicate intent id '\(intent.id)'"))
            }
            intentByID[intent.id] = i
        }
        var templates: [[AnswerTemplate]] = []
        for intent in intents {
            var list: [AnswerTemplate] = []
            for (k, answer) in intent.answers.enumerated() {
                switch AnswerTemplate.parse(answer, milestones: milestoneByID) {
                case .success(let t): list.append(t)
                case .failure(let p):
                    errors.append(
                        BuildError(subject: .intent(intent.id), message: p.message, answerIndex: k, offset: p.offset))
                }
            }
            templates.append(list)
            for s in intent.suggestions where intentByID[s] == nil && !intents.contains(where: { $0.id == s }) {
                errors.append(BuildError(subject: .intent(intent.id), message: "unknown suggestion '\(s)'"))
            }
        }
        guard errors.isEmpty else { return .failure(BuildErrors(errors: errors)) }

        var intentsByArticle: [Int: [Int]] = [:]
        for (i, intent) in intents.enumerated() {
            for a in Set(intent.articles) { intentsByArticle[a, default: []].append(i) }
        }
        let documents = intents.map { intent in
            [intent.title] + intent.examples + intent.articles.map { "điều \($0)" }
        }
        let weak = intents.map { $0.answers.first ?? "" }
        let matcher = Matcher(documents: documents, weakDocuments: weak)
        // Everything a reply, a reminder or a ranking can show: a title, a source, a role's name or a reminder
        // time edited alone must give a new version, or a reload would keep the old snapshot as unchanged.
        var hasher = FNV1a()
        hasher.add(String(reflecting: election))
        hasher.add(String(reflecting: thresholds))
        for role in roles { hasher.add(String(reflecting: role)) }
        for intent in intents { hasher.add(String(reflecting: intent)) }
        for m in dated { hasher.add(String(reflecting: m)) }
        var kb = KnowledgeBase(
            election: election, roles: roles, milestones: dated, intents: intents, thresholds: thresholds,
            version: hasher.hex, templates: templates, matcher: matcher, intentByID: intentByID,
            intentsByArticle: intentsByArticle, ageIntentIndex: intents.firstIndex { $0.kind == .ageCheck },
            milestoneByID: milestoneByID)
        kb.prepared = kb.intents.indices.map(kb.prepare)
        return .success(kb)
    }

    public func intent(id: String) -> Intent? { intentByID[id].map { intents[$0] } }
    public func milestone(id: String) -> Milestone? { milestoneByID[id].map { milestones[$0] } }

    /// Ranks intents for a question (for evaluation and diagnostics).
    public func rank(_ question: String, limit: Int = 3, blend: Float = 0.5) -> Matcher.Ranking {
        let syllables = Abbreviations.expand(VietnameseFolding.syllables(question))
        return matcher.rank(syllables, limit: limit, blend: blend, restrictedTo: articleCandidates(syllables))
    }

    /// "Điều 32" names an article: only the intents that explain it may answer.
    func articleCandidates(_ syllables: [Syllable]) -> [Int]? {
        var found: [Int] = []
        for (i, s) in syllables.enumerated().dropLast() where s.folded == "dieu" {
            if let n = Int(syllables[i + 1].folded), let owners = intentsByArticle[n] {
                found += owners
            }
        }
        return found.isEmpty ? nil : found
    }
}

/// 64-bit FNV-1a, for a content fingerprint that is stable across runs (Swift's Hasher is seeded per process).
struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ s: String) {
        for b in s.utf8 {
            value ^= UInt64(b)
            value = value &* 0x100_0000_01b3
        }
        value ^= 0xff
        value = value &* 0x100_0000_01b3
    }
    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
