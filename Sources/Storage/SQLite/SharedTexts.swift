import Foundation
internal import GRDB

/// Long texts stored once in `texts` and referenced by id from outbox payloads and conversation replies.
///
/// Under load nearly every settled message repeats a text already written: the same answer's outbox payload
/// and conversation-log reply, about a kilobyte each, for everyone asking the same question. Written inline,
/// those two copies were most of a message's bytes, and so most of each commit's WAL pages and of the
/// checkpoint's copying. A batch now writes each distinct long text at most once (a lookup when it exists
/// already) and its rows carry an 8-byte id.
///
/// Rows written one at a time (`enqueue`, a single `completeInbound`) keep their text inline, as do short
/// texts; readers take `texts.body` when the row has an id and the row's own column otherwise, so both forms
/// coexist. Texts are never deleted: distinct answers are a few dozen a day (a day's timeline texts differ from
/// the previous day's), and a text row is kept whether or not a row still refers to it.
enum SharedTexts {
    /// Texts shorter than this stay inline: the reference and the lookup would cost more than they save.
    static let minimumBytes = 256

    /// A SELECT-list expression yielding the full text of `column` in `table`.
    static func column(_ column: String, of table: String) -> String {
        "coalesce((SELECT body FROM texts WHERE texts.id = \(table).\(column)_text_id), \(table).\(column))"
    }

    /// Ids for the long texts among `bodies` (inserting those not stored yet); short texts are absent.
    static func ids(for bodies: some Sequence<String>, _ db: Database) throws -> [BytewiseText: Int64] {
        var ids: [BytewiseText: Int64] = [:]
        for body in bodies where body.utf8.count >= minimumBytes {
            let key = BytewiseText(body)
            if ids[key] != nil { continue }
            try db.cachedStatement(sql: "INSERT INTO texts (body) VALUES (?) ON CONFLICT (body) DO NOTHING")
                .execute(arguments: [body])
            if db.changesCount > 0 {
                ids[key] = db.lastInsertedRowID
            } else {
                ids[key] = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM texts WHERE body = ?"), arguments: [body])
            }
        }
        return ids
    }

    /// The two columns a row stores for `text`: the text itself and no id, or '' and its id in `texts`.
    static func stored(_ text: String, _ ids: [BytewiseText: Int64]) -> (inline: DatabaseValue, id: DatabaseValue) {
        guard text.utf8.count >= minimumBytes, let id = ids[BytewiseText(text)] else {
            return (text.databaseValue, .null)
        }
        return ("".databaseValue, id.databaseValue)
    }
}
