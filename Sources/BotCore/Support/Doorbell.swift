import Synchronization

/// Wakes an idle worker as soon as there is work, instead of letting it sleep out its poll interval.
/// A ring with nobody waiting is remembered, so a ring between a claim and a wait is never lost.
public final class Doorbell: Sendable {
    private struct State {
        var pending = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var next = 0
    }
    private let state = Mutex(State())

    public init() {}

    public func ring() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty {
                s.pending = true
                return []
            }
            let w = Array(s.waiters.values)
            s.waiters.removeAll()
            return w
        }
        for w in waiters { w.resume() }
    }

    /// Returns after a ring, after `timeout`, or at once if a ring is pending.
    public func wait(timeout: Duration) async {
        let token: Int? = state.withLock { s in
            if s.pending {
                s.pending = false
                return nil
            }
            s.next += 1
            return s.next
        }
        guard let token else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = self.state.withLock { s -> Bool in
                        if s.pending {
                            s.pending = false
                            return true
                        }
                        s.waiters[token] = c
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { $0.waiters.removeValue(forKey: token) }
                waiter?.resume()
            }
            await group.next()
            group.cancelAll()
            // The other child ends too: either its sleep is cancelled, or its continuation was resumed.
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: token) }
            waiter?.resume()
        }
    }
}
