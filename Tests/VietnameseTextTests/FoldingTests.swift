import Foundation
import Testing

@testable import VietnameseText

@Suite("Vietnamese folding")
struct FoldingTests {
    @Test(
        "folded forms ignore accents, case, đ and punctuation",
        arguments: [
            ("Bầu cử", "bau cu"),
            ("bệnh", "benh"),
            ("ưu tiên", "uu tien"),
            ("Đăng ký", "dang ky"),
            ("ĐẠI BIỂU QUỐC HỘI!!!", "dai bieu quoc hoi"),
            ("Hội đồng nhân dân, xã.", "hoi dong nhan dan xa"),
            ("  nhiều   khoảng\ttrắng \n", "nhieu khoang trang"),
            ("Điều 32/khoản 1", "dieu 32 khoan 1"),
            ("thuỷ thủy", "thuy thuy"),
            ("ngữ, ngưỡng, Ỷ", "ngu nguong y"),
        ])
    func folds(_ input: String, _ expected: String) {
        #expect(VietnameseFolding.fold(input) == expected)
    }

    @Test("NFD input folds like NFC input")
    func nfd() {
        let words = ["Bầu cử", "Đồng Tháp", "người ứng cử", "khoá", "thuỷ lợi", "Ủy ban bầu cử", "hỗ trợ", "Nguyễn"]
        for w in words {
            let nfd = w.decomposedStringWithCanonicalMapping
            #expect(nfd.unicodeScalars.count > w.unicodeScalars.count)
            #expect(VietnameseFolding.fold(nfd) == VietnameseFolding.fold(w))
            #expect(VietnameseFolding.tonedKey(nfd) == VietnameseFolding.tonedKey(w))
        }
    }

    @Test(
        "tone-mark placement does not matter in the toned form",
        arguments: [("hoà", "hòa"), ("khoá", "khóa"), ("thuỷ", "thủy"), ("Hoà Bình", "hòa bình"), ("uỷ ban", "ủy ban")])
    func tonePlacement(_ old: String, _ new: String) {
        #expect(VietnameseFolding.tonedKey(old) == VietnameseFolding.tonedKey(new))
    }

    @Test("accents that change the word stay distinct in the toned form")
    func tonesDistinguish() {
        #expect(VietnameseFolding.tonedKey("bầu") != VietnameseFolding.tonedKey("bấu"))
        #expect(VietnameseFolding.tonedKey("bầu") == "bâu1")
        #expect(VietnameseFolding.tonedKey("cử tri") == "cư3 tri")
        #expect(VietnameseFolding.tonedKey("đủ") == "đu3")
        #expect(VietnameseFolding.fold("bầu") == VietnameseFolding.fold("bấu"))
    }

    @Test("syllables report whether the user typed marks")
    func marks() {
        let s = VietnameseFolding.syllables("bau cử")
        #expect(s.map(\.hasMarks) == [false, true])
        #expect(VietnameseFolding.syllables("2003")[0].isNumber)
        #expect(VietnameseFolding.syllables("").isEmpty)
        #expect(VietnameseFolding.syllables("?! 🙂 ...").isEmpty)
    }

    @Test("keeping punctuation for dates")
    func punctuation() {
        #expect(VietnameseFolding.foldKeepingPunctuation("Sinh 20/5/2003 ạ") == "sinh 20/5/2003 a")
    }
}

@Suite("Abbreviations and teencode")
struct AbbreviationTests {
    func expand(_ s: String) -> String {
        Abbreviations.expand(VietnameseFolding.syllables(s)).map(\.folded).joined(separator: " ")
    }

    @Test(
        arguments: [
            ("ko dc bầu hdnd à", "khong duoc bau hoi dong nhan dan"),  // the closing "à" says nothing
            ("HĐND xã", "hoi dong nhan dan xa"),
            ("ĐBQH khóa XV", "dai bieu quoc hoi khoa xv"),
            ("đc ko", "duoc khong"),
            ("bn tuổi thì đc bầu", "bao nhieu tuoi thi duoc bau"),
            ("bn ơi cho mình hỏi", "ban oi cho minh hoi"),
            ("lam ntn z", "lam nhu the nao"),
            ("ubnd, mttq, ubbc, bcđ", "uy ban nhan dan mat tran to quoc uy ban bau cu ban chi dao"),
            ("mik k bit j", "minh khong biet gi"),
        ])
    func expands(_ input: String, _ expected: String) {
        #expect(expand(input) == expected)
    }

    @Test("a word typed with its accents is never taken for an abbreviation")
    func accentedWordsStay() {
        #expect(expand("tú") == "tu")
        #expect(expand("dạ") == "da")
    }

    @Test("expanded words carry accents so they match accented examples")
    func expansionIsAccented() {
        let s = Abbreviations.expand(VietnameseFolding.syllables("hdnd"))
        #expect(s.map(\.toned) == ["hôi5", "đông1", "nhân", "dân"])
    }
}

@Suite("Southern dialect and chat particles")
struct DialectTests {
    func expanded(_ text: String) -> String {
        Abbreviations.expand(VietnameseFolding.syllables(text)).map(\.folded).joined(separator: " ")
    }

    @Test(
        "dialect words typed with their marks become the standard words",
        arguments: [
            ("ổng hông dìa kịp", "ong ay khong ve kip"),
            ("bả hổng biết", "ba ay khong biet"),
            ("ở bển đặng đi bầu", "o ben do de di bau"),
            ("hổm rày bịnh", "hom nay binh benh"),
            ("tui bầu giùm má", "toi bau gium giup ma"),
            ("bnhiu phiếu", "bao nhieu phieu"),
        ])
    func dialect(_ text: String, _ folded: String) {
        #expect(expanded(text) == folded)
    }

    @Test("the same letters with another tone stay what they are")
    func tonesMatter() {
        #expect(expanded("hoa hồng") == "hoa hong")
        #expect(expanded("bà ngoại") == "ba ngoai")
    }

    @Test("words addressed to the bot and closing particles carry no topic")
    func particles() {
        #expect(expanded("ad oi cho hoi bau ngay nao vay ta") == "oi cho hoi bau ngay nao")
        #expect(expanded("bau cu ngay nao z") == "bau cu ngay nao")
        #expect(expanded("chúng ta đi bầu") == "chung ta di bau")
        #expect(expanded("hả ta") == "ha ta")
    }

    @Test("everyday words for the law's situations add the law's words, keeping the user's")
    func situations() {
        #expect(expanded("ổng đang ở tù") == "ong ay dang o tu hinh phat tu")
        #expect(expanded("thang con di linh") == "thang con di linh quan nhan")
        #expect(expanded("bau online dc ko") == "bau online duoc khong bau thay")
        // "công tác bầu cử" is the work of the election, not a trip: nothing is added.
        #expect(expanded("công tác bầu cử") == "cong tac bau cu")
    }
}
