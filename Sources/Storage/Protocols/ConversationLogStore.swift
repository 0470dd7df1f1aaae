/// What citizens asked and what the bot answered; fallbacks feed the unanswered log.
public protocol ConversationLogStore: Sendable {

    /// Latest exchanges, newest first.
    func recentConversations(limit: Int) async throws -> [ConversationEntry]

}
