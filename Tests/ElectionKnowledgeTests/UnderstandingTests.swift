import Foundation
import Testing
import VietnameseText

@testable import ElectionKnowledge

/// Issue 11: ages only when eligibility is asked, verdicts about today and the voting hours.
@Suite("Understanding what citizens type")
struct UnderstandingTests {
    let april = CivilDate(year: 2021, month: 4, day: 1)!

    func cues(_ text: String) -> QuestionCues {
        QuestionCues(Abbreviations.expand(VietnameseFolding.syllables(text)))
    }

    @Test(
        "an age is about a person only when the message asks whether they may vote or stand",
        arguments: [
            ("con tui 17 tuổi có được đi bầu không", true),
            ("em sinh 2004 co bau dc ko", true),
            ("ung vien 22 tuoi thi du tuoi ung cu chua", true),
            ("tui 20 tuoi muon ra ung cu hdnd xa dc hong", true),
            ("bé sinh tháng 12/2002 có được nhận thẻ cử tri không", true),
            ("ba noi tui 92 tuoi nam liet giuong, to bau cu co dem thung phieu toi nha hong", false),
            ("ong ngoai 87 tuoi di dung hong noi, bau sao", false),
            ("ba tui 80 tuoi dang nam vien, co bau tai benh vien dc ko", false),
            ("ông nội 95 tuổi hổng ra được điểm bầu, có ai dìa nhà cho ổng bầu hông", false),
        ])
    func eligibility(_ text: String, _ asks: Bool) {
        #expect(cues(text).asksEligibility == asks, "\(text)")
    }

    @Test("an age limit in a quota is not a person's age")
    func quota() throws {
        #expect(cues("người dưới 40 tuổi phải chiếm bao nhiêu phần trăm").isQuota)
        #expect(cues("ty le ung vien duoi 40 tuoi").isQuota)
        #expect(!cues("con tui 17 tuổi có được đi bầu không").isQuota)
        let kb = try Shipped.knowledge.get()
        let reply = kb.answer(
            "ke hoach 08 noi nguoi duoi 40 tuoi phai chiem bao nhieu phan tram ung vien hdnd", today: april)
        #expect(reply.intent == "kh08.ty-le-tre-tuoi")
        #expect(!reply.text.contains("có quyền bầu cử"))
    }

    @Test("a grandparent's age in a mobile ballot box question gets the procedure, not a verdict")
    func storyWithAge() throws {
        let kb = try Shipped.knowledge.get()
        let reply = kb.answer(
            "ba noi tui 92 tuoi nam liet giuong roi, to bau cu co dem thung phieu toi nha hong", today: april)
        #expect(!reply.text.hasPrefix("Người 92 tuổi"))
        #expect(reply.intent != "luat.tuoi-bau-cu")
        let asked = kb.answer("con tui 17 tuoi co duoc di bau ko", today: april)
        #expect(asked.intent == "luat.tuoi-bau-cu")
        #expect(asked.text.hasPrefix("Người 17 tuổi"))
    }

    @Test("a particular person's or place's result, or deputies' pay, is said to be unknown, not answered")
    func nearMisses() throws {
        #expect(cues("ong nguyen van a duoc bao nhieu phieu").namesPerson)
        #expect(cues("ứng viên số 3 học trường nào").namesPerson)
        #expect(cues("ai trúng cử ở huyện mỹ tú").namesInstance)
        #expect(cues("ai trúng cử ở huyện mỹ tú").asksResult)
        #expect(cues("lương đại biểu hđnd bao nhiêu").asksPerks)
        #expect(!cues("số lượng đại biểu hđnd").asksPerks)
        #expect(!cues("chất lượng đại biểu").asksPerks)
        #expect(!cues("có danh sách ứng cử viên chưa").namesPerson)
        #expect(!cues("ông đang nằm viện có bầu được không").namesPerson)
        let kb = try Shipped.knowledge.get()
        for q in ["ong tran van x ung vien don vi so 2 duoc may phieu", "ai dac cu hdnd tinh o huyen ke sach"] {
            let reply = kb.answer(q, today: april)
            #expect(reply.fallback, "\(q) → \(reply.intent ?? "nil")")
            #expect(reply.text.contains("không có thông tin"))
        }
    }

    @Test("a count in the user's case is checked against the range the law gives: yes, depends or no")
    func countVerdict() throws {
        #expect(cues("to bau cu co 4 nguoi vay dung luat ko").count?.number == 4)
        #expect(cues("to bau cu co 4 nguoi vay dung luat ko").asksLawful)
        #expect(!cues("to bau cu co bao nhieu nguoi").asksLawful)
        let kb = try Shipped.knowledge.get()
        let yes = kb.answer("to bau cu co 15 nguoi dung khong", today: april)
        #expect(yes.intent == "luat.to-bau-cu")
        #expect(yes.text.hasPrefix("Đúng: 15 thành viên nằm trong khoảng luật quy định (từ 11 đến 21 thành viên)"))
        let no = kb.answer("khu vuc bo phieu co 250 cu tri co dung luat ko", today: april)
        #expect(no.text.hasPrefix("Không đúng quy định chung: luật quy định từ 300 đến 4000 cử tri"))
        let depends = kb.answer("uy ban bau cu xa co 10 thanh vien dung luat ko", today: april)
        #expect(depends.text.hasPrefix("Tùy trường hợp: 10 thành viên"))
    }

    @Test("relative days are read against a fixed today")
    func relativeDays() {
        let saturday = CivilDate(year: 2021, month: 5, day: 22)!
        func days(_ text: String, _ today: CivilDate) -> RelativeDays? {
            RelativeDays.find(in: Abbreviations.expand(VietnameseFolding.syllables(text)), today: today)
        }
        #expect(days("mai la bau roi ha", saturday)?.first == CivilDate(year: 2021, month: 5, day: 23))
        #expect(days("hôm nay có phải ngày bầu không", saturday)?.first == saturday)
        #expect(days("chủ nhật này đi bầu phải không", april)?.first == CivilDate(year: 2021, month: 4, day: 4))
        let next = days("tuần sau là bầu cử rồi phải ko", CivilDate(year: 2021, month: 5, day: 12)!)
        #expect(next?.contains(CivilDate(year: 2021, month: 5, day: 23)!) == true)
        #expect(days("bầu cử ngày nào", april) == nil)
    }

    @Test("whether tomorrow is election day: yes or no with the date first")
    func electionDayVerdict() throws {
        let kb = try Shipped.knowledge.get()
        let saturday = CivilDate(year: 2021, month: 5, day: 22)!
        let yes = kb.answer("mai la bau roi ha", today: saturday)
        #expect(yes.intent == "lich.ngay-bau-cu")
        #expect(yes.text.hasPrefix("Đúng: ngày mai là ngày bầu cử, Chủ Nhật, 23/05/2021"))
        let no = kb.answer("mai la bau roi ha", today: april)
        #expect(no.text.hasPrefix("Không: ngày bầu cử là Chủ Nhật, 23/05/2021 (còn 52 ngày)"))
        let past = kb.answer("bầu cử rồi hả", today: CivilDate(year: 2021, month: 6, day: 1)!)
        #expect(past.text.hasPrefix("Rồi: cuộc bầu cử đã diễn ra"))
    }

    @Test("a countdown to the election day is answered with the days left")
    func countdown() throws {
        #expect(cues("còn mấy ngày nữa là bầu cử").asksCountdown)
        #expect(cues("bao nhiêu ngày nữa tới ngày bầu").asksCountdown)
        #expect(!cues("bầu cử ngày nào").asksCountdown)
        let kb = try Shipped.knowledge.get()
        let reply = kb.answer("con may ngay nua la toi ngay bau cu", today: april)
        #expect(reply.intent == "lich.ngay-bau-cu")
        #expect(reply.text.hasPrefix("Chưa: ngày bầu cử là Chủ Nhật, 23/05/2021 (còn 52 ngày)"))
    }

    @Test("whether a deadline has passed, against today")
    func deadlineVerdict() throws {
        let kb = try Shipped.knowledge.get()
        let q = "het han khieu nai danh sach cu tri chua"
        let open = kb.answer(q, today: april)
        #expect(open.intent == "luat.danh-sach-cu-tri.khieu-nai")
        #expect(open.text.hasPrefix("Chưa hết hạn: hạn khiếu nại về danh sách cử tri là chậm nhất"))
        let closed = kb.answer(q, today: CivilDate(year: 2021, month: 5, day: 20)!)
        #expect(closed.text.hasPrefix("Đã hết hạn:"))
    }

    @Test(
        "times of day in messages",
        arguments: [
            ("toi nay 8h30 moi toi diem bau", 20 * 60 + 30), ("bau som luc 6h dc ko", 6 * 60),
            ("8 giờ tối còn bầu được không", 20 * 60), ("5 gio sang", 5 * 60), ("chiều 7h rồi", 19 * 60),
            ("7g30 sáng", 7 * 60 + 30),
        ])
    func clock(_ text: String, _ minutes: Int) {
        #expect(ClockTime.find(in: text) == minutes)
    }

    @Test("no time of day in dates or counts")
    func noClock() {
        #expect(ClockTime.find(in: "sinh 20/5/2003") == nil)
        #expect(ClockTime.find(in: "tổ bầu cử có 4 người") == nil)
    }

    @Test("the voting hours decide: yes, depends on the polling team, or no")
    func votingHours() throws {
        let hours = Election.VotingHours()
        #expect(TimeVerdict.votingHours(minutes: 9 * 60, hours: hours).hasPrefix("Được"))
        #expect(TimeVerdict.votingHours(minutes: 6 * 60, hours: hours).hasPrefix("Tùy Tổ bầu cử"))
        #expect(TimeVerdict.votingHours(minutes: 20 * 60 + 30, hours: hours).hasPrefix("Tùy Tổ bầu cử"))
        #expect(TimeVerdict.votingHours(minutes: 22 * 60, hours: hours).hasPrefix("Không"))
        #expect(TimeVerdict.votingHours(minutes: 4 * 60, hours: hours).hasPrefix("Không"))
        let kb = try Shipped.knowledge.get()
        let reply = kb.answer("toi nay 8h30 moi toi diem bau thi sao", today: april)
        #expect(reply.intent == "luat.bo-phieu-gio-bo-phieu")
        #expect(reply.text.hasPrefix("Tùy Tổ bầu cử: giờ bỏ phiếu kết thúc lúc 19 giờ; 20 giờ 30"))
    }
}
