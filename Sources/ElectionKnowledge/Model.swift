/// The election a knowledge base serves: all of it is data, so another election needs only another file.
public struct Election: Sendable, Equatable {
    public var id: String
    public var name: String
    public var shortName: String
    public var date: CivilDate
    public var timezone: String
    public var utcOffsetMinutes: Int
    public var locality: String
    public var votingAge: Int
    public var candidacyAge: Int
    /// Voting hours of election day (Art. 71): what "8h tối còn bầu được không" is checked against.
    public var votingHours = VotingHours()

    /// Minutes after midnight: voting runs from `opens` to `closes`; the polling team may start from `earliest`
    /// or extend to `latest`.
    public struct VotingHours: Sendable, Equatable {
        public var opens = 7 * 60
        public var closes = 19 * 60
        public var earliest = 5 * 60
        public var latest = 21 * 60
        public init() {}
    }

    public init(
        id: String, name: String, shortName: String, date: CivilDate, timezone: String = "Asia/Ho_Chi_Minh",
        utcOffsetMinutes: Int = 420, locality: String = "", votingAge: Int = 18, candidacyAge: Int = 21
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.date = date
        self.timezone = timezone
        self.utcOffsetMinutes = utcOffsetMinutes
        self.locality = locality
        self.votingAge = votingAge
        self.candidacyAge = candidacyAge
    }
}

/// A body that takes part in the election and can be reminded of its deadlines.
public struct Role: Sendable, Equatable {
    public var id: String
    public var name: String
    public var level: AdministrativeLevel

    public init(id: String, name: String, level: AdministrativeLevel) {
        self.id = id
        self.name = name
        self.level = level
    }
}

/// A legal time limit, placed relative to election day or to another milestone.
public struct Milestone: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// "chậm nhất": the task must be done by that day.
        case deadline
        /// The event happens on that day.
        case on
        /// A period that starts that day.
        case from
        /// A period that ends that day.
        case until
    }

    /// The words put before the milestone's date so a reader knows what the date means: "chậm nhất " for a
    /// deadline, "từ " for the start of a period, "đến " for its end, nothing for an event on that day.
    public var kindPrefix: String {
        switch kind {
        case .deadline: "chậm nhất "
        case .on: ""
        case .from: "từ "
        case .until: "đến "
        }
    }

    /// The date as a citizen reads it, with its kind: "chậm nhất Thứ Năm, 28/01/2021".
    public var dueWording: String { kindPrefix + DateWording.date(date, time: time) }

    /// `dueWording` followed by "(còn N ngày)" relative to `today`.
    public func dueWording(today: CivilDate) -> String {
        kindPrefix + DateWording.when(date, time: time, today: today)
    }

    public var id: String
    public var title: String
    public var offsetDays: Int
    /// nil: election day; otherwise the id of the milestone this one counts from.
    public var anchor: String?
    /// "HH:MM" local time, when the law gives one.
    public var time: String?
    public var kind: Kind
    public var task: String
    public var body: String
    public var basis: String
    public var roles: [String]
    public var remindDaysBefore: [Int]
    public var remindAt: String
    /// Resolved when the knowledge base is built.
    public internal(set) var date: CivilDate

    public init(
        id: String, title: String, offsetDays: Int, anchor: String? = nil, time: String? = nil,
        kind: Kind = .deadline, task: String = "", body: String = "", basis: String = "", roles: [String] = [],
        remindDaysBefore: [Int] = [7, 3, 1], remindAt: String = "08:00"
    ) {
        self.id = id
        self.title = title
        self.offsetDays = offsetDays
        self.anchor = anchor
        self.time = time
        self.kind = kind
        self.task = task
        self.body = body
        self.basis = basis
        self.roles = roles
        self.remindDaysBefore = remindDaysBefore
        self.remindAt = remindAt
        self.date = CivilDate(dayNumber: 0)
    }
}

/// One thing a user may ask, with the phrasings that identify it and the answer to give.
public struct Intent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case answer
        case smalltalk
        case menu
        /// Recognised as outside the bot's knowledge: answered with a polite fallback.
        case outOfScope = "out_of_scope"
        /// The voting/candidacy age rule: the engine also reads birth dates and ages from the question.
        case ageCheck = "age_check"
        /// The whole timeline.
        case timeline
    }

    public var id: String
    public var title: String
    public var kind: Kind
    public var articles: [Int]
    public var examples: [String]
    /// One or more variations of the answer template.
    public var answers: [String]
    public var sources: [String]
    public var suggestions: [String]

    public init(
        id: String, title: String, kind: Kind = .answer, articles: [Int] = [], examples: [String],
        answers: [String], sources: [String] = [], suggestions: [String] = []
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.articles = articles
        self.examples = examples
        self.answers = answers
        self.sources = sources
        self.suggestions = suggestions
    }
}

/// A follow-up topic offered with a reply; pressing it asks the intent directly.
public struct Suggestion: Sendable, Equatable, Hashable {
    public var title: String
    public var intentID: String

    public init(title: String, intentID: String) {
        self.title = title
        self.intentID = intentID
    }

    /// What a button sends back (Telegram callback_data, Messenger quick-reply payload): short and ASCII.
    public var payload: String { "i:" + intentID }
}

/// What the bot says to one question.
public struct Reply: Sendable, Equatable {
    /// Exactly the text the user receives, sources included.
    public var text: String
    /// The intent answered, or nil when the bot fell back.
    public var intent: String?
    /// 0…1: how much of the question the best intent explains.
    public var confidence: Double
    /// True when the bot was not sure (or the question is outside its scope) and offered topics instead.
    public var fallback: Bool
    public var sources: [String]
    public var suggestions: [Suggestion]

    public init(
        text: String, intent: String?, confidence: Double, fallback: Bool, sources: [String],
        suggestions: [Suggestion]
    ) {
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.fallback = fallback
        self.sources = sources
        self.suggestions = suggestions
    }
}
