import Foundation
import VietnameseText

extension KnowledgeBase {
    /// Answers one question as of `today` (a date in the election's time zone).
    ///
    /// Order of evidence: a button payload ("i:ID") or a command names its intent; otherwise the matcher ranks
    /// intents, and the bot answers only when the best one explains enough of the question and clearly
    /// beats the runner-up. Otherwise it says it is not sure and offers up to three likely topics.
    public func answer(_ question: String, today: CivilDate) -> Reply {
        let trimmed = question.trimmingSpaces
        if trimmed.hasPrefix("i:"), let i = intentByID[String(trimmed.dropFirst(2))] {
            return render(intent: i, confidence: 1, today: today, question: trimmed)
        }
        if trimmed.hasPrefix("/") {
            return command(trimmed, today: today)
        }
        let syllables = Abbreviations.expand(VietnameseFolding.syllables(trimmed))
        if syllables.isEmpty {
            return menuReply(today: today, confidence: 0, fallback: true)
        }
        var ranking = matcher.rank(syllables, limit: 4, restrictedTo: articleCandidates(syllables))
        let cues = QuestionCues(syllables)

        // A birth date or an age is a fact about a person only when the message asks whether that person may vote
        // or stand ("con tui 17 tuổi có được đi bầu không"); in a quota ("dưới 40 tuổi chiếm bao nhiêu %") or a
        // story ("bà nội 92 tuổi nằm liệt giường, có mang thùng phiếu tới không") the intent it is about must win.
        if let age = ageIntentIndex, let fact = BirthFact.find(in: trimmed, today: today) {
            if cues.asksEligibility && !cues.isQuota {
                return ageReply(fact, intent: age, confidence: max(ranking.confidence, 0.9), today: today)
            }
            ranking.top.removeAll { $0.intent == age }
        }
        if ranking.top.count > 3 { ranking.top.removeLast(ranking.top.count - 3) }
        // A time of day with a question about voting: the voting hours decide ("tối nay 8h30 mới tới điểm bầu").
        if cues.mentionsClock, cues.mentionsVoting, let hoursIntent = intentByID[KnowledgeBase.votingHoursIntentID],
            ranking.top.contains(where: { $0.intent == hoursIntent }) || ranking.confidence < 0.35,
            let minutes = ClockTime.find(in: trimmed)
        {
            var reply = render(
                intent: hoursIntent, confidence: max(ranking.confidence, 0.6), today: today, question: trimmed)
            reply.text = TimeVerdict.votingHours(minutes: minutes, hours: election.votingHours) + "\n" + reply.text
            return reply
        }
        // "mai là bầu rồi hả", "tuần sau bầu cử phải không": a short question about a day and voting is about
        // the election day, answered against today.
        if let dayIntent = intentByID[KnowledgeBase.electionDayIntentID], cues.mentionsVoting,
            cues.asksAlready || cues.asksCountdown
                || cues.mentionsRelativeDay && RelativeDays.find(in: syllables, today: today) != nil,
            ranking.top.contains(where: { $0.intent == dayIntent }) || syllables.count <= 5
                || syllables.count <= 8 && (ranking.confidence < 0.35 || cues.asksCountdown)
                || cues.asksCountdown && cues.namesElectionDay,
            !ranking.top.contains(where: { intents[$0.intent].kind == .outOfScope && $0.score >= 0.35 })
        {
            var reply = render(
                intent: dayIntent, confidence: max(ranking.confidence, 0.6), today: today, question: trimmed)
            if let verdict = timeVerdict(intent: dayIntent, cues: cues, syllables: syllables, today: today) {
                reply.text = verdict + "\n" + reply.text
            }
            return reply
        }
        let confidence = ranking.confidence

        // A count to check ("tổ bầu cử có 4 người, đúng luật không"): among the likely intents, the one whose answer
        // states a range in the same unit decides, even when a neighbour scores a little higher.
        if cues.asksLawful, cues.count != nil, let first = ranking.top.first {
            for candidate in ranking.top where candidate.score >= first.score * 0.6 {
                guard intents[candidate.intent].kind == .answer else { continue }
                var reply = render(
                    intent: candidate.intent, confidence: max(ranking.confidence, 0.5), today: today, question: trimmed)
                if let verdict = countVerdict(reply.text, cues: cues) {
                    reply.text = verdict + "\n" + reply.text
                    return reply
                }
            }
        }
        // A particular person's or place's result, a candidate's private life, deputies' pay: the sources do not
        // have them, whatever the words share with an intent ("ông Nguyễn Văn A được bao nhiêu phiếu").
        if cues.namesPerson || (cues.namesInstance && cues.asksResult)
            || cues.asksPerks && syllables.contains(where: { $0.folded == "bieu" })
        {
            if let i = intentByID[KnowledgeBase.nearMissIntentID] {
                return outOfScope(i, confidence: confidence, today: today)
            }
            return notSure(ranking, confidence: confidence)
        }
        guard let best = ranking.top.first,
            confidence >= thresholds.minConfidence, ranking.gap >= thresholds.minGap
        else {
            return notSure(ranking, confidence: confidence)
        }
        if intents[best.intent].kind == .outOfScope {
            return outOfScope(best.intent, confidence: confidence, today: today)
        }
        // A close out-of-scope runner-up ("bầu tổng thống ở Mỹ") means the question may not be about this
        // election at all: better to say so than to answer about the wrong one.
        if let rival = ranking.top.dropFirst().first(where: { intents[$0.intent].kind == .outOfScope }),
            rival.score >= best.score * Float(thresholds.outOfScopeRivalRatio)
        {
            return outOfScope(rival.intent, confidence: confidence, today: today)
        }
        var reply = render(intent: best.intent, confidence: confidence, today: today, question: trimmed)
        if let verdict = timeVerdict(intent: best.intent, cues: cues, syllables: syllables, today: today)
            ?? countVerdict(reply.text, cues: cues)
        {
            reply.text = verdict + "\n" + reply.text
        }
        return reply
    }

    /// "tổ bầu cử của ấp có 4 người vậy đúng luật không": the user's count against the ranges the answer states
    /// ("từ 11 đến 21 thành viên"), yes, no or depends, before the rule.
    func countVerdict(_ answer: String, cues: QuestionCues) -> String? {
        guard cues.asksLawful, let (number, unit) = cues.count else { return nil }
        var ranges: [(low: Int, high: Int)] = []
        for line in answer.split(separator: "\n") {
            var rest = line[...]
            while let from = rest.range(of: "từ ") {
                rest = rest[from.upperBound...]
                let words = rest.split(separator: " ", maxSplits: 4)
                guard words.count >= 4, words[1] == "đến",
                    let low = Int(words[0].replacingOccurrences(of: ".", with: "")),
                    let high = Int(words[2].replacingOccurrences(of: ".", with: "")),
                    (words[3] + " " + (words.count > 4 ? words[4] : "")).hasPrefix(unit)
                else { continue }
                ranges.append((low, high))
            }
        }
        guard let first = ranges.first else { return nil }
        let said = "\(number) \(unit)"
        func range(_ r: (low: Int, high: Int)) -> String { "từ \(r.low) đến \(r.high) \(unit)" }
        if (first.low...first.high).contains(number) {
            return "Đúng: \(said) nằm trong khoảng luật quy định (\(range((first.low, first.high))))."
        }
        if let other = ranges.dropFirst().first(where: { ($0.low...$0.high).contains(number) }) {
            return "Tùy trường hợp: \(said) chỉ đúng ở trường hợp luật cho \(range((other.low, other.high))) "
                + "(xem bên dưới); quy định chung là \(range((first.low, first.high)))."
        }
        return
            "Không đúng quy định chung: luật quy định \(range((first.low, first.high))), \(said) là nằm ngoài khoảng đó "
            + "(xem các trường hợp riêng bên dưới, nếu có)."
    }

    /// The intents whose answers get a verdict about today: the election day, and the voting hours.
    static let electionDayIntentID = "lich.ngay-bau-cu"
    static let votingHoursIntentID = "luat.bo-phieu-gio-bo-phieu"
    /// The out-of-scope intent that says what the bot does not know about particular people, places and results.
    static let nearMissIntentID = "ngoai.thong-tin-ca-nhan-ket-qua"

    /// "mai là bầu rồi hả", "hết hạn khiếu nại chưa": a yes/no about today, with the date, before the rule.
    func timeVerdict(intent i: Int, cues: QuestionCues, syllables: [Syllable], today: CivilDate) -> String? {
        if intents[i].id == KnowledgeBase.electionDayIntentID {
            let asked = cues.mentionsRelativeDay ? RelativeDays.find(in: syllables, today: today) : nil
            guard asked != nil || cues.asksAlready || cues.asksCountdown else { return nil }
            return TimeVerdict.electionDay(election.date, asked: asked, today: today)
        }
        guard cues.asksDeadline else { return nil }
        for template in templates[i] {
            for m in template.milestoneRefs where milestones[m].kind == .deadline || milestones[m].kind == .until {
                return TimeVerdict.deadline(milestones[m], today: today)
            }
        }
        return nil
    }

    /// Answers a known intent directly (a pressed suggestion button).
    public func answer(intentID: String, today: CivilDate) -> Reply? {
        intentByID[intentID].map { render(intent: $0, confidence: 1, today: today, question: intentID) }
    }

    private func command(_ text: String, today: CivilDate) -> Reply {
        // "/start@my_bot args" → "start"
        let word = text.dropFirst().prefix(while: { !$0.isWhitespace })
        let name = word.split(separator: "@").first.map { $0.lowercased() } ?? ""
        switch name {
        case "start", "help", "menu", "trogiup", "chude":
            return menuReply(today: today, confidence: 1, fallback: false)
        case "lichbaucu", "lich", "timeline":
            if let i = intents.firstIndex(where: { $0.kind == .timeline }) {
                return render(intent: i, confidence: 1, today: today, question: text)
            }
            return menuReply(today: today, confidence: 1, fallback: false)
        default:
            var reply = menuReply(today: today, confidence: 0, fallback: true)
            reply.text = "Mình không biết lệnh /\(name). " + reply.text
            return reply
        }
    }

    private func menuReply(today: CivilDate, confidence: Double, fallback: Bool) -> Reply {
        if let i = intents.firstIndex(where: { $0.kind == .menu }) {
            var reply = render(intent: i, confidence: confidence, today: today, question: "")
            reply.fallback = fallback
            if fallback { reply.intent = nil }
            return reply
        }
        return Reply(
            text: "Mình trả lời các câu hỏi về \(election.shortName).", intent: nil, confidence: confidence,
            fallback: fallback, sources: [], suggestions: [])
    }

    /// The topics offered when the bot is not sure: the likeliest answerable intents, else the menu's.
    private func notSure(_ ranking: Matcher.Ranking, confidence: Double) -> Reply {
        var suggestions: [Suggestion] = []
        for s in ranking.top
        where intents[s.intent].kind == .answer || intents[s.intent].kind == .timeline
            || intents[s.intent].kind == .ageCheck
        {
            suggestions.append(Suggestion(title: intents[s.intent].title, intentID: intents[s.intent].id))
        }
        if suggestions.isEmpty { suggestions = defaultTopics }
        var text = "Xin lỗi, mình chưa chắc đã hiểu đúng câu hỏi của bạn, nên không muốn trả lời sai."
        text += " Có phải bạn muốn hỏi về:\n"
        for (n, s) in suggestions.enumerated() { text += "\(n + 1). \(s.title)\n" }
        text += "Bạn có thể hỏi lại rõ hơn, hoặc gõ /start để xem các chủ đề."
        return Reply(
            text: text, intent: nil, confidence: confidence, fallback: true, sources: [], suggestions: suggestions)
    }

    private func outOfScope(_ i: Int, confidence: Double, today: CivilDate) -> Reply {
        var reply = render(intent: i, confidence: confidence, today: today, question: "")
        reply.fallback = true
        reply.intent = nil
        if reply.suggestions.isEmpty { reply.suggestions = defaultTopics }
        return reply
    }

    /// The menu intent's suggestions, or the first answerable intents.
    var defaultTopics: [Suggestion] {
        if let menu = intents.first(where: { $0.kind == .menu }), !menu.suggestions.isEmpty {
            return menu.suggestions.prefix(3).compactMap { id in
                intent(id: id).map { Suggestion(title: $0.title, intentID: $0.id) }
            }
        }
        return intents.filter { $0.kind == .timeline || $0.kind == .ageCheck }.prefix(3).map {
            Suggestion(title: $0.title, intentID: $0.id)
        }
    }

    func render(intent i: Int, confidence: Double, today: CivilDate, question: String) -> Reply {
        let intent = intents[i]
        let variants = templates[i]
        let prepared = prepared[i]
        var text = ""
        if !variants.isEmpty {
            // Variation chosen by the question, so the same question always gets the same words.
            var k = 0
            if variants.count > 1 {
                var h = FNV1a()
                h.add(question)
                k = Int(h.value % UInt64(variants.count))
            }
            if let fixed = prepared.fixedTexts[k] {
                text = fixed
            } else {
                text = dailyTexts.text(i << 16 | k, on: today) {
                    expand(variants[k], today: today).trimmingSpaces + prepared.sourceLine
                }
            }
        } else {
            text = prepared.sourceLine.trimmingSpaces
        }
        return Reply(
            text: text, intent: intent.id, confidence: confidence, fallback: false, sources: intent.sources,
            suggestions: prepared.suggestions)
    }

    /// What `render` can reuse across questions for intent `i`.
    func prepare(_ i: Int) -> Prepared {
        let intent = intents[i]
        let sourceLine = intent.sources.isEmpty ? "" : "\n\nNguồn: " + intent.sources.joined(separator: "; ") + "."
        let suggestions = intent.suggestions.prefix(3).compactMap { id in
            self.intent(id: id).map { Suggestion(title: $0.title, intentID: $0.id) }
        }
        let fixedTexts = templates[i].map { template -> String? in
            guard !template.dependsOnToday else { return nil }
            return expand(template, today: election.date).trimmingSpaces + sourceLine
        }
        return Prepared(sourceLine: sourceLine, suggestions: suggestions, fixedTexts: fixedTexts)
    }

    func expand(_ template: AnswerTemplate, today: CivilDate) -> String {
        var out = ""
        for segment in template.segments {
            switch segment {
            case .text(let s): out += s
            case .date(let m): out += DateWording.date(milestones[m].date, time: milestones[m].time)
            case .when(let m):
                out += DateWording.when(milestones[m].date, time: milestones[m].time, today: today)
            case .electionDate: out += DateWording.date(election.date)
            case .electionWhen: out += DateWording.when(election.date, today: today)
            case .electionName: out += election.name
            case .timeline: out += timelineText(today: today)
            }
        }
        return out
    }

    /// The timeline, one line per milestone, with a marker where today falls.
    public func timelineText(today: CivilDate) -> String {
        var lines: [String] = []
        var placedToday = false
        for m in milestones {
            if !placedToday && today < m.date {
                lines.append("▶ Hôm nay \(today.ddmmyyyy)")
                placedToday = true
            }
            let mark = m.date < today ? "✓" : (m.date == today ? "●" : "•")
            let time = m.time.map { " \($0)" } ?? ""
            lines.append(
                "\(mark) \(m.kindPrefix)\(m.date.ddmmyyyy)\(time): \(m.title) \(DateWording.relative(m.date, today: today))"
            )
        }
        if !placedToday { lines.append("▶ Hôm nay \(today.ddmmyyyy): mọi mốc đã qua.") }
        return lines.joined(separator: "\n")
    }

    private func ageReply(_ fact: BirthFact, intent i: Int, confidence: Double, today: CivilDate) -> Reply {
        let day = election.date
        let who: String
        switch fact.precision {
        case .day: who = "Người sinh ngày \(fact.earliest.ddmmyyyy)"
        case .month: who = "Người sinh tháng \(fact.earliest.month)/\(fact.earliest.year)"
        case .year: who = "Người sinh năm \(fact.earliest.year)"
        case .age(let a): who = "Người \(a) tuổi vào hôm nay (\(today.ddmmyyyy))"
        }
        func sentence(_ age: Int, _ right: String) -> String {
            switch AgeVerdict.reaches(age, on: day, birth: fact) {
            case .yes:
                return "đã đủ \(age) tuổi vào ngày bầu cử \(day.ddmmyyyy), nên có quyền \(right)"
            case .no:
                return "chưa đủ \(age) tuổi vào ngày bầu cử \(day.ddmmyyyy), nên chưa có quyền \(right)"
            case .dependsOnBirthDate(let cutoff):
                return "có quyền \(right) nếu sinh từ ngày \(cutoff.ddmmyyyy) trở về trước "
                    + "(khi đó đủ \(age) tuổi vào ngày bầu cử \(day.ddmmyyyy))"
            }
        }
        var text = "\(who) \(sentence(election.votingAge, "bầu cử"))."
        text += "\nVề quyền ứng cử: \(sentence(election.candidacyAge, "ứng cử"))."
        text +=
            "\n\nLuật quy định tính đến ngày bầu cử được công bố, công dân đủ \(election.votingAge) tuổi trở lên có quyền bầu cử"
            + " và đủ \(election.candidacyAge) tuổi trở lên có quyền ứng cử (nếu không thuộc trường hợp bị pháp luật hạn chế)."
        let intent = intents[i]
        if !intent.sources.isEmpty { text += "\n\nNguồn: " + intent.sources.joined(separator: "; ") + "." }
        return Reply(
            text: text, intent: intent.id, confidence: confidence, fallback: false, sources: intent.sources,
            suggestions: intent.suggestions.prefix(3).compactMap { id in
                self.intent(id: id).map { Suggestion(title: $0.title, intentID: $0.id) }
            })
    }
}

extension String {
    var trimmingSpaces: String {
        // Most questions and answers have no surrounding space: check the two ends cheaply before copying.
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
