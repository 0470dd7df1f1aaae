import Foundation

/// One question and the bot's answer, kept for the admin console and for tuning the intents.
public struct ConversationEntry: Sendable, Hashable {
    public var platform: String
    public var userID: String
    public var chatID: String
    /// The inbound message this answers, when there was one.
    public var dedupeKey: String?
    public var question: String
    /// The matched intent id, or the best guess when `isFallback` is true; `nil` when nothing came close.
    public var intent: String?
    public var confidence: Double
    /// True when the bot answered with its fallback; such entries also go to the unanswered log.
    public var isFallback: Bool
    public var reply: String
    public var at: Date
    /// The knowledge base that gave the answer (its content hash), so an answer can be traced to its files.
    public var knowledgeVersion: String?
    /// How long answering took, for the console's statistics.
    public var answerMicros: Int?

    public init(
        platform: String, userID: String, chatID: String, dedupeKey: String? = nil, question: String,
        intent: String?, confidence: Double, isFallback: Bool, reply: String, at: Date,
        knowledgeVersion: String? = nil, answerMicros: Int? = nil
    ) {
        self.platform = platform
        self.userID = userID
        self.chatID = chatID
        self.dedupeKey = dedupeKey
        self.question = question
        self.intent = intent
        self.confidence = confidence
        self.isFallback = isFallback
        self.reply = reply
        self.at = at
        self.knowledgeVersion = knowledgeVersion
        self.answerMicros = answerMicros
    }
}

/// A question the bot could not answer: the material for new intents and example phrasings.
public struct UnansweredQuestion: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var platform: String
    public var userID: String
    public var question: String
    /// The closest intent the matcher found, if any.
    public var bestIntent: String?
    public var confidence: Double
    public var at: Date

    public init(
        id: Int64, platform: String, userID: String, question: String, bestIntent: String?, confidence: Double,
        at: Date
    ) {
        self.id = id
        self.platform = platform
        self.userID = userID
        self.question = question
        self.bestIntent = bestIntent
        self.confidence = confidence
        self.at = at
    }
}
