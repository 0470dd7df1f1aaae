import Channels
import Synchronization

/// The recorded messages waiting to be answered, handed to the single consumer in batches: everything queued
/// since its last call (up to a limit). Under load the pipeline answers a batch and settles it in one
/// transaction; at low load a batch is one message, answered at once.
///
/// `AsyncStream` hands out one element per call and cannot say "what else is already here", hence this type.
final class MessageQueue: Sendable {
    private struct State {
        var buffer: [InboundMessage] = []
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
    }
    private let state = Mutex(State())

    /// Messages waiting to be answered.
    var count: Int { state.withLock { $0.buffer.count } }

    /// Queues a message; ignored after `finish()`.
    func push(_ m: InboundMessage) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.finished else { return nil }
            s.buffer.append(m)
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Ends the queue: `next` returns what is still buffered, then nil.
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Up to `limit` queued messages in arrival order, waiting while there are none; nil once finished and
    /// drained. One consumer only.
    func next(limit: Int) async -> [InboundMessage]? {
        while true {
            enum Step {
                case batch([InboundMessage])
                case end
                case wait
            }
            let step = state.withLock { s -> Step in
                if !s.buffer.isEmpty {
                    let n = min(limit, s.buffer.count)
                    let batch = Array(s.buffer.prefix(n))
                    s.buffer.removeFirst(n)
                    return .batch(batch)
                }
                return s.finished ? .end : .wait
            }
            switch step {
            case .batch(let batch): return batch
            case .end: return nil
            case .wait:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s -> Bool in
                        if !s.buffer.isEmpty || s.finished { return true }
                        s.waiter = c
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            }
        }
    }
}
