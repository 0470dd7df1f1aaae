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
