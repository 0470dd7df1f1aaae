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
    private var postingIntent: [Int32] = []
    private var postingWeight: [Float] = []
    // Example-level postings (CSR): which examples contain each feature, for nearest-example similarity.
    private var examplePosting: [Int32] = []
    /// Examples are stored intent by intent: intent i owns examples exampleStart[i]..<exampleStart[i+1],
    /// so the nearest example of each intent is a max over a contiguous run.
    private var exampleStart: [Int32] = [0]
    /// An example's information: folded features only (for questions typed bare), and with toned ones.
    private var exampleMassFolded: [Float] = []
    private var exampleMassAll: [Float] = []
    // Dense rows for the commonest features ("cử", "bầu cử"): adding a whole row with vector instructions is
    // several times faster than scattering the same number of postings one by one. Row r of a feature covers
    // every intent (weights, 0 where absent) or every example (1 where present). -1: the feature has no row.
    private var intentRows: [Float] = []
    private var exampleRows: [Float] = []
    /// Everything the question path needs about one feature, in one record: reading five parallel arrays
    /// cost five cache misses per feature when questions vary.
    private struct FeatureInfo {
        var idf: Float
        var intentRow: Int32
        var exampleRow: Int32
        var postings: Int32
        var postingsEnd: Int32
        var examplePostings: Int32
        var examplePostingsEnd: Int32
    }
    private var features: [FeatureInfo] = []
    // Typo tolerance: one-deletion variants of known syllables → the syllable id (most frequent wins).
    private var deletions: [String: Int32] = [:]
    private var foldedNames: [String] = []
    private var foldedFrequency: [Int32] = []
    private var maxIDF: Float = 1
    // Read-only copies of the vocabularies and feature index for the question path (see ShortKeyTable).
    private var foldedTable = ShortKeyTable([:])
    private var tonedTable = ShortKeyTable([:])
    /// Syllable id → feature for unigrams; bigrams as each syllable's successors (CSR, sorted by the next
    /// syllable's id), so finding "bầu cử" reads one short contiguous list instead of probing a large hash table.
    private var successorStart: [Int32] = []
    private var successorID: [Int32] = []
    private var successorFeature: [Int32] = []
    private var foldedFeature: [Int32] = []
    private var tonedFeature: [Int32] = []
    private var deletionTable = ShortKeyTable([:])
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
            }
            for key in perIntent.keys { featureDF[key, default: 0] += 1 }
            exampleStart.append(exampleStart.last! + Int32(examples.count))
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
        var postingStart: [Int32] = [0]
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
            exampleMassAll.append(folded + toned)
        }
        var examplePostingStart: [Int32] = [0]
        for list in perFeature {
            examplePosting.append(contentsOf: list)
            examplePostingStart.append(Int32(examplePosting.count))
        }
        // Dense rows for features in at least a quarter of the row. A vector pass beats scattering from
        // about an eighth, but every row also costs cache: with an eighth the index outgrew the second-level
        // cache and answers cycling through varied questions were no faster (measured: a quarter and a half
        // were as fast as an eighth within the machine's noise; no dense rows at all was 25 % slower).
        let intentRowOfFeature: [Int32]
        let exampleRowOfFeature: [Int32]
        (intentRowOfFeature, intentRows) = Matcher.denseRows(
            starts: postingStart, width: intentCount, targets: postingIntent, weights: postingWeight)
        (exampleRowOfFeature, exampleRows) = Matcher.denseRows(
            starts: examplePostingStart, width: Int(exampleStart.last!), targets: examplePosting, weights: nil)
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
        features = idf.indices.map { f in
            FeatureInfo(
                idf: idf[f], intentRow: intentRowOfFeature[f], exampleRow: exampleRowOfFeature[f],
                postings: postingStart[f], postingsEnd: postingStart[f + 1], examplePostings: examplePostingStart[f],
                examplePostingsEnd: examplePostingStart[f + 1])
        }
        foldedTable = ShortKeyTable(foldedVocab)
        tonedTable = ShortKeyTable(tonedVocab)
        let bigrams = featureIndex.filter { $0.key >> 62 == 1 }.map {
            (previous: Int32(($0.key >> 31) & 0x7FFF_FFFF), next: Int32($0.key & 0x7FFF_FFFF), feature: $0.value)
        }.sorted { ($0.previous, $0.next) < ($1.previous, $1.next) }
        successorStart = [Int32](repeating: 0, count: foldedNames.count + 1)
        for b in bigrams { successorStart[Int(b.previous) + 1] += 1 }
        for i in 0..<foldedNames.count { successorStart[i + 1] += successorStart[i] }
        successorID = bigrams.map(\.next)
        successorFeature = bigrams.map(\.feature)
        foldedFeature = [Int32](repeating: -1, count: foldedNames.count)
        tonedFeature = [Int32](repeating: -1, count: tonedVocab.count)
        for (key, f) in featureIndex {
            switch key >> 62 {
            case 0: foldedFeature[Int(key & 0x7FFF_FFFF)] = f
            case 2: tonedFeature[Int(key & 0x7FFF_FFFF)] = f
            default: break
            }
        }
        deletionTable = ShortKeyTable(deletions)
        // Only the tables are read from here on.
        foldedVocab = [:]
        tonedVocab = [:]
        featureIndex = [:]
        deletions = [:]
        idf = []
    }

    /// Rows for the features with the longest posting lists (CSR `starts`/`targets`), each `width` wide with
    /// the posting's weight (or 1) at its target; returns the row index per feature (-1: none) and the rows.
    private static func denseRows(starts: [Int32], width: Int, targets: [Int32], weights: [Float]?) -> (
        [Int32], [Float]
    ) {
        let budget = 4 << 20  // floats: 16 MiB at most
        let featureCount = starts.count - 1
        var rowOf = [Int32](repeating: -1, count: featureCount)
        var rows: [Float] = []
        func length(_ f: Int) -> Int32 { starts[f + 1] - starts[f] }
        for f in (0..<featureCount).sorted(by: { length($0) > length($1) }) {
            let range = Int(starts[f])..<Int(starts[f + 1])
            guard range.count * 4 >= width, rows.count + width <= budget else { break }
            rowOf[f] = Int32(rows.count / width)
            var row = [Float](repeating: 0, count: width)
            for p in range { row[Int(targets[p])] = weights?[p] ?? 1 }
            rows.append(contentsOf: row)
        }
        return (rowOf, rows)
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
        if let id = deletionTable.value(s) { return id }  // the user dropped a letter
        var best: Int32?
        for variant in Matcher.oneDeletions(s) {
            // the user added a letter (variant is known) or changed one (variants meet)
            let candidate = foldedTable.value(variant) ?? deletionTable.value(variant)
            if let c = candidate, best == nil || foldedFrequency[Int(c)] > foldedFrequency[Int(best!)] {
                best = c
            }
        }
        return best
    }

    /// The feature of the bigram (previous, next), if any example has it: a binary search in previous's successors.
    @inline(__always)
    private func bigramFeature(_ previous: Int32, _ next: Int32) -> Int32? {
        var low = Int(successorStart[Int(previous)])
        var high = Int(successorStart[Int(previous) + 1])
        while low < high {
            let mid = (low + high) / 2
            let id = successorID[mid]
            if id == next { return successorFeature[mid] }
            if id < next { low = mid + 1 } else { high = mid }
        }
        return nil
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
        @inline(__always) func add(_ f: Int32?, _ weight: Float, to query: inout [(feature: Int32, weight: Float)]) {
            guard let f, f >= 0, !query.contains(where: { $0.feature == f }) else { return }
            query.append((f, features[Int(f)].idf * weight))
        }
        var previous: Int32 = -1
        for s in syllables {
            var id = foldedTable.value(s.folded)
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
            add(foldedFeature[Int(fid)], weight, to: &query)
            if previous >= 0 {
                add(bigramFeature(previous, fid), Matcher.bigramWeight, to: &query)
            }
            previous = fid
            if typedMarks && weight == 1, let t = tonedTable.value(s.toned) {
                add(tonedFeature[Int(t)], Matcher.tonedWeight, to: &query)
            }
        }
        for q in query { mass += q.weight }

        // 2. Accumulate over the postings, in tight loops without bounds or exclusivity checks. A dense row adds
        // w × weight to every entry (w × 0 adds nothing), so both paths give exactly the same sums.
        let exampleCount = Int(exampleStart[intentCount])
        var scores = [Float](repeating: 0, count: intentCount)
        var overlap = [Float](repeating: 0, count: exampleCount)
        scores.withUnsafeMutableBufferPointer { sp in
            overlap.withUnsafeMutableBufferPointer { op in
                features.withUnsafeBufferPointer { info in
                    postingIntent.withUnsafeBufferPointer { pi in
                        postingWeight.withUnsafeBufferPointer { pw in
                            examplePosting.withUnsafeBufferPointer { ep in
                                intentRows.withUnsafeBufferPointer { ir in
                                    exampleRows.withUnsafeBufferPointer { er in
                                        for q in query {
                                            let feature = info[Int(q.feature)]
                                            let w = q.weight
                                            if feature.intentRow >= 0 {
                                                let row = ir.baseAddress! + Int(feature.intentRow) * intentCount
                                                for i in 0..<intentCount { sp[i] += w * row[i] }
                                            } else {
                                                for p in Int(feature.postings)..<Int(feature.postingsEnd) {
                                                    sp[Int(pi[p])] += w * pw[p]
                                                }
                                            }
                                            if feature.exampleRow >= 0 {
                                                let row = er.baseAddress! + Int(feature.exampleRow) * exampleCount
                                                for e in 0..<exampleCount { op[e] += w * row[e] }
                                            } else {
                                                for p in Int(feature.examplePostings)..<Int(feature.examplePostingsEnd)
                                                {
                                                    op[Int(ep[p])] += w
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Nearest example (Dice over weighted features), blended with the intent-level share.
        if mass > 0 {
            let exampleMass = typedMarks ? exampleMassAll : exampleMassFolded
            scores.withUnsafeMutableBufferPointer { sp in
                overlap.withUnsafeMutableBufferPointer { op in
                    exampleMass.withUnsafeBufferPointer { em in
                        exampleStart.withUnsafeBufferPointer { starts in
                            // overlap / (mass + exampleMass), half the Dice coefficient: one pass the compiler
                            // vectorises, then a max over each intent's contiguous run of examples.
                            for e in 0..<op.count { op[e] = op[e] / (mass + em[e]) }
                            for i in 0..<intentCount where sp[i] > 0 {
                                var e = Int(starts[i])
                                let end = Int(starts[i + 1])
                                var best0: Float = 0
                                var best1: Float = 0
                                while e + 1 < end {
                                    best0 = op[e] > best0 ? op[e] : best0
                                    best1 = op[e + 1] > best1 ? op[e + 1] : best1
                                    e += 2
                                }
                                if e < end { best0 = op[e] > best0 ? op[e] : best0 }
                                let best = best0 > best1 ? best0 : best1
                                sp[i] = blend * (sp[i] / mass) + (1 - blend) * 2 * best
                            }
                        }
                    }
                }
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
