/// What citizens asked and what the bot answered; fallbacks feed the unanswered log.
public protocol ConversationLogStore: Sendable {
    /// Appends one exchange; a fallback answer is also added to the unanswered log.
    func logConversation(_ entry: ConversationEntry) async throws

    /// Latest exchanges, newest first.
    func recentConversations(limit: Int) async throws -> [ConversationEntry]

    /// Latest questions the bot could not answer, newest first.
    func unansweredQuestions(limit: Int) async throws -> [UnansweredQuestion]
}
