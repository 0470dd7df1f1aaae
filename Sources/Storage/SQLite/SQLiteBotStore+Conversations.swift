import Foundation
internal import GRDB

extension SQLiteBotStore: ConversationLogStore {
    public func logConversation(_ entry: ConversationEntry) async throws {
        try await writer.write { db in try Self.insertConversation(entry, db) }
    }

    public func recentConversations(limit: Int) async throws -> [ConversationEntry] {
        try Self.validateLimit(limit)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT platform, user_id, chat_id, dedupe_key, question, intent, confidence, is_fallback,
                           \(SharedTexts.column("reply", of: "conversations")), at, knowledge_version, answer_micros
                    FROM conversations ORDER BY at DESC, id DESC LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                ConversationEntry(
                    platform: row[0], userID: row[1], chatID: row[2], dedupeKey: row[3], question: row[4],
                    intent: row[5], confidence: row[6], isFallback: row[7], reply: row[8],
                    at: Date(epochMillis: row[9]), knowledgeVersion: row[10], answerMicros: row[11])
            }
        }
    }

    public func unansweredQuestions(limit: Int) async throws -> [UnansweredQuestion] {
        try await unansweredQuestions(since: .distantPast, limit: limit)
    }

    static func insertConversation(_ entry: ConversationEntry, _ db: Database) throws {
        let at = entry.at.epochMillis
        try db.cachedStatement(
            sql: """
                INSERT INTO conversations (platform, user_id, chat_id, dedupe_key, question, intent, confidence,
                                           is_fallback, reply, at, knowledge_version, answer_micros)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            entry.platform, entry.userID, entry.chatID, entry.dedupeKey, entry.question, entry.intent,
            entry.confidence, entry.isFallback, entry.reply, at, entry.knowledgeVersion, entry.answerMicros,
        ])
        guard entry.isFallback else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO unanswered (conversation_id, platform, user_id, question, best_intent, confidence, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            db.lastInsertedRowID, entry.platform, entry.userID, entry.question, entry.intent, entry.confidence, at,
        ])
    }
}
