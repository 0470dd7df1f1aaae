/// A calendar date without a time zone (proleptic Gregorian), with day arithmetic in O(1).
///
/// Deadlines in election law are whole days counted from election day, so the engine works in civil dates
/// and leaves time zones to the edge (`today(utcOffsetMinutes:)`).
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil for impossible dates (31/02, month 13…).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
            let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// 0 = Monday … 6 = Sunday.
    public var weekdayIndex: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return w < 0 ? w + 7 : w
    }

    /// "Thứ Hai" … "Chủ Nhật".
    public var vietnameseWeekday: String { CivilDate.weekdayNames[weekdayIndex] }
    static let weekdayNames = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]

    /// "23/05/2021".
    public var ddmmyyyy: String {
        (day < 10 ? "0" : "") + String(day) + "/" + (month < 10 ? "0" : "") + String(month) + "/" + String(year)
    }

    /// "2021-05-23".
    public var iso: String {
        let m = (month < 10 ? "0" : "") + String(month)
        let d = (day < 10 ? "0" : "") + String(day)
        return String(year) + "-" + m + "-" + d
    }

    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    /// The same day `years` later; 29/02 becomes 01/03 in a common year (a person born on 29/02 is
    /// not yet of age on 28/02).
    public func adding(years: Int) -> CivilDate {
        if let d = CivilDate(year: year + years, month: month, day: day) { return d }
        return CivilDate(year: year + years, month: 3, day: 1)!
    }

    /// Today's date at a fixed UTC offset (Vietnam has no daylight saving time).
    public static func today(utcOffsetMinutes: Int, now secondsSince1970: Double) -> CivilDate {
        let local = Int((secondsSince1970 + Double(utcOffsetMinutes * 60)).rounded(.down))
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        return CivilDate(dayNumber: days)
    }
}
