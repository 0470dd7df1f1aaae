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
        _ entries: [ConversationEntry], texts: [SharedTexts.Key: Int64], _ db: Database
    ) throws {
        try forEachChunk(entries) { chunk in
            var values: [DatabaseValue] = []
            values.reserveCapacity(chunk.count * 11)
            for e in chunk {
                let textID = texts[SharedTexts.Key(e.reply)]
                values += [
                    e.platform.databaseValue, e.userID.databaseValue, e.chatID.databaseValue,
                    e.dedupeKey.databaseValue, e.question.databaseValue, e.intent.databaseValue,
                    e.confidence.databaseValue, e.isFallback.databaseValue,
                    (textID == nil ? e.reply : "").databaseValue, textID.databaseValue,
                    e.at.epochMillis.databaseValue,
                ]
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO conversations (platform, user_id, chat_id, dedupe_key, question, intent,
                                               confidence, is_fallback, reply, reply_text_id, at)
                    VALUES \(placeholders(rows: chunk.count, columns: 11))
                    """
            ).execute(arguments: StatementArguments(values))
        }
    }

    /// Outbox rows in order; a row whose unique key is already queued is skipped, as in `enqueue`.
    static func insertOutboxRows(
        _ items: [OutboxItem], createdAt: Int64, texts: [SharedTexts.Key: Int64], _ db: Database
    ) throws {
        try forEachChunk(items) { chunk in
            var values: [DatabaseValue] = []
            values.reserveCapacity(chunk.count * 10)
            for item in chunk {
                let textID = texts[SharedTexts.Key(item.payload)]
                values += [
                    item.lane.rawValue.databaseValue, item.platform.databaseValue, item.chatID.databaseValue,
                    item.threadID.databaseValue, (textID == nil ? item.payload : "").databaseValue,
                    textID.databaseValue, item.uniqueKey.databaseValue,
                    (item.notBefore?.epochMillis ?? createdAt).databaseValue, createdAt.databaseValue,
                    item.broadcastID.databaseValue,
                ]
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO outbox (lane, platform, chat_id, thread_id, payload, payload_text_id, unique_key,
                                        next_attempt_at, created_at, broadcast_id)
                    VALUES \(placeholders(rows: chunk.count, columns: 10)) ON CONFLICT (unique_key) DO NOTHING
                    """
            ).execute(arguments: StatementArguments(values))
        }
    }

    /// Marks messages processed (those already processed keep their first time).
    static func setProcessed(dedupeKeys: [String], at: Int64, _ db: Database) throws {
        try forEachChunk(dedupeKeys) { chunk in
            var values: [DatabaseValue] = [at.databaseValue]
            values.reserveCapacity(chunk.count + 1)
            for key in chunk { values.append(key.databaseValue) }
            try db.cachedStatement(
                sql: """
                    UPDATE inbox SET processed_at = ?
                    WHERE dedupe_key IN (\(parameters(chunk.count))) AND processed_at IS NULL
                    """
            ).execute(arguments: StatementArguments(values))
        }
    }

    private static func forEachChunk<T>(_ rows: [T], _ body: (ArraySlice<T>) throws -> Void) throws {
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + rowsPerStatement, rows.endIndex)
            try body(rows[start..<end])
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
