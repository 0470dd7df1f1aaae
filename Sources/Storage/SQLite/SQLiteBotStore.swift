import Foundation
internal import GRDB
import Synchronization

/// The embedded ``BotStore``: one SQLite file in WAL mode, through GRDB.
///
/// Every write goes through one group-commit writer (see ``WriteStatistics``): concurrent calls share a
/// transaction and each returns after that transaction commits. Reads run concurrently on WAL readers.
/// Other processes (the CLI next to a running server) may open the same file; they wait up to
/// ``Options/busyTimeout`` for the write lock.
public final class SQLiteBotStore: BotStore, Sendable {
    /// Tuning knobs; the defaults suit the server.
    public struct Options: Sendable {
        /// What a commit survives before the call returns.
        public enum Durability: Sendable, Hashable {
            /// `synchronous=NORMAL`: committed data survives a crash of the process, not of the machine
            /// (the last commits before a power loss may roll back). No fsync per commit.
            case processCrash
            /// `synchronous=FULL`: every commit is fsynced before returning; group commit shares one fsync
            /// among all the writes of a transaction.
            case powerLoss
        }

        public var durability: Durability
        /// How long a write waits for another process holding the write lock.
        public var busyTimeout: Duration
        /// Most writes per group-commit transaction; 1 turns group commit off (one transaction per call).
        public var maxBatchSize: Int
        /// After a commit of several writes, how long the writer may wait for as many more before committing
        /// again (it stops waiting as soon as they are there); `.zero` commits whatever is queued at once.
        /// Adds at most this much to a write's latency, and only under concurrent load.
        public var groupCommitWindow: Duration
        /// Concurrent read connections (WAL).
        public var maximumReaderCount: Int
        /// How often an idle background connection checkpoints the WAL into the database file (every 20 ms
        /// while writes flow); `nil` leaves it to SQLite's automatic checkpoint inside commits (every 1 000
        /// pages, on the writer thread, which stalls the commit).
        public var checkpointInterval: Duration?
        /// The store's notion of now, for timestamps not passed in by the caller (tests inject a fake).
        public var clock: @Sendable () -> Date

        public init(
            durability: Durability = .processCrash, busyTimeout: Duration = .seconds(5), maxBatchSize: Int = 512,
            groupCommitWindow: Duration = .milliseconds(1),
            maximumReaderCount: Int = 4, checkpointInterval: Duration? = .milliseconds(250),
            clock: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.durability = durability
            self.busyTimeout = busyTimeout
            self.maxBatchSize = maxBatchSize
            self.groupCommitWindow = groupCommitWindow
            self.maximumReaderCount = maximumReaderCount
            self.checkpointInterval = checkpointInterval
            self.clock = clock
        }
    }

    let database: any DatabaseWriter
    let writer: GroupCommitWriter
    let now: @Sendable () -> Date
    let recentUsers = RecentUsers()
    private let checkpointer: BackgroundCheckpointer?
    private let isClosed = Atomic<Bool>(false)

    /// Opens (creating if needed) the database file at `path` and migrates it to the current schema.
    /// The directory must exist.
    /// - Throws: ``StorageError/schemaTooNew(path:)`` for a file from a newer build, or the SQLite error.
    public convenience init(path: String, options: Options = Options()) throws {
        var configuration = Self.configuration(options)
        if options.checkpointInterval != nil {
            let threshold = BackgroundCheckpointer.writerThreshold
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(threshold)") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let checkpointer = try options.checkpointInterval.map {
            try BackgroundCheckpointer(path: path, configuration: Self.configuration(options), interval: $0)
        }
        do {
            try self.init(database: pool, checkpointer: checkpointer, options: options, name: path)
        } catch {
            checkpointer?.cancel()
            throw error
        }
    }

    /// A private in-memory database (tests, `electionbot ask`): same schema and behaviour, no WAL, no file.
    public static func inMemory(options: Options = Options()) throws -> SQLiteBotStore {
        let queue = try DatabaseQueue(configuration: configuration(options))
        return try SQLiteBotStore(database: queue, checkpointer: nil, options: options, name: ":memory:")
    }

    private init(
        database: any DatabaseWriter, checkpointer: BackgroundCheckpointer?, options: Options, name: String
    ) throws {
        if try database.read({ try Schema.migrator.hasBeenSuperseded($0) }) {
            throw StorageError.schemaTooNew(path: name)
        }
        try Schema.migrator.migrate(database)
        self.database = database
        self.writer = GroupCommitWriter(
            database: database, maxBatchSize: options.maxBatchSize, gatherWindow: options.groupCommitWindow)
        self.now = options.clock
        self.checkpointer = checkpointer
    }

    private static func configuration(_ options: Options) -> Configuration {
        var config = Configuration()
        config.label = "electionbot"
        config.busyMode = .timeout(Double(options.busyTimeout.millis) / 1000)
        config.maximumReaderCount = max(1, options.maximumReaderCount)
        let synchronous = options.durability == .powerLoss ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        return config
    }

    /// Waits for queued writes to commit and for the background checkpointer to release its connection, then
    /// closes the database. Later calls throw ``StorageError/closed``; call it after the last user (workers,
    /// routes) has stopped. Once it returns, another process may open the file without waiting for a lock.
    public func close() async throws {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await checkpointer?.stop()
        writer.close()
        // A clean close leaves the whole database in its file and an empty WAL: a copy of the file alone is a
        // complete backup. (SQLite would remove the WAL itself, but GRDB closes the writer before the readers.)
        try? await database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try database.close()
    }

    /// Fills the database to a cap at its current size (SQLite's `max_page_count` on the writing connection,
    /// its free pages taken by a scratch table) or lifts the cap and frees them (`false`): writes that need a
    /// new page then fail with SQLITE_FULL exactly as on a full disk. For the tests of what a full disk does to
    /// the bot, without a filesystem to fill.
    public func simulateFullDisk(_ full: Bool) async throws {
        try await database.writeWithoutTransaction { db in
            if full {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS simulated_full_disk (b BLOB)")
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                // Until SQLITE_FULL: the free pages are gone too.
                for size in [4000, 500, 50] {
                    while (try? db.execute(sql: "INSERT INTO simulated_full_disk VALUES (zeroblob(\(size)))")) != nil {}
                }
            } else {
                try db.execute(sql: "PRAGMA max_page_count = 4294967294")
                try db.execute(sql: "DROP TABLE IF EXISTS simulated_full_disk")
            }
        }
    }

    /// Group-commit counters since open.
    public var writeStatistics: WriteStatistics { writer.statistics }

    public var groupCommitStatistics: WriteStatistics? { writer.statistics }

    /// Long texts stored once and shared by outbox and conversation rows (see `SharedTexts`), for tests and
    /// diagnostics.
    public func sharedTextCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM texts") ?? 0 }
    }

    /// Number of migrations of this build (the `schemaVersion` a healthy store reports).
    public static var latestSchemaVersion: Int { Schema.latestVersion }

    public func health() async -> StoreHealth {
        do {
            return try await read { db in
                let version = try Schema.migrator.appliedMigrations(db).count
                let depth = try Self.outboxDepth(db)
                let complete = version == Schema.latestVersion
                return StoreHealth(
                    ok: complete, schemaVersion: version, outboxDepth: depth,
                    problem: complete ? nil : "schema at version \(version) of \(Schema.latestVersion)")
            }
        } catch {
            let empty = Dictionary(uniqueKeysWithValues: OutboxLane.allCases.map { ($0, 0) })
            return StoreHealth(ok: false, schemaVersion: 0, outboxDepth: empty, problem: "\(error)")
        }
    }

    @discardableResult
    public func completeInbound(dedupeKey: String, conversation: ConversationEntry?, replies: [OutboxItem])
        async throws -> [Int64?]
    {
        let at = now()
        let completion = InboundCompletion(dedupeKey: dedupeKey, conversation: conversation, replies: replies)
        return try await writer.write { db in try Self.settle(completion, at: at, db) }
    }

    public func completeInbound(_ batch: [InboundCompletion]) async throws {
        guard !batch.isEmpty else { return }
        let at = now()
        try await writer.write { db in
            try Self.settle(batch, at: at, db)
        }
    }

    /// Runs a read on a WAL reader (concurrent with writes and other reads).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        // GRDB must not be used after close (it crashes): refuse instead.
        guard !isClosed.load(ordering: .acquiring) else { throw StorageError.closed }
        return try await database.read(body)
    }

    static func validateLimit(_ limit: Int) throws {
        guard limit > 0 else { throw StorageError.invalidArgument("limit must be positive, got \(limit)") }
    }
}
