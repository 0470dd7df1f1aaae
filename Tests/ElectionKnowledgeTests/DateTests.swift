import Testing

@testable import ElectionKnowledge

@Suite("Civil dates and their wording")
struct DateTests {
    let election = CivilDate(year: 2021, month: 5, day: 23)!

    @Test("day arithmetic matches the legal offsets of 2021")
    func offsets() {
        #expect(election.adding(days: -115).ddmmyyyy == "28/01/2021")
        #expect(election.adding(days: -105).ddmmyyyy == "07/02/2021")
        #expect(election.adding(days: -70).ddmmyyyy == "14/03/2021")
        #expect(election.adding(days: -40).ddmmyyyy == "13/04/2021")
        #expect(election.adding(days: 20).ddmmyyyy == "12/06/2021")
        #expect(CivilDate(year: 2024, month: 2, day: 28)!.adding(days: 1).ddmmyyyy == "29/02/2024")
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(dayNumber: -1).iso == "1969-12-31")
    }

    @Test("weekdays in Vietnamese")
    func weekdays() {
        #expect(election.vietnameseWeekday == "Chủ Nhật")
        #expect(election.adding(days: -115).vietnameseWeekday == "Thứ Năm")
        #expect(CivilDate(year: 2026, month: 11, day: 27)!.vietnameseWeekday == "Thứ Sáu")
    }

    @Test("invalid dates are refused")
    func invalid() {
        #expect(CivilDate(year: 2021, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2021, month: 13, day: 1) == nil)
        #expect(CivilDate(iso: "2021-5-x") == nil)
        #expect(CivilDate(iso: "2021-05-23") == election)
    }

    @Test("relative wording against a fixed today")
    func relative() {
        let today = CivilDate(year: 2021, month: 5, day: 20)!
        #expect(DateWording.relative(election, today: today) == "(còn 3 ngày)")
        #expect(DateWording.relative(today, today: today) == "(hôm nay)")
        #expect(DateWording.relative(today.adding(days: 1), today: today) == "(ngày mai, còn 1 ngày)")
        #expect(DateWording.relative(today.adding(days: -1), today: today) == "(đã diễn ra)")
        #expect(DateWording.when(election, today: today) == "Chủ Nhật, 23/05/2021 (còn 3 ngày)")
        #expect(DateWording.date(election, time: "07:00") == "07:00, Chủ Nhật, 23/05/2021")
    }

    @Test("today at UTC+7 turns over at 17:00 UTC")
    func todayInVietnam() {
        // 2021-05-22T16:59:59Z is 23:59:59 in Hà Nội; one second later it is election day.
        let t: Double = 1_621_702_799
        #expect(CivilDate.today(utcOffsetMinutes: 420, now: t).iso == "2021-05-22")
        #expect(CivilDate.today(utcOffsetMinutes: 420, now: t + 1).iso == "2021-05-23")
    }
}

@Suite("Birth facts and age verdicts")
struct AgeTests {
    let election = CivilDate(year: 2021, month: 5, day: 23)!
    let today = CivilDate(year: 2021, month: 4, day: 1)!

    func verdict(_ text: String, age: Int = 18) -> AgeVerdict? {
        BirthFact.find(in: text, today: today).map { AgeVerdict.reaches(age, on: election, birth: $0) }
    }

    @Test("exact birth dates around the cutoff")
    func exact() {
        #expect(verdict("con tui sinh 20/5/2003") == .yes)
        #expect(verdict("sinh ngày 23/05/2003") == .yes)  // 18 on election day itself
        #expect(verdict("sinh 24-5-2003") == .no)
        #expect(verdict("sinh ngày 24 tháng 5 năm 2003") == .no)
        #expect(verdict("sinh 1.1.2000", age: 21) == .yes)
        #expect(verdict("sinh 30/5/2000", age: 21) == .no)
    }

    @Test("a month or a year only can depend on the day")
    func partial() {
        #expect(verdict("sinh tháng 7/2003") == .no)
        #expect(verdict("sinh tháng 4/2003") == .yes)
        #expect(verdict("sinh tháng 5/2003") == .dependsOnBirthDate(cutoff: CivilDate(year: 2003, month: 5, day: 23)!))
        #expect(verdict("sinh năm 2003") == .dependsOnBirthDate(cutoff: CivilDate(year: 2003, month: 5, day: 23)!))
        #expect(verdict("sinh nam 2001") == .yes)
    }

    @Test("an age today becomes a range of birth dates")
    func ageToday() {
        #expect(verdict("năm nay em 17 tuổi") != .yes)
        #expect(verdict("năm nay 19 tuổi") == .yes)
        #expect(verdict("em 16 tuoi") == .no)
    }

    @Test("no fact, no verdict")
    func none() {
        #expect(BirthFact.find(in: "bao nhiêu tuổi thì được bầu cử", today: today) == nil)
        #expect(BirthFact.find(in: "điều 32 luật bầu cử", today: today) == nil)
    }

    @Test("29 February birthdays")
    func leap() {
        let birth = BirthFact(
            earliest: CivilDate(year: 2004, month: 2, day: 29)!, latest: CivilDate(year: 2004, month: 2, day: 29)!,
            precision: .day)
        #expect(AgeVerdict.reaches(18, on: CivilDate(year: 2022, month: 2, day: 28)!, birth: birth) == .no)
        #expect(AgeVerdict.reaches(18, on: CivilDate(year: 2022, month: 3, day: 1)!, birth: birth) == .yes)
    }
}
