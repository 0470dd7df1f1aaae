import Foundation
import VietnameseText

/// Ranks intents by the evidence a question shares with their example phrasings.
///
/// Each intent is one document built from its examples. Features are folded syllables, folded syllable
/// bigrams (which carry most of the meaning: "cử tri", "bỏ phiếu") and, when the user typed accents, the
/// toned syllables too. A feature's weight in an intent grows with the share of examples that contain it;
/// its weight in the question is its IDF across intents. Confidence is the share of the question's
/// information the intent explains, so questions full of words the bot has never seen score low
/// and fall back instead of being answered wrong.
public struct Matcher: Sendable {
    public struct Scored: Sendable, Equatable {
        public var intent: Int
        public var score: Float
    }

    /// The best intents for a question, with the question's total information.
    public struct Ranking: Sendable {
        public var top: [Scored]
        public var mass: Float
        public var confidence: Double {
            guard let first = top.first, mass > 0 else { return 0 }
            return min(1, Double(first.score))
        }
        /// (best − runner-up) / best.
        public var gap: Double {
            guard let first = top.first, first.score > 0 else { return 0 }
            let second = top.count > 1 ? top[1].score : 0
            return Double((first.score - second) / first.score)
        }
    }

    // Vocabularies: syllable string → id.
    private var foldedVocab: [String: Int32] = [:]
    private var tonedVocab: [String: Int32] = [:]
    // Feature key → feature index; postings in CSR layout.
    private var featureIndex: [UInt64: Int32] = [:]
    private var idf: [Float] = []
    private var postingStart: [Int32] = []
    private var postingIntent: [Int32] = []
    private var postingWeight: [Float] = []
    // Example-level postings (CSR): which examples contain each feature, for nearest-example similarity.
    private var examplePostingStart: [Int32] = []
    private var examplePosting: [Int32] = []
    private var exampleIntent: [Int32] = []
    private var exampleMassFolded: [Float] = []
    private var exampleMassToned: [Float] = []
    // Typo tolerance: one-deletion variants of known syllables → the syllable id (most frequent wins).
    private var deletions: [String: Int32] = [:]
    private var foldedNames: [String] = []
    private var foldedFrequency: [Int32] = []
    private var maxIDF: Float = 1
    public let intentCount: Int

    static let tonedWeight: Float = 0.5
    static let bigramWeight: Float = 1.0
    static let correctedWeight: Float = 0.8
    static let unknownWeight: Float = 0.7
    static let weakWeight: Float = 0.15
    /// The confidence an explicitly referenced intent gets even when the words say little ("Điều 12?").
    static let referenceFloor: Float = 0.6

    /// - Parameters:
    ///   - documents: per intent, the example phrasings (already including titles and article references).
    ///   - weakDocuments: per intent, extra text (the answer) that counts only as weak evidence.
    public init(documents: [[String]], weakDocuments: [String] = []) {
        intentCount = documents.count
        // 1. Per intent: feature → number of examples containing it.
        var counts: [[UInt64: Int]] = []
        var exampleKeys: [Set<UInt64>] = []
        var sizes: [Int] = []
        var featureDF: [UInt64: Int] = [:]
        for examples in documents {
            var perIntent: [UInt64: Int] = [:]
            for example in examples {
                let syllables = Abbreviations.expand(VietnameseFolding.syllables(example))
                var seen = Set<UInt64>()
                for key in keys(for: syllables, addingVocabulary: true, toned: nil) { seen.insert(key) }
                for key in seen { perIntent[key, default: 0] += 1 }
                exampleKeys.append(seen)
                exampleIntent.append(Int32(counts.count))
            }
            for key in perIntent.keys { featureDF[key, default: 0] += 1 }
            counts.append(perIntent)
            sizes.append(max(1, examples.count))
        }
        var weak: [Set<UInt64>] = []
        for text in weakDocuments {
            let syllables = Abbreviations.expand(VietnameseFolding.syllables(text))
            weak.append(Set(keys(for: syllables, addingVocabulary: true, toned: nil)))
        }
        for (i, set) in weak.enumerated() where i < counts.count {
            for key in set where counts[i][key] == nil { featureDF[key, default: 0] += 1 }
        }
        // 2. Features, IDF and postings.
        let n = Float(max(1, documents.count))
        maxIDF = log(1 + n)
        var postings: [[(Int32, Float)]] = []
        for (i, perIntent) in counts.enumerated() {
            for (key, c) in perIntent {
                let f = feature(for: key, postings: &postings, df: featureDF[key] ?? 1, n: n)
                let share = Float(c) / Float(sizes[i])
                postings[Int(f)].append((Int32(i), 0.4 + 0.6 * min(1, share)))
            }
            if i < weak.count {
                for key in weak[i] where perIntent[key] == nil {
                    let f = feature(for: key, postings: &postings, df: featureDF[key] ?? 1, n: n)
                    postings[Int(f)].append((Int32(i), Matcher.weakWeight))
                }
            }
        }
        postingStart = [0]
        postingStart.reserveCapacity(postings.count + 1)
        for list in postings {
            for (intent, weight) in list {
                postingIntent.append(intent)
                postingWeight.append(weight)
            }
            postingStart.append(Int32(postingIntent.count))
        }
        // Example postings and masses, once every feature has its IDF.
        var perFeature = [[Int32]](repeating: [], count: idf.count)
        for (e, keys) in exampleKeys.enumerated() {
            var folded: Float = 0
            var toned: Float = 0
            for key in keys {
                guard let f = featureIndex[key] else { continue }
                perFeature[Int(f)].append(Int32(e))
                switch key >> 62 {
                case 0: folded += idf[Int(f)]
                case 1: folded += idf[Int(f)] * Matcher.bigramWeight
                default: toned += idf[Int(f)] * Matcher.tonedWeight
                }
            }
            exampleMassFolded.append(folded)
            exampleMassToned.append(toned)
        }
        examplePostingStart = [0]
        for list in perFeature {
            examplePosting.append(contentsOf: list)
            examplePostingStart.append(Int32(examplePosting.count))
        }
        // 3. Typo index over folded syllables of three letters or more.
        foldedNames = [String](repeating: "", count: foldedVocab.count)
        for (s, id) in foldedVocab { foldedNames[Int(id)] = s }
        foldedFrequency = [Int32](repeating: 0, count: foldedVocab.count)
        for (key, df) in featureDF where key >> 62 == 0 { foldedFrequency[Int(key & 0x7FFF_FFFF)] = Int32(df) }
        for (s, id) in foldedVocab where s.utf8.count >= 3 && !s.utf8.contains(where: { $0 < 97 }) {
            for variant in Matcher.oneDeletions(s) {
                if let other = deletions[variant], foldedFrequency[Int(other)] >= foldedFrequency[Int(id)] {
                    continue
                }
                deletions[variant] = id
            }
        }
    }

    private mutating func feature(for key: UInt64, postings: inout [[(Int32, Float)]], df: Int, n: Float) -> Int32 {
        if let f = featureIndex[key] { return f }
        let f = Int32(idf.count)
        featureIndex[key] = f
        idf.append(log(1 + n / Float(max(1, df))))
        postings.append([])
        return f
    }

    // Feature keys: 2 bits of kind, then ids. Kind 0: folded unigram; 1: folded bigram; 2: toned unigram.
    private mutating func keys(for syllables: [Syllable], addingVocabulary: Bool, toned: Bool?) -> [UInt64] {
        var out: [UInt64] = []
        var previous: Int32 = -1
        let typedMarks = toned ?? syllables.contains(where: \.hasMarks)
        for s in syllables {
            let id = vocabularyID(s.folded)
            out.append(UInt64(id))
            if previous >= 0 { out.append(1 << 62 | UInt64(previous) << 31 | UInt64(id)) }
            previous = id
            if typedMarks {
                let t = tonedID(s.toned)
                out.append(2 << 62 | UInt64(t))
            }
        }
        return out
    }

    private mutating func vocabularyID(_ s: String) -> Int32 {
        if let id = foldedVocab[s] { return id }
        let id = Int32(foldedVocab.count)
        foldedVocab[s] = id
        return id
    }

    private mutating func tonedID(_ s: String) -> Int32 {
        if let id = tonedVocab[s] { return id }
        let id = Int32(tonedVocab.count)
        tonedVocab[s] = id
        return id
    }

    static func oneDeletions(_ s: String) -> [String] {
        let bytes = Array(s.utf8)
        var out: [String] = []
        out.reserveCapacity(bytes.count)
        for i in bytes.indices {
            var b = bytes
            b.remove(at: i)
            out.append(String(decoding: b, as: UTF8.self))
        }
        return out
    }

    /// The known syllable a typo most likely stands for (one letter missing, extra or changed).
    func correction(_ s: String) -> Int32? {
        guard s.utf8.count >= 3, s.utf8.count <= 12 else { return nil }
        if let id = deletions[s] { return id }  // the user dropped a letter
        var best: Int32?
        for variant in Matcher.oneDeletions(s) {
            // the user added a letter (variant is known) or changed one (variants meet)
            let candidate = foldedVocab[variant] ?? deletions[variant]
            if let c = candidate, best == nil || foldedFrequency[Int(c)] > foldedFrequency[Int(best!)] {
                best = c
            }
        }
        return best
    }

    /// Scores every intent for the question's syllables and returns the best `limit`.
    public func rank(
        _ syllables: [Syllable], limit: Int = 3, blend: Float = 0.5, restrictedTo allowed: [Int]? = nil
    ) -> Ranking {
        var mass: Float = 0
        let typedMarks = syllables.contains(where: \.hasMarks)
        // 1. The question's features and their weights (idf × kind), each counted once.
        var query: [(feature: Int32, weight: Float)] = []
        query.reserveCapacity(syllables.count * 3)
        func add(_ key: UInt64, _ weight: Float, to query: inout [(feature: Int32, weight: Float)]) {
            guard let f = featureIndex[key], !query.contains(where: { $0.feature == f }) else { return }
            query.append((f, idf[Int(f)] * weight))
        }
        var previous: Int32 = -1
        for s in syllables {
            var id = foldedVocab[s.folded]
            var weight: Float = 1
            if id == nil {
                if s.isNumber {
                    // Numbers the bot has not seen (a birth year, a day) carry no topic: neither evidence nor doubt.
                    previous = -1
                    continue
                }
                id = correction(s.folded)
                weight = Matcher.correctedWeight
                if id == nil {
                    mass += maxIDF * Matcher.unknownWeight
                    previous = -1
                    continue
                }
            }
            let fid = id!
            add(UInt64(fid), weight, to: &query)
            if previous >= 0 { add(1 << 62 | UInt64(previous) << 31 | UInt64(fid), Matcher.bigramWeight, to: &query) }
            previous = fid
            if typedMarks && weight == 1, let t = tonedVocab[s.toned] {
                add(2 << 62 | UInt64(t), Matcher.tonedWeight, to: &query)
            }
        }
        for q in query { mass += q.weight }

        // 2. Accumulate over the postings, in tight loops without bounds or exclusivity checks.
        var scores = [Float](repeating: 0, count: intentCount)
        var overlap = [Float](repeating: 0, count: exampleIntent.count)
        scores.withUnsafeMutableBufferPointer { sp in
            overlap.withUnsafeMutableBufferPointer { op in
                postingStart.withUnsafeBufferPointer { ps in
                    postingIntent.withUnsafeBufferPointer { pi in
                        postingWeight.withUnsafeBufferPointer { pw in
                            examplePostingStart.withUnsafeBufferPointer { es in
                                examplePosting.withUnsafeBufferPointer { ep in
                                    for q in query {
                                        let f = Int(q.feature)
                                        let w = q.weight
                                        for p in Int(ps[f])..<Int(ps[f + 1]) { sp[Int(pi[p])] += w * pw[p] }
                                        for p in Int(es[f])..<Int(es[f + 1]) { op[Int(ep[p])] += w }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Nearest example (Dice over weighted features), blended with the intent-level share.
        var nearest = [Float](repeating: 0, count: intentCount)
        for e in overlap.indices where overlap[e] > 0 {
            let exampleMass = exampleMassFolded[e] + (typedMarks ? exampleMassToned[e] : 0)
            let dice = 2 * overlap[e] / (mass + exampleMass)
            let i = Int(exampleIntent[e])
            if dice > nearest[i] { nearest[i] = dice }
        }
        if mass > 0 {
            for i in scores.indices where scores[i] > 0 {
                scores[i] = blend * (scores[i] / mass) + (1 - blend) * nearest[i]
            }
        }
        if let allowed {
            // An explicit reference (an article number) decides the candidates; the words rank them.
            var kept = [Float](repeating: 0, count: intentCount)
            for i in allowed { kept[i] = max(scores[i], Matcher.referenceFloor) }
            scores = kept
        }
        var top: [Scored] = []
        top.reserveCapacity(limit + 1)
        for (i, score) in scores.enumerated() where score > 0 {
            if top.count < limit || score > top[top.count - 1].score {
                var at = top.count
                while at > 0 && top[at - 1].score < score { at -= 1 }
                top.insert(Scored(intent: i, score: score), at: at)
                if top.count > limit { top.removeLast() }
            }
        }
        return Ranking(top: top, mass: mass)
    }
}
