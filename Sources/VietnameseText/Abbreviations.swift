/// Expands the abbreviations and teencode people type in chat into the words they stand for, so that
/// "ko dc bầu hdnd à" is compared as "không được bầu hội đồng nhân dân à".
///
/// Expansions are written with diacritics and folded by the same code as everything else, so an expanded
/// word matches both accented and unaccented examples.
public enum Abbreviations {
    /// Folded token → what it stands for. Only tokens that are not ordinary Vietnamese syllables, or whose
    /// chat meaning is overwhelmingly the abbreviation, are listed.
    static let table: [String: String] = [
        // institutions
        "hdnd": "hội đồng nhân dân",
        "dbqh": "đại biểu quốc hội",
        "ubnd": "ủy ban nhân dân", "mttq": "mặt trận tổ quốc", "ubmttq": "ủy ban mặt trận tổ quốc",
        "ubbc": "ủy ban bầu cử", "bcd": "ban chỉ đạo", "hdbcqg": "hội đồng bầu cử quốc gia",
        "ubtvqh": "ủy ban thường vụ quốc hội", "qh": "quốc hội", "db": "đại biểu",
        "tw": "trung ương", "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân",
        "kh": "không", "btc": "ban tổ chức", "btg": "ban tuyên giáo",
        // negation and common verbs
        "ko": "không", "k": "không", "kg": "không", "khg": "không", "hok": "không", "hong": "không",
        "hem": "không", "hk": "không",
        "dc": "được", "dk": "được",
        "bit": "biết", "bik": "biết", "pit": "biết", "bt": "biết",
        // question words
        "ntn": "như thế nào", "j": "gì", "z": "vậy", "zay": "vậy",
        "s": "sao", "bh": "bao giờ", "bjo": "bao giờ", "bgio": "bao giờ",
        "mn": "mọi người", "mng": "mọi người",
        // pronouns and particles
        "mik": "mình", "mk": "mình", "mh": "mình", "mjk": "mình", "tui": "tôi", "t": "tôi",
        "ng": "người", "ns": "nói", "vs": "với", "cx": "cũng", "cg": "cũng",
        "r": "rồi", "wa": "qua", "ak": "à", "ah": "à", "uk": "ừ",
        "nhiu": "nhiêu", "bnhieu": "bao nhiêu", "ngta": "người ta", "trc": "trước",
        "thik": "thích", "iu": "yêu", "lm": "làm", "ctri": "cử tri", "bcu": "bầu cử", "bc": "bầu cử",
        "bnhiu": "bao nhiêu", "khum": "không", "hog": "không", "dzay": "vậy", "dzi": "vậy", "zi": "vậy",
    ]

    /// Southern dialect written with its marks, keyed by the toned form (so "hông" is "không" but "hồng" stays
    /// a colour): "ổng"/"bả" are "ông ấy"/"bà ấy", "bển" is "bên đó", "dìa" is "về", "đặng" is "để".
    static let dialect: [String: String] = [
        "hông": "không", "hổng": "không", "ổng": "ông ấy", "bả": "bà ấy", "bển": "bên đó", "dìa": "về", "đặng": "để",
        "hổm": "hôm", "rày": "nay",
        "bữa": "hôm", "mốt": "ngày kia", "thiệt": "thật", "giùm": "giúp", "dùm": "giúp", "zậy": "vậy",
        "dzậy": "vậy", "bịnh": "bệnh",
    ]
    /// Everyday phrases for the situations the law names, folded → the law's words, added after the message so
    /// a story ("đang ở tù", "đi lính", "nằm viện", "đi tàu cá ngoài khơi") meets the rule that decides it.
    /// The user's words stay: this adds evidence, it does not replace any.
    static let situations: [String: String] = [
        "o tu": "hình phạt tù", "ngoi tu": "hình phạt tù", "di tu": "hình phạt tù", "bi tu": "hình phạt tù",
        "xu tu": "hình phạt tù", "trai giam": "hình phạt tù", "quan che": "hình phạt",
        "di linh": "quân nhân", "tai ngu": "quân nhân", "nghia vu quan su": "quân nhân", "bo doi": "quân nhân",
        "dong quan": "quân nhân", "bien phong": "quân nhân",
        "nam vien": "ốm đau", "benh vien": "ốm đau", "tai bien": "ốm đau", "liet": "khuyết tật",
        "di khong noi": "không thể đến phòng bỏ phiếu", "khong di duoc": "không thể đến phòng bỏ phiếu",
        "tau ca": "đi nơi khác", "di bien": "đi nơi khác", "ngoai khoi": "đi nơi khác", "di ghe": "đi nơi khác",
        "di cong tac": "đi nơi khác", "lam an xa": "đi nơi khác", "di lam xa": "đi nơi khác",
        "online": "bầu thay", "qua mang": "bầu thay", "qua dien thoai": "bầu thay", "nhan tin": "bầu thay",
        "zalo": "bầu thay",
        "o tro": "tạm trú", "thue nha": "tạm trú", "thue tro": "tạm trú", "ky tuc xa": "tạm trú",
    ]
    static let situationFirstWords = ShortKeyTable(
        Dictionary(
            situations.keys.map { (String($0.split(separator: " ")[0]), Int32(0)) }, uniquingKeysWith: { a, _ in a }))
    static let situationKeys = situations.keys.sorted()
    static let situationExpansions: [[Syllable]] = situationKeys.map { VietnameseFolding.syllables(situations[$0]!) }
    static let situationTable = ShortKeyTable(
        Dictionary(uniqueKeysWithValues: situationKeys.enumerated().map { ($1, Int32($0)) }))

    /// The law's words for the situations the message describes (see `situations`), each added once.
    static func situationWords(_ words: [Syllable]) -> [Syllable] {
        var added: [Syllable] = []
        var seen: [Int32] = []
        func add(_ phrase: String) {
            guard let k = situationTable.value(phrase), !seen.contains(k) else { return }
            seen.append(k)
            // Two phrases with the same law's words ("nằm viện", "bệnh viện") add them once.
            let expansion = situationExpansions[Int(k)]
            if !seen.dropLast().contains(where: { situationExpansions[Int($0)] == expansion }) { added += expansion }
        }
        for i in words.indices where situationFirstWords.value(words[i].folded) != nil {
            var phrase = words[i].folded
            add(phrase)
            for j in (i + 1)..<min(words.count, i + 4) {
                phrase += " " + words[j].folded
                add(phrase)
            }
        }
        return added
    }

    static let keptBeside: Set<String> = ["gium", "dum", "thiet", "binh"]
    static let dialectKeys = dialect.keys.sorted()
    static let dialectExpansions: [[Syllable]] = dialectKeys.map { VietnameseFolding.syllables(dialect[$0]!) }
    static let dialectTable = ShortKeyTable(
        Dictionary(
            uniqueKeysWithValues: dialectKeys.enumerated().map { (VietnameseFolding.syllables($1)[0].toned, Int32($0)) }
        ))

    /// Words addressed to the bot or closing a sentence, which say nothing about the topic ("ad ơi", "… vậy ta",
    /// "… hả", "… nha"). Dropped anywhere ("ad", "admin") or at the end of the message only (the others, which
    /// are words in the middle of a sentence: "ta" in "chúng ta", "vậy" in "vay vốn").
    static let finalParticles: Set<String> = [
        "ha", "ta", "vay", "a", "ak", "ah", "nha", "nhe", "ne", "hen", "oi", "ad", "admin", "z",
    ]

    /// Teencode whose meaning depends on the next word: "bn" is "bao nhiêu" before a noun
    /// ("bn tuổi") and "bạn" otherwise ("bn ơi", "bn có biết").
    static let bnAsYou: Set<String> = [
        "oi", "co", "la", "lam", "giup", "biet", "hoi", "nhe", "nha", "tra", "cho", "tu", "o", "dang",
    ]

    /// Abbreviations typed with "đ" ("đc", "hđnd", "đbqh") are still abbreviations.
    static let expandedEvenWithMarks: Set<String> = ["dc", "dk", "hdnd", "dbqh", "bcd", "hdbcqg"]

    static let expansions: [[Syllable]] = table.keys.sorted().map { VietnameseFolding.syllables(table[$0]!) }
    static let expanded = ShortKeyTable(
        Dictionary(uniqueKeysWithValues: table.keys.sorted().enumerated().map { ($1, Int32($0)) }))
    static let baoNhieu = VietnameseFolding.syllables("bao nhiêu")
    static let ban = VietnameseFolding.syllables("bạn")

    /// Replaces abbreviations in a syllable sequence. Syllables typed with marks are never expanded
    /// ("tú" is a word, "tu" may be "tỉnh ủy" only when typed bare and only in the table).
    public static func expand(_ syllables: [Syllable]) -> [Syllable] {
        var out: [Syllable] = []
        out.reserveCapacity(syllables.count + 4)
        for (i, s) in syllables.enumerated() {
            if !s.hasMarks && (s.folded == "ad" || s.folded == "admin" || s.folded == "add") { continue }
            if s.hasMarks, let index = dialectTable.value(s.toned) {
                // A content word is kept beside its standard form: examples and users type it bare too ("gium").
                if keptBeside.contains(s.folded) { out.append(s) }
                out.append(contentsOf: dialectExpansions[Int(index)])
            } else if s.folded == "bn" && !s.hasMarks {
                let next = i + 1 < syllables.count ? syllables[i + 1].folded : ""
                out.append(contentsOf: next.isEmpty || bnAsYou.contains(next) ? ban : baoNhieu)
            } else if !s.hasMarks || expandedEvenWithMarks.contains(s.folded),
                let index = expanded.value(s.folded)
            {
                let replacement = expansions[Int(index)]
                // An expansion to the same folded word only adds the accents ("khong" → "không"):
                // keep the user's bare form so it is not mistaken for a typed accent.
                if replacement.count == 1 && replacement[0].folded == s.folded {
                    out.append(s)
                } else {
                    out.append(contentsOf: replacement)
                }
            } else {
                out.append(s)
            }
        }
        // Closing particles: only at the end, and never the whole message.
        while out.count > 2, let last = out.last, finalParticles.contains(last.folded) { out.removeLast() }
        out += situationWords(out)
        return out
    }
}
