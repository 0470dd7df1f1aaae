import Foundation
internal import GRDB

/// Copies the WAL back into the database file from a connection of its own, off the writer's path.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold, on the writer thread,
/// fsync included: every webhook waiting on that group commit would wait for it too. A PASSIVE checkpoint
/// never blocks the writer or readers. While writes pour in it runs every 20 ms, otherwise every `interval`.
///
/// Under continuous writes a passive checkpoint rarely catches the WAL's very end, so SQLite cannot restart
/// the WAL from the beginning; the writer therefore keeps an automatic threshold. When it fires, the
/// background pass has already copied nearly everything, so the inline checkpoint is short.
final class BackgroundCheckpointer: Sendable {
    /// WAL pages (4 KiB) after which the writer checkpoints inline (and the WAL restarts).
    static let writerThreshold = 4_000
    /// A checkpoint that found at least this many WAL frames means writes are flowing: check again soon.
    private static let busyFrames = 500

    private let task: Task<Void, Never>

    init(path: String, configuration: Configuration, interval: Duration) throws {
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                // Failures (busy, I/O) are retried at the next tick; the writer's threshold bounds the WAL.
                let frames =
                    (try? await connection.writeWithoutTransaction { db in
                        try db.checkpoint(.passive).walFrameCount
                    }) ?? 0
                try? await Task.sleep(for: frames >= Self.busyFrames ? .milliseconds(20) : interval)
            }
            // Closed here, not left to deinit: the store's close waits for this, so that the pool's close
            // is the last one and SQLite removes the WAL (a reopen right after sees no lock).
            try? connection.close()
        }
    }

    /// Stops checkpointing and waits until the connection is closed (an in-flight checkpoint finishes first).
    func stop() async {
        task.cancel()
        await task.value
    }

    /// Stops checkpointing without waiting (a failed open).
    func cancel() { task.cancel() }
}
