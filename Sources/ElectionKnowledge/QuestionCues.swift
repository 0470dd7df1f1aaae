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

    /// Family names that follow "ông", "bà", "anh", "bác" in a person's name (Kinh and Khmer). Names that are
    /// also common words once folded ("đang", "võ"/"vô", "lâm"/"làm", "mai", "tạ"/"ta", "danh") are left out, as
    /// are the titles "cô" and "chị" ("có", "chỉ").
    static let surnames: Set<String> = [
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "bui", "ngo", "duong", "ly", "thach", "trieu",
        "son", "kim", "truong", "luu", "quach",
    ]
    static let titles: Set<String> = ["ong", "ba", "anh", "bac"]
    /// "số lượng", "chất lượng": not a salary.
    static let notSalary: Set<String> = ["so", "chat", "dung", "khoi", "trong", "san"]
    /// Districts and towns of Sóc Trăng, after "huyện", "thị xã", "thành phố".
    static let places: Set<String> = [
        "my tu", "tran de", "vinh chau", "nga nam", "ke sach", "long phu", "cu lao dung", "my xuyen", "chau thanh",
        "thanh tri",
    ]

    init(_ syllables: [Syllable]) {
        let w = syllables.map(\.folded)
        let n = w.count
        func isAct(_ i: Int) -> Bool {
            guard i >= 0, i < n else { return false }
            let next = i + 1 < n ? w[i + 1] : ""
            // bầu, ứng cử, bỏ phiếu, (nhận) thẻ cử tri, (có tên trong) danh sách cử tri
            return w[i] == "bau" || (w[i] == "ung" && next == "cu") || (w[i] == "bo" && next == "phieu")
                || (w[i] == "nhan" && next == "the") || (w[i] == "ten" && next == "trong")
        }
        for i in 0..<n {
            let word = w[i]
            let next = i + 1 < n ? w[i + 1] : ""
            if word == "bau" || (word == "phieu" && i > 0 && w[i - 1] == "bo") { mentionsVoting = true }
            switch word {
            case "duoc":
                // "được (đi) bầu", "được ứng cử", "được bỏ phiếu"
                if isAct(i + 1) || (next == "di" && isAct(i + 2)) { asksEligibility = true }
            case "kip":
                if isAct(i + 1) || (next == "di" && isAct(i + 2)) { asksEligibility = true }
            case "du":
                if next == "tuoi" { asksEligibility = true }
            case "quyen":
                if isAct(i + 1) || (next == "di" && isAct(i + 2)) { asksEligibility = true }
            case "ty", "ti": if next == "le" { isQuota = true }
            case "phan": if next == "tram" { isQuota = true }
            case "chi": if next == "tieu" { isQuota = true }
            case "chiem": isQuota = true
            case "co": if next == "cau" { isQuota = true }
            case "duoi", "tren":
                if i + 2 < n, Int(w[i + 1]) != nil, w[i + 2] == "tuoi" { isQuota = true }
            case "het", "qua", "tre":
                if next == "han" { asksDeadline = true }
            case "con":
                if next == "kip" || next == "han" { asksDeadline = true }
            case "roi":
                if i + 1 == n || next == "ha" || next == "a" || next == "sao" || next == "chua" { asksAlready = true }
            case "chua":
                if i + 1 == n { asksAlready = true }
            case "ngay", "tuan", "lau":
                // "(còn) mấy ngày nữa", "bao nhiêu tuần nữa", "còn bao lâu"
                let before = i > 0 ? w[i - 1] : ""
                let counted = before == "may" || before == "nhieu" || (before == "bao" && word == "lau")
                if counted && (next == "nua" || (i > 1 && w[i - 2] == "con") || (i > 2 && w[i - 3] == "con")) {
                    asksCountdown = true
                }
                if word == "ngay" && next == "bau" { namesElectionDay = true }
            default: break
            }
            if count == nil, let number = Int(word), number < 100_000 {
                if next == "nguoi" || next == "thanh" && i + 2 < n && w[i + 2] == "vien" {
                    count = (number, "thành viên")
                } else if next == "cu" && i + 2 < n && w[i + 2] == "tri" {
                    count = (number, "cử tri")
                }
            }
            if word == "dung"
                && (["luat", "khong", "quy", "chua"].contains(next) || i > 0 && ["co", "vay"].contains(w[i - 1]))
                || word == "hop" && (next == "le" || next == "phap") || word == "sai" && (next == "luat" || i + 1 == n)
            {
                asksLawful = true
            }
            if Self.titles.contains(word), Self.surnames.contains(next), i + 2 < n, w[i + 2] != "toi" {
                namesPerson = true
            }
            if (word == "vien" || word == "vi") && next == "so" && i + 2 < n && Int(w[i + 2]) != nil {
                // "ứng viên số 3", "đơn vị số 1"
                if word == "vien" { namesPerson = true } else { namesInstance = true }
            }
            if word == "phuong" || word == "khom" || word == "ap", i + 1 < n, Int(next) != nil {
                namesInstance = true
            }
            if i + 1 < n,
                Self.places.contains(word + " " + next)
                    || i + 2 < n && Self.places.contains(word + " " + next + " " + w[i + 2])
            {
                namesInstance = true
            }
            if (word == "trung" || word == "dac") && next == "cu" { asksResult = true }
            if word == "ket" && next == "qua" { asksResult = true }
            if word == "phieu" && i > 0 && (w[i - 1] == "may" || w[i - 1] == "nhieu") { asksResult = true }
            if word == "thang" || word == "dan" && next == "dau" || word == "cao" && next == "nhat" {
                asksResult = true
            }
            if word == "luong" && (i == 0 || !Self.notSalary.contains(w[i - 1])) || word == "thue"
                || word == "phu" && next == "cap"
                || word == "uu" && next == "dai" || word == "cap" && next == "nha"
            {
                asksPerks = true
            }
            // "bầu (…) được không/chưa", "ứng cử hđnd xã được không": the act, then "được" within four words.
            if isAct(i) {
                // Abbreviations expand ("hđnd" is four words), hence the wide window.
                for j in (i + 1)..<min(n, i + 10) where w[j] == "duoc" {
                    let after = j + 1 < n ? w[j + 1] : ""
                    if after == "khong" || after == "chua" || after.isEmpty { asksEligibility = true }
                }
            }
        }
    }
}
