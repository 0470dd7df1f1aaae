import VietnameseText

/// What kind of question a message asks, read from its folded syllables (after abbreviations and dialect):
/// whether it asks if someone may vote or stand, about a quota, a deadline, or whether something already happened.
struct QuestionCues {
    /// "có được đi bầu không", "bầu được chưa", "đủ tuổi ứng cử", "có quyền bầu", "kịp bầu".
    var asksEligibility = false
    /// "tỷ lệ", "phần trăm", "chỉ tiêu", "chiếm", "cơ cấu", "dưới 40 tuổi": an age limit of a group, not a person.
    var isQuota = false
    /// "hết hạn", "quá hạn", "còn kịp", "còn hạn", "trễ hạn".
    var asksDeadline = false
    /// "rồi hả", "chưa": whether an event already happened.
    var asksAlready = false
    /// The message is about voting at all ("bầu", "bỏ phiếu").
    var mentionsVoting = false
    /// "còn mấy ngày", "bao nhiêu ngày nữa", "mấy tuần nữa", "còn bao lâu": a countdown.
    var asksCountdown = false
    /// "mai", "hôm nay", "tuần sau", "chủ nhật này": a day relative to today may be named (see `RelativeDays`).
    var mentionsRelativeDay = false
    /// "8h30", "6 giờ", "7g": a time of day may be given (see `ClockTime`).
    var mentionsClock = false
    /// "ngày bầu (cử)": the election day is named.
    var namesElectionDay = false
    /// A particular candidate, place or unit: "ông Nguyễn Văn A", "ứng viên số 3", "huyện Mỹ Tú", "phường 5".
    var namesInstance = false
    /// "ứng viên số 3", "bà Lê Thị E": a particular person the sources say nothing about.
    var namesPerson = false
    /// "trúng cử", "đắc cử", "kết quả", "mấy phiếu", "ai thắng": a result.
    var asksResult = false
    /// "có 4 người", "7 thành viên", "250 cử tri": a count the user gives, with its unit ("thành viên" for people).
    var count: (number: Int, unit: String)?
    /// "đúng luật không", "có đúng không", "hợp lệ", "sai": a yes/no about the user's case.
    var asksLawful = false
    /// "lương", "thuế", "phụ cấp", "ưu đãi" of deputies: their pay and benefits, which the sources do not cover.
    var asksPerks = false

    /// The words the cues are made of. A message's syllables are looked up once in a `ShortKeyTable` and compared
    /// as small integers: comparing every syllable with some sixty strings cost more than ranking the intents.
    enum Word: Int32, CaseIterable {
        case bau, ung, cu, bo, phieu, nhan, the, ten, trong, duoc, di, kip, du, tuoi, quyen, ty, ti, le, phan, tram
        case chi, tieu, chiem, co, cau, duoi, tren, het, qua, tre, han, con, roi, ha, a, sao, chua, ngay, tuan, lau
        case may, nhieu, bao, nua, nguoi, thanh, vien, tri, dung, luat, khong, quy, vay, hop, phap, sai, mai, kia
        case nay, sau, toi, hom, bua, nhat, vi, so, phuong, khom, ap, trung, dac, ket, dan, dau, cao, luong, thue
        case phu, cap, uu, dai, nha, bieu, chat, khoi, san, ong, ba, anh, bac
        // family names (Kinh and Khmer) that are not also common words once folded
        case nguyen, tran, pham, hoang, huynh, bui, ngo, duong, ly, thach, trieu, son, kim, truong, luu, quach
        // Sóc Trăng's districts and towns
        case my, tu, de, vinh, chau, nga, nam, ke, sach, long, lao, xuyen
        // where, how and for whom: "bầu tại bệnh viện được không" asks where, not whether
        case tai, o, bang, thay, giup, gium, ho, som, luc, vao, cho

        static let table = ShortKeyTable(Dictionary(uniqueKeysWithValues: allCases.map { ("\($0)", $0.rawValue) }))
    }

    /// After "ông", "bà", "anh", "bác" (not "cô", "chị": "có", "chỉ"), a family name starts a person's name.
    /// Names that are also common words once folded ("đang", "võ"/"vô", "lâm"/"làm", "mai", "tạ"/"ta", "danh")
    /// are left out.
    static let titles: Set<Word> = [.ong, .ba, .anh, .bac]
    static let surnames: Set<Word> = [
        .nguyen, .tran, .le, .pham, .hoang, .huynh, .phan, .bui, .ngo, .duong, .ly, .thach, .trieu, .son, .kim,
        .truong, .luu, .quach,
    ]
    /// Between "bầu" and "được", these make the question one of place, manner or proxy ("bầu tại bệnh viện được
    /// không", "bầu thay được không"), not of the right to vote.
    static let manner: Set<Word> = [.tai, .o, .bang, .qua, .thay, .giup, .gium, .ho, .som, .luc, .vao, .cho]
    /// "số lượng", "chất lượng": not a salary.
    static let notSalary: Set<Word> = [.so, .chat, .dung, .khoi, .trong, .san]
    /// Districts and towns of Sóc Trăng.
    static let placeStarts: Set<Word> = [.my, .tran, .vinh, .nga, .ke, .long, .cu, .chau, .thanh]
    static let places: [[Word]] = [
        [.my, .tu], [.tran, .de], [.vinh, .chau], [.nga, .nam], [.ke, .sach], [.long, .phu], [.cu, .lao, .dung],
        [.my, .xuyen], [.chau, .thanh], [.thanh, .tri],
    ]

    init(_ syllables: [Syllable]) {
        let w = syllables.map { Word.table.value($0.folded).flatMap(Word.init(rawValue:)) }
        let n = w.count
        func at(_ i: Int) -> Word? { i >= 0 && i < n ? w[i] : nil }
        func number(_ i: Int) -> Int? {
            i >= 0 && i < n && syllables[i].isNumber && syllables[i].folded.utf8.count <= 6
                ? Int(syllables[i].folded) : nil
        }
        func isAct(_ i: Int) -> Bool {
            // bầu, ứng cử, bỏ phiếu, (nhận) thẻ cử tri, (có tên trong) danh sách cử tri
            switch at(i) {
            case .bau: return true
            case .ung: return at(i + 1) == .cu
            case .bo: return at(i + 1) == .phieu
            case .nhan: return at(i + 1) == .the
            case .ten: return at(i + 1) == .trong
            default: return false
            }
        }
        for i in 0..<n {
            if let first = syllables[i].folded.utf8.first, first >= 48 && first <= 57 {
                // "8h30" is one syllable; "8 giờ", "8 h" are two.
                let s = syllables[i].folded.utf8
                if s.contains(UInt8(ascii: "h")) || s.contains(UInt8(ascii: "g")) { mentionsClock = true }
                if i + 1 < n, ["h", "g", "gio"].contains(syllables[i + 1].folded) { mentionsClock = true }
            }
            if count == nil, let value = number(i), value < 100_000 {
                if at(i + 1) == .nguoi || at(i + 1) == .thanh && at(i + 2) == .vien {
                    count = (value, "thành viên")
                } else if at(i + 1) == .cu && at(i + 2) == .tri {
                    count = (value, "cử tri")
                }
            }
            if (at(i) == .phuong || at(i) == .khom || at(i) == .ap) && number(i + 1) != nil { namesInstance = true }
            guard let word = w[i] else { continue }
            let next = at(i + 1)
            let before = at(i - 1)
            switch word {
            case .bau: mentionsVoting = true
            case .phieu:
                if before == .bo { mentionsVoting = true }
                if before == .may || before == .nhieu { asksResult = true }
            // "được (đi) bầu", "kịp bầu", "quyền bầu", "được ứng cử", "được bỏ phiếu"
            case .duoc, .kip, .quyen: if isAct(i + 1) || (next == .di && isAct(i + 2)) { asksEligibility = true }
            case .du: if next == .tuoi { asksEligibility = true }
            case .ty, .ti: if next == .le { isQuota = true }
            case .phan: if next == .tram { isQuota = true }
            case .chi: if next == .tieu { isQuota = true }
            case .chiem: isQuota = true
            case .co: if next == .cau { isQuota = true }
            case .duoi, .tren: if number(i + 1) != nil && at(i + 2) == .tuoi { isQuota = true }
            case .het, .tre: if next == .han { asksDeadline = true }
            case .qua:
                if next == .han { asksDeadline = true }
                if before == .hom || before == .bua { mentionsRelativeDay = true }
            case .con: if next == .kip || next == .han { asksDeadline = true }
            case .roi:
                if i + 1 == n || next == .ha || next == .a || next == .sao || next == .chua { asksAlready = true }
            case .chua: if i + 1 == n { asksAlready = true }
            case .ngay, .tuan, .lau:
                // "(còn) mấy ngày nữa", "bao nhiêu tuần nữa", "còn bao lâu"
                let counted = before == .may || before == .nhieu || (before == .bao && word == .lau)
                if counted && (next == .nua || at(i - 2) == .con || at(i - 3) == .con) { asksCountdown = true }
                if word == .ngay && next == .bau { namesElectionDay = true }
            case .dung:
                if next == .luat || next == .khong || next == .quy || next == .chua || before == .co || before == .vay {
                    asksLawful = true
                }
            case .hop: if next == .le || next == .phap { asksLawful = true }
            case .sai: if next == .luat || i + 1 == n { asksLawful = true }
            case .mai, .kia: mentionsRelativeDay = true
            case .nay, .sau, .toi:
                if before == .hom || before == .bua || before == .tuan || before == .nhat { mentionsRelativeDay = true }
            case .vien, .vi:
                // "ứng viên số 3", "đơn vị số 1"
                if next == .so && number(i + 2) != nil {
                    if word == .vien { namesPerson = true } else { namesInstance = true }
                }
            case .trung, .dac: if next == .cu { asksResult = true }
            case .ket: if next == .qua { asksResult = true }
            case .dan: if next == .dau { asksResult = true }
            case .cao: if next == .nhat { asksResult = true }
            case .luong: if before.map({ !Self.notSalary.contains($0) }) ?? true { asksPerks = true }
            case .thue: asksPerks = true
            case .phu: if next == .cap { asksPerks = true }
            case .uu: if next == .dai { asksPerks = true }
            case .cap: if next == .nha { asksPerks = true }
            default: break
            }
            if Self.titles.contains(word), let next, Self.surnames.contains(next), i + 2 < n, at(i + 2) != .toi {
                namesPerson = true
            }
            if Self.placeStarts.contains(word),
                Self.places.contains(where: { place in
                    i + place.count <= n && place.indices.allSatisfy { w[i + $0] == place[$0] }
                })
            {
                namesInstance = true
            }
            // "bầu (…) được không/chưa", "ứng cử hđnd xã được không": the act, then "được" soon after.
            if isAct(i) {
                // Abbreviations expand ("hđnd" is four words), hence the wide window.
                for j in (i + 1)..<min(n, i + 10) {
                    if let m = w[j], Self.manner.contains(m) { break }
                    guard w[j] == .duoc else { continue }
                    let after = at(j + 1)
                    if after == .khong || after == .chua || j + 1 == n { asksEligibility = true }
                }
            }
        }
    }
}
