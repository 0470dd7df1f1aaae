internal import GRDB

/// The versioned schema. Migrations run at open; never edit a registered migration, append a new one.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            for statement in v1 { try db.execute(sql: statement) }
        }
        // Long texts that repeat (an answer's outbox payload and its conversation-log reply are the same
        // kilobyte for every citizen asking the same question) are stored once and referenced; two indexes
        // written for every message but read only by rare scans are dropped.
        migrator.registerMigration("v2-shared-texts") { db in
            for statement in v2 { try db.execute(sql: statement) }
        }
        // How many chunks of a long reply the platform already accepted: its own column, not text in
        // `last_error` to be parsed back.
        migrator.registerMigration("v3-chunks-sent") { db in
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN chunks_sent INTEGER NOT NULL DEFAULT 0")
        }
        // Admins (token digests only) and their audit log; the knowledge version and the answering time on
        // each logged exchange, for tracing an answer to its files and for the console's statistics.
        migrator.registerMigration("v4-admin") { db in
            for statement in v4 { try db.execute(sql: statement) }
        }
        return migrator
    }()

    private static let v4 = [
        """
        CREATE TABLE admins (
            name TEXT PRIMARY KEY NOT NULL,
            token_digest TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            admin TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        )
        """,
        "ALTER TABLE conversations ADD COLUMN knowledge_version TEXT",
        "ALTER TABLE conversations ADD COLUMN answer_micros INTEGER",
    ]

    /// Number of migrations this build knows; what a fully migrated database reports as its version.
    static var latestVersion: Int { migrator.migrations.count }

    private static let v2 = [
        "CREATE TABLE texts (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)",
        // When set, the row's text is `texts.body` and its own column holds ''.
        "ALTER TABLE outbox ADD COLUMN payload_text_id INTEGER REFERENCES texts(id)",
        "ALTER TABLE conversations ADD COLUMN reply_text_id INTEGER REFERENCES texts(id)",
        // Indexes that every message paid for (an entry on record and its removal on settling; an entry per
        // reply) and that only serve rare scans: the pending messages read once at startup, pruning.
        "DROP INDEX inbox_pending",
        "DROP INDEX outbox_created",
    ]

    private static let v1 = [
        """
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            thread_id TEXT,
            text TEXT NOT NULL,
            payload TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            processed_at INTEGER
        )
        """,
        "CREATE INDEX inbox_pending ON inbox(received_at) WHERE processed_at IS NULL",
        """
        CREATE TABLE users (
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            chat_id TEXT,
            last_inbound_at INTEGER,
            unreachable_reason TEXT,
            unreachable_at INTEGER,
            PRIMARY KEY (platform, user_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            audience_role TEXT,
            audience_level TEXT,
            text TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lane TEXT NOT NULL,
            platform TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            thread_id TEXT,
            payload TEXT NOT NULL,
            unique_key TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'inflight', 'sent', 'failed', 'unreachable')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_until INTEGER,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            platform_message_id TEXT,
            broadcast_id INTEGER REFERENCES broadcasts(id)
        )
        """,
        "CREATE INDEX outbox_due ON outbox(lane, next_attempt_at) WHERE state = 'queued'",
        "CREATE INDEX outbox_lease ON outbox(lane, lease_until) WHERE state = 'inflight'",
        "CREATE INDEX outbox_broadcast ON outbox(broadcast_id, state) WHERE broadcast_id IS NOT NULL",
        "CREATE INDEX outbox_created ON outbox(created_at)",
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            dedupe_key TEXT,
            question TEXT NOT NULL,
            intent TEXT,
            confidence REAL NOT NULL,
            is_fallback INTEGER NOT NULL,
            reply TEXT NOT NULL,
            at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX conversations_at ON conversations(at)",
        """
        CREATE TABLE unanswered (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            question TEXT NOT NULL,
            best_intent TEXT,
            confidence REAL NOT NULL,
            at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX unanswered_at ON unanswered(at)",
        """
        CREATE TABLE invites (
            code TEXT PRIMARY KEY NOT NULL,
            role TEXT NOT NULL,
            level TEXT NOT NULL,
            expires_at INTEGER,
            max_uses INTEGER NOT NULL CHECK (max_uses > 0),
            uses INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE subscribers (
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            display_name TEXT,
            role TEXT NOT NULL,
            level TEXT NOT NULL,
            invite_code TEXT,
            subscribed_at INTEGER NOT NULL,
            PRIMARY KEY (platform, user_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX subscribers_audience ON subscribers(role, level)",
        """
        CREATE TABLE platform_tokens (
            platform TEXT PRIMARY KEY NOT NULL,
            access_token TEXT NOT NULL,
            refresh_token TEXT,
            expires_at INTEGER,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
    ]
}
