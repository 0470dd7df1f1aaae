import Foundation
internal import GRDB

/// Settling answered messages: log the exchange, queue the replies, mark the messages processed.
///
/// A batch is written with multi-row statements (up to ``rowsPerStatement`` rows each) rather than three
/// statements per message: under webhook load the pipeline settles dozens of messages per transaction, and per
/// statement GRDB and SQLite cost more (arguments, bindings, statement reset, VDBE setup) than inserting one
/// more row. Long repeated texts are written once (see ``SharedTexts``). Rows keep the batch's order, so
/// conversation and outbox ids still follow arrival.
extension SQLiteBotStore {
    /// Rows per multi-row statement: 16 × 11 columns stays far below SQLite's bound-parameter limit, and a
    /// statement per chunk size is prepared once and cached.
    static let rowsPerStatement = 16

    static func settle(_ c: InboundCompletion, at: Date, _ db: Database) throws -> [Int64?] {
        if let conversation = c.conversation { try insertConversation(conversation, db) }
        let ids = try insertOutbox(c.replies, createdAt: at, db)
        _ = try setProcessed(dedupeKey: c.dedupeKey, at: at, db)
        return ids
    }

    static func settle(_ batch: [InboundCompletion], at: Date, _ db: Database) throws {
        let replies = batch.flatMap(\.replies)
        // Each distinct long text of the batch once (see `SharedTexts`).
        let texts = try SharedTexts.ids(
            for: replies.lazy.map(\.payload) + batch.lazy.compactMap(\.conversation?.reply), db)
        // Fallback exchanges go one by one: their unanswered-log row needs the conversation's id.
        var plain: [ConversationEntry] = []
        for c in batch {
            guard let entry = c.conversation else { continue }
            if entry.isFallback {
                try insertConversations(plain, texts: texts, db)
                plain.removeAll(keepingCapacity: true)
                try insertConversation(entry, db)
            } else {
                plain.append(entry)
            }
        }
        try insertConversations(plain, texts: texts, db)
        try insertOutboxRows(replies, createdAt: at.epochMillis, texts: texts, db)
        try setProcessed(dedupeKeys: batch.map(\.dedupeKey), at: at.epochMillis, db)
    }

    /// Conversation rows without an unanswered-log entry, in order.
    static func insertConversations(
        _ entries: [ConversationEntry], texts: [BytewiseText: Int64], _ db: Database
    ) throws {
        try executeChunked(
            entries,
            sql: { rows in
                """
                INSERT INTO conversations (platform, user_id, chat_id, dedupe_key, question, intent,
                                           confidence, is_fallback, reply, reply_text_id, at,
                                           knowledge_version, answer_micros)
                VALUES \(placeholders(rows: rows, columns: 13))
                """
            },
            values: { e in
                let reply = SharedTexts.stored(e.reply, texts)
                return [
                    e.platform.databaseValue, e.userID.databaseValue, e.chatID.databaseValue,
                    e.dedupeKey.databaseValue, e.question.databaseValue, e.intent.databaseValue,
                    e.confidence.databaseValue, e.isFallback.databaseValue, reply.inline, reply.id,
                    e.at.epochMillis.databaseValue, e.knowledgeVersion.databaseValue, e.answerMicros.databaseValue,
                ]
            }, db)
    }

    /// Outbox rows in order; a row whose unique key is already queued is skipped, as in `enqueue`.
    static func insertOutboxRows(
        _ items: [OutboxItem], createdAt: Int64, texts: [BytewiseText: Int64], _ db: Database
    ) throws {
        try executeChunked(
            items,
            sql: { rows in
                """
                INSERT INTO outbox (lane, platform, chat_id, thread_id, payload, payload_text_id, unique_key,
                                    next_attempt_at, created_at, broadcast_id)
                VALUES \(placeholders(rows: rows, columns: 10)) ON CONFLICT (unique_key) DO NOTHING
                """
            },
            values: { item in
                let payload = SharedTexts.stored(item.payload, texts)
                return [
                    item.lane.rawValue.databaseValue, item.platform.databaseValue, item.chatID.databaseValue,
                    item.threadID.databaseValue, payload.inline, payload.id, item.uniqueKey.databaseValue,
                    (item.notBefore?.epochMillis ?? createdAt).databaseValue, createdAt.databaseValue,
                    item.broadcastID.databaseValue,
                ]
            }, db)
    }

    /// Marks messages processed (those already processed keep their first time).
    static func setProcessed(dedupeKeys: [String], at: Int64, _ db: Database) throws {
        try executeChunked(
            dedupeKeys,
            sql: { rows in
                """
                UPDATE inbox SET processed_at = ?
                WHERE dedupe_key IN (\(parameters(rows))) AND processed_at IS NULL
                """
            },
            leading: [at.databaseValue], values: { [$0.databaseValue] }, db)
    }

    /// Runs the statement `sql(n)` for each run of up to ``rowsPerStatement`` rows, bound to `leading` then
    /// each row's `values` in order.
    private static func executeChunked<T>(
        _ rows: [T], sql: (Int) -> String, leading: [DatabaseValue] = [], values: (T) -> [DatabaseValue],
        _ db: Database
    ) throws {
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + rowsPerStatement, rows.endIndex)
            var arguments = leading
            for row in rows[start..<end] { arguments += values(row) }
            try db.cachedStatement(sql: sql(end - start)).execute(arguments: StatementArguments(arguments))
            start = end
        }
    }

    /// `(?, ?), (?, ?)`: `rows` row value lists of `columns` parameters.
    static func placeholders(rows: Int, columns: Int) -> String {
        Array(repeating: "(\(parameters(columns)))", count: rows).joined(separator: ", ")
    }

    /// `?, ?, ?`: `count` parameters.
    static func parameters(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
