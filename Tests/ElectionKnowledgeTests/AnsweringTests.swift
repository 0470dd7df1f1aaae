import Foundation
import IntentFiles
import Testing

@testable import ElectionKnowledge

/// A small knowledge base written here, so matching behaviour is pinned independently of the shipped files.
let tinyKnowledge = """
    election:
      id: test
      name: Cuộc bầu cử thử
      short_name: bầu cử thử
      date: 2021-05-23
    milestones:
      - id: niem-yet
        title: Niêm yết danh sách cử tri
        offset_days: -40
        body: UBND cấp xã
        basis: Luật, Điều 32
      - id: khieu-nai
        title: Hết hạn khiếu nại danh sách cử tri
        offset_days: 30
        anchor: niem-yet
        body: UBND cấp xã
        basis: Luật, Điều 33
    """

let tinyIntents = """
    intents:
      - id: chung.menu
        title: Các chủ đề
        kind: menu
        examples: [menu, các chủ đề, bạn giúp được gì]
        answer: Mình trả lời về ngày bầu cử, danh sách cử tri và tuổi bầu cử.
        suggestions: [lich.niem-yet, luat.tuoi]
      - id: lich.niem-yet
        title: Ngày niêm yết danh sách cử tri
        examples:
          - khi nào niêm yết danh sách cử tri
          - bao giờ dán danh sách cử tri
          - danh sach cu tri niem yet ngay nao
          - ngày nào công bố danh sách cử tri ở xã
        answer: Danh sách cử tri được niêm yết chậm nhất {when:niem-yet}; khiếu nại đến {date:khieu-nai}.
        sources: ["Luật, Điều 32"]
      - id: luat.tuoi
        title: Tuổi bầu cử và ứng cử
        kind: age_check
        articles: [2]
        examples:
          - bao nhiêu tuổi thì được bầu cử
          - mấy tuổi được đi bầu
          - đủ tuổi ứng cử là bao nhiêu
          - may tuoi thi dc di bau
        answer: Đủ 18 tuổi được bầu cử, đủ 21 tuổi được ứng cử.
        sources: ["Luật, Điều 2"]
      - id: luat.hom-phieu-phu
        title: Hòm phiếu phụ
        articles: [71]
        examples:
          - người ốm không đi được thì bỏ phiếu thế nào
          - hòm phiếu phụ là gì
          - nguoi gia yeu benh tat co duoc mang hom phieu den nha khong
          - người bị tạm giam bỏ phiếu bằng cách nào
        answer: Tổ bầu cử mang hòm phiếu phụ và phiếu bầu đến chỗ ở của cử tri.
        sources: ["Luật, Điều 71"]
      - id: ngoai.gia-vang
        title: Ngoài phạm vi
        kind: out_of_scope
        examples: [giá vàng hôm nay, giá xăng bao nhiêu, tỷ giá đô la, thời tiết ngày mai thế nào, công thức nấu ăn]
        answer: Câu này nằm ngoài phạm vi của mình.
    """

func tinyKB() throws -> KnowledgeBase {
    try IntentLoader.load(sources: [("election.yml", tinyKnowledge), ("intents.yml", tinyIntents)]).get()
}

@Suite("Answering")
struct AnsweringTests {
    let today = CivilDate(year: 2021, month: 4, day: 1)!

    @Test("a close question is answered with dates, relative days and sources")
    func answersWithDates() throws {
        let kb = try tinyKB()
        let reply = kb.answer("Khi nào thì niêm yết danh sách cử tri vậy?", today: today)
        #expect(reply.intent == "lich.niem-yet")
        #expect(!reply.fallback)
        #expect(reply.text.contains("Thứ Ba, 13/04/2021 (còn 12 ngày)"))
        #expect(reply.text.contains("khiếu nại đến Thứ Năm, 13/05/2021"))
        #expect(reply.text.hasSuffix("Nguồn: Luật, Điều 32."))
        #expect(reply.sources == ["Luật, Điều 32"])
    }

    @Test("questions typed without accents, in NFD or in teencode find the same intent")
    func variants() throws {
        let kb = try tinyKB()
        for q in [
            "khi nao niem yet danh sach cu tri", "KHI NÀO NIÊM YẾT DANH SÁCH CỬ TRI",
            "khi nào niêm yết danh sách cử tri".decomposedStringWithCanonicalMapping, "danh sach cu tri bh niem yet z",
        ] {
            #expect(kb.answer(q, today: today).intent == "lich.niem-yet", "\(q)")
        }
        #expect(kb.answer("ng bệnh ko đi đc thì bỏ phiếu ntn", today: today).intent == "luat.hom-phieu-phu")
    }

    @Test("a typo is tolerated")
    func typo() throws {
        let kb = try tinyKB()
        #expect(kb.answer("hòm phiêu phụ là gi", today: today).intent == "luat.hom-phieu-phu")
        #expect(kb.answer("hom phieuu phu la gi", today: today).intent == "luat.hom-phieu-phu")
    }

    @Test("questions outside the election fall back with topics instead of a wrong answer")
    func fallsBack() throws {
        let kb = try tinyKB()
        for q in ["công thức nấu phở bò", "thời tiết Sóc Trăng ngày mai", "giá vàng hôm nay bao nhiêu", "asdf qwer"] {
            let reply = kb.answer(q, today: today)
            #expect(reply.fallback, "\(q) → \(reply.intent ?? "nil")")
            #expect(reply.intent == nil)
            #expect(!reply.suggestions.isEmpty)
        }
    }

    @Test("a birth date makes a personal answer about voting and standing")
    func ageCheck() throws {
        let kb = try tinyKB()
        let reply = kb.answer("con tui sinh 20/5/2003 có được đi bầu không", today: today)
        #expect(reply.intent == "luat.tuoi")
        #expect(reply.text.contains("Người sinh ngày 20/05/2003 đã đủ 18 tuổi vào ngày bầu cử 23/05/2021"))
        #expect(reply.text.contains("chưa đủ 21 tuổi"))
        #expect(reply.text.contains("Nguồn: Luật, Điều 2."))
        let later = kb.answer("em sinh 24/5/2003 thì đi bầu được ko", today: today)
        #expect(later.text.contains("chưa đủ 18 tuổi"))
        let month = kb.answer("sinh tháng 5/2003 có được bầu cử không", today: today)
        #expect(month.text.contains("nếu sinh từ ngày 23/05/2003 trở về trước"))
    }

    @Test("commands and buttons name their intent")
    func commands() throws {
        let kb = try tinyKB()
        #expect(kb.answer("/start", today: today).intent == "chung.menu")
        #expect(kb.answer("/help@my_bot", today: today).intent == "chung.menu")
        #expect(kb.answer("i:luat.tuoi", today: today).intent == "luat.tuoi")
        let unknown = kb.answer("/xyz", today: today)
        #expect(unknown.fallback)
        #expect(unknown.text.hasPrefix("Mình không biết lệnh /xyz."))
        #expect(kb.answer("", today: today).fallback)
    }

    @Test("asking for an article by number finds the intent that explains it")
    func articles() throws {
        let kb = try tinyKB()
        #expect(kb.answer("Điều 71 quy định gì", today: today).intent == "luat.hom-phieu-phu")
        #expect(kb.answer("dieu 2 luat bau cu", today: today).intent == "luat.tuoi")
    }

    @Test("answers that count days are rendered anew when the date changes, and reused within a day")
    func dailyAnswers() throws {
        let kb = try tinyKB()
        let question = "Khi nào thì niêm yết danh sách cử tri vậy?"
        let first = kb.answer(question, today: today).text
        #expect(first.contains("(còn 12 ngày)"))
        #expect(kb.answer(question, today: today).text == first)
        let nextDay = CivilDate(year: 2021, month: 4, day: 2)!
        #expect(kb.answer(question, today: nextDay).text.contains("(còn 11 ngày)"))
        let copy = kb  // copies of a snapshot share the day's texts, and still follow the date
        #expect(copy.answer(question, today: today).text == first)
        let onTheDay = CivilDate(year: 2021, month: 4, day: 13)!
        #expect(copy.answer(question, today: onTheDay).text.contains("(hôm nay)"))
    }

    @Test("timeline text marks today between milestones")
    func timeline() throws {
        let kb = try tinyKB()
        let text = kb.timelineText(today: today)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "▶ Hôm nay 01/04/2021")
        #expect(lines[1].hasPrefix("• chậm nhất 13/04/2021: Niêm yết danh sách cử tri (còn 12 ngày)"))
        let after = kb.timelineText(today: CivilDate(year: 2021, month: 4, day: 20)!)
        #expect(after.hasPrefix("✓ chậm nhất 13/04/2021"))
    }

    @Test("each milestone kind is said before its date; election day is just its date")
    func milestoneKinds() throws {
        let election = """
            election: {id: t, name: Cuộc bầu cử thử, short_name: thử, date: 2021-05-23}
            milestones:
              - {id: a, title: Hạn chót, offset_days: -115, kind: deadline, basis: Đ1, body: X}
              - {id: b, title: Bắt đầu, offset_days: -25, kind: from, basis: Đ1, body: X}
              - {id: c, title: Kết thúc, offset_days: -1, time: "07:00", kind: until, basis: Đ1, body: X}
              - {id: d, title: Ngày bầu cử, offset_days: 0, kind: "on", basis: Đ1, body: X}
            """
        let menu = """
            intents:
              - {id: chung.menu, title: Các chủ đề, kind: menu, examples: [menu, các chủ đề, trợ giúp], answer: "{timeline}"}
            """
        let kb = try IntentLoader.load(sources: [("election.yml", election), ("intents.yml", menu)]).get()
        let lines = kb.timelineText(today: CivilDate(year: 2021, month: 1, day: 1)!).split(separator: "\n").map(
            String.init)
        #expect(lines[1].hasPrefix("• chậm nhất 28/01/2021: Hạn chót"))
        #expect(lines[2].hasPrefix("• từ 28/04/2021: Bắt đầu"))
        #expect(lines[3].hasPrefix("• đến 22/05/2021 07:00: Kết thúc"))
        #expect(lines[4].hasPrefix("• 23/05/2021: Ngày bầu cử"))
        #expect(kb.milestones[0].kindPrefix == "chậm nhất ")
        #expect(kb.milestones[3].kindPrefix.isEmpty)
        #expect(kb.milestones[0].dueWording == "chậm nhất Thứ Năm, 28/01/2021")
        #expect(kb.milestones[2].dueWording == "đến 07:00, Thứ Bảy, 22/05/2021")
    }
}
