import VietnameseText

/// A day or span of days a message points at relative to today: "mai", "mốt", "hôm nay", "tuần sau",
/// "chủ nhật này". Read from folded syllables, after abbreviations and dialect are expanded.
public struct RelativeDays: Sendable, Equatable {
    public var first: CivilDate
    public var last: CivilDate
    /// How the user said it, for the reply ("ngày mai").
    public var words: String

    public func contains(_ d: CivilDate) -> Bool { first <= d && d <= last }

    public static func find(in syllables: [Syllable], today: CivilDate) -> RelativeDays? {
        let w = syllables.map(\.folded)
        func at(_ i: Int, _ words: String...) -> Bool {
            guard i >= 0, i + words.count <= w.count else { return false }
            return zip(w[i...], words).allSatisfy { $0 == $1 }
        }
        // Monday = 0 … Sunday = 6: this week's Sunday, and next week's Monday.
        let sunday = today.adding(days: 6 - today.weekdayIndex)
        for i in w.indices {
            if at(i, "hom", "nay") || at(i, "bua", "nay") {
                return RelativeDays(first: today, last: today, words: "hôm nay")
            }
            if at(i, "hom", "qua") {
                let d = today.adding(days: -1)
                return RelativeDays(first: d, last: d, words: "hôm qua")
            }
            if at(i, "ngay", "kia") || at(i, "ngay", "mot") {
                let d = today.adding(days: 2)
                return RelativeDays(first: d, last: d, words: "ngày kia")
            }
            if at(i, "tuan", "sau") || at(i, "tuan", "toi") {
                return RelativeDays(
                    first: sunday.adding(days: 1), last: sunday.adding(days: 7), words: "tuần sau")
            }
            if at(i, "chu", "nhat", "nay") || at(i, "chu", "nhat", "tuan", "nay") {
                return RelativeDays(first: sunday, last: sunday, words: "Chủ nhật này")
            }
            if at(i, "tuan", "nay") {
                return RelativeDays(first: today, last: sunday, words: "tuần này")
            }
            // "mai", "ngày mai", "sáng mai" ("mai" as a name is capitalised and rare in questions).
            if w[i] == "mai" {
                let d = today.adding(days: 1)
                return RelativeDays(first: d, last: d, words: "ngày mai")
            }
        }
        return nil
    }
}

/// A time of day in a message: "6h", "8h30", "8 giờ tối", "5 giờ sáng", "20h". Minutes after midnight.
public enum ClockTime {
    public static func find(in text: String) -> Int? {
        let s = VietnameseFolding.foldKeepingPunctuation(text)
        // Tokens: runs of digits or of letters.
        var tokens: [String] = []
        var current: [UInt8] = []
        var digits = false
        for b in s.utf8 {
            let isDigit = b >= 48 && b <= 57
            let isLetter = b >= 97 && b <= 122
            if isDigit || isLetter {
                if !current.isEmpty && isDigit != digits {
                    tokens.append(String(decoding: current, as: UTF8.self))
                    current = []
                }
                digits = isDigit
                current.append(b)
            } else if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current = []
            }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        for (i, t) in tokens.enumerated() {
            guard let hour = Int(t), hour <= 24, i + 1 < tokens.count else { continue }
            let unit = tokens[i + 1]
            guard unit == "h" || unit == "gio" || unit == "g" else { continue }
            var minutes = 0
            var next = i + 2
            if next < tokens.count, let m = Int(tokens[next]), m < 60 {
                minutes = m
                next += 1
            } else if next < tokens.count, tokens[next] == "ruoi" {
                minutes = 30
                next += 1
            }
            // "tối", "chiều", "pm" after the time or just before it ("tối nay 8h30").
            let around = tokens[max(0, i - 3)..<min(tokens.count, next + 1)]
            let evening = around.contains { $0 == "toi" || $0 == "chieu" || $0 == "pm" || $0 == "dem" }
            var h = hour
            if evening && h < 12 { h += 12 }
            return h * 60 + minutes
        }
        return nil
    }
}

/// The verdicts a message asks for about time, answered before the rule.
enum TimeVerdict {
    /// Whether the election falls on the day(s) the user named, or has already happened.
    static func electionDay(_ election: CivilDate, asked: RelativeDays?, today: CivilDate) -> String {
        let day = DateWording.when(election, today: today)
        if let asked {
            if asked.contains(election) {
                return "Đúng: \(asked.words) là ngày bầu cử, \(day)."
            }
            return "Không: ngày bầu cử là \(day), không phải \(asked.words) (hôm nay là \(today.ddmmyyyy))."
        }
        if election < today {
            return "Rồi: cuộc bầu cử đã diễn ra vào \(DateWording.date(election)) (hôm nay là \(today.ddmmyyyy))."
        }
        if election == today { return "Đúng: hôm nay, \(DateWording.date(election)), là ngày bầu cử." }
        return "Chưa: ngày bầu cử là \(day); hôm nay là \(today.ddmmyyyy)."
    }

    /// Whether a time of day falls within the voting hours (7:00–19:00, which the polling team may start
    /// from 5:00 or extend to 21:00, Art. 71).
    static func votingHours(minutes m: Int, hours: Election.VotingHours) -> String {
        let said = clock(m)
        if m >= hours.opens && m < hours.closes {
            return "Được: \(said) nằm trong giờ bỏ phiếu (từ \(clock(hours.opens)) đến \(clock(hours.closes)))."
        }
        if m >= hours.earliest && m < hours.opens {
            return "Tùy Tổ bầu cử: giờ bỏ phiếu bắt đầu lúc \(clock(hours.opens)); \(said) chỉ bỏ phiếu được nếu "
                + "Tổ bầu cử nơi bạn quyết định cho bắt đầu sớm hơn (không được trước \(clock(hours.earliest)))."
        }
        if m >= hours.closes && m < hours.latest {
            return "Tùy Tổ bầu cử: giờ bỏ phiếu kết thúc lúc \(clock(hours.closes)); \(said) chỉ còn bỏ phiếu được "
                + "nếu Tổ bầu cử nơi bạn quyết định kéo dài (không quá \(clock(hours.latest)))."
        }
        return "Không: \(said) nằm ngoài giờ bỏ phiếu; dù Tổ bầu cử cho sớm hơn hay kéo dài, việc bỏ phiếu "
            + "cũng không trước \(clock(hours.earliest)) và không quá \(clock(hours.latest)) ngày bầu cử."
    }

    /// Whether a deadline has passed.
    static func deadline(_ m: Milestone, today: CivilDate) -> String {
        let due = m.dueWording(today: today)
        if today <= m.date { return "Chưa hết hạn: \(m.title.lowercasedFirst) là \(due)." }
        return "Đã hết hạn: \(m.title.lowercasedFirst) là \(due); hôm nay là \(today.ddmmyyyy)."
    }

    static func clock(_ m: Int) -> String {
        let h = m / 60
        let minutes = m % 60
        return minutes == 0 ? "\(h) giờ" : "\(h) giờ \(minutes < 10 ? "0" : "")\(minutes)"
    }
}

extension String {
    var lowercasedFirst: String {
        guard let f = first else { return self }
        return f.lowercased() + dropFirst()
    }
}
