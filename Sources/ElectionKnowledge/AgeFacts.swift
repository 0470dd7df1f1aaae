import VietnameseText

/// What a user said about a person's birth: an exact date, a month, a year, or an age today.
/// Everything becomes a range of possible birth dates, so one rule answers all of them.
public struct BirthFact: Sendable, Equatable {
    public enum Precision: Sendable, Equatable {
        case day, month, year
        /// "năm nay 17 tuổi": an age on `today`.
        case age(Int)
    }

    public var earliest: CivilDate
    public var latest: CivilDate
    public var precision: Precision

    /// Reads the first birth fact in `text`, relative to `today` for ages. Recognises "sinh 20/5/2003",
    /// "sinh ngày 20 tháng 5 năm 2003", "sinh tháng 7/2003", "sinh năm 2003", "17 tuổi", "năm nay 17t".
    public static func find(in text: String, today: CivilDate) -> BirthFact? {
        // Most questions have no digit: say so before folding the whole text.
        guard text.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) else { return nil }
        let s = VietnameseFolding.foldKeepingPunctuation(text)
        let tokens = tokenize(s)
        // d/m/yyyy, d-m-yyyy, d.m.yyyy, m/yyyy
        var i = 0
        while i < tokens.count {
            if case .number(let a) = tokens[i], i + 2 < tokens.count, case .separator = tokens[i + 1],
                case .number(let b) = tokens[i + 2]
            {
                if i + 4 < tokens.count, case .separator = tokens[i + 3], case .number(let c) = tokens[i + 4],
                    c >= 1900, let date = CivilDate(year: c, month: b, day: a)
                {
                    return BirthFact(earliest: date, latest: date, precision: .day)
                }
                if b >= 1900, (1...12).contains(a), let month = monthRange(a, b) {
                    return month
                }
            }
            i += 1
        }
        // words: "ngay 20 thang 5 nam 2003", "thang 7 nam 2003", "nam 2003", "17 tuoi"
        let words = tokens.compactMap { t -> String? in
            switch t {
            case .word(let w): return w
            case .number(let n): return "#" + String(n)
            case .separator: return nil
            }
        }
        func number(_ w: String) -> Int? { w.hasPrefix("#") ? Int(w.dropFirst()) : nil }
        for j in words.indices {
            if words[j] == "ngay", j + 4 < words.count, let d = number(words[j + 1]), words[j + 2] == "thang",
                let m = number(words[j + 3])
            {
                var k = j + 4
                if words[k] == "nam", k + 1 < words.count { k += 1 }
                if let y = number(words[k]), y >= 1900, let date = CivilDate(year: y, month: m, day: d) {
                    return BirthFact(earliest: date, latest: date, precision: .day)
                }
            }
            if words[j] == "thang", j + 2 < words.count, let m = number(words[j + 1]) {
                var k = j + 2
                if words[k] == "nam", k + 1 < words.count { k += 1 }
                if let y = number(words[k]), y >= 1900, let r = monthRange(m, y) { return r }
            }
        }
        for j in words.indices {
            if let y = number(words[j]), y >= 1900, y <= today.year, j > 0,
                ["sinh", "nam", "doi", "khoang"].contains(words[j - 1])
            {
                return BirthFact(
                    earliest: CivilDate(year: y, month: 1, day: 1)!, latest: CivilDate(year: y, month: 12, day: 31)!,
                    precision: .year)
            }
        }
        for j in words.indices {
            if let age = number(words[j]), age < 130, j + 1 < words.count,
                words[j + 1] == "tuoi" || words[j + 1] == "t" || words[j + 1] == "tuoj"
            {
                // Someone who is `age` today was born after today − (age + 1) years and no later than today − age years.
                let latest = today.adding(years: -age)
                let earliest = today.adding(years: -(age + 1)).adding(days: 1)
                return BirthFact(earliest: earliest, latest: latest, precision: .age(age))
            }
        }
        return nil
    }

    private static func monthRange(_ m: Int, _ y: Int) -> BirthFact? {
        guard let first = CivilDate(year: y, month: m, day: 1) else { return nil }
        let last = CivilDate(year: y, month: m, day: CivilDate.daysIn(month: m, year: y))!
        return BirthFact(earliest: first, latest: last, precision: .month)
    }

    private enum Token {
        case word(String)
        case number(Int)
        case separator
    }

    private static func tokenize(_ s: String) -> [Token] {
        var out: [Token] = []
        var current: [UInt8] = []
        var isNumber = false
        func flush() {
            guard !current.isEmpty else { return }
            let text = String(decoding: current, as: UTF8.self)
            out.append(isNumber ? .number(Int(text) ?? -1) : .word(text))
            current.removeAll()
        }
        for b in s.utf8 {
            let digit = b >= 48 && b <= 57
            let letter = b >= 97 && b <= 122
            if digit || letter {
                if !current.isEmpty && digit != isNumber { flush() }
                isNumber = digit
                current.append(b)
            } else {
                flush()
                if b == UInt8(ascii: "/") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                    out.append(.separator)
                }
            }
        }
        flush()
        return out
    }
}

/// Whether a person reaches an age on a given day, given what is known of their birth.
public enum AgeVerdict: Sendable, Equatable {
    case yes
    case no
    /// Depends on the exact birth date: of age if born on or before `cutoff`.
    case dependsOnBirthDate(cutoff: CivilDate)

    public static func reaches(_ age: Int, on day: CivilDate, birth: BirthFact) -> AgeVerdict {
        // The latest birth date that is `age` years old on `day`.
        var cutoff = day.adding(years: -age)
        // adding(years:) maps 29/02 forward; a person born 29/02 turns `age` on 01/03 in a common year.
        if cutoff.month == 3 && cutoff.day == 1 && day.month == 2 { cutoff = cutoff.adding(days: -1) }
        if birth.latest <= cutoff { return .yes }
        if birth.earliest > cutoff { return .no }
        return .dependsOnBirthDate(cutoff: cutoff)
    }
}
