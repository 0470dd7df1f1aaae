import Synchronization

/// Answers that depend on today's date ("còn 12 ngày", the timeline with today's marker), rendered once per day
/// and shared by every question until the date changes: the timeline alone took 40 µs to build, the slowest
/// answer by far.
///
/// A class inside the otherwise immutable snapshot, so every copy of a `KnowledgeBase` shares it; a reload
/// builds a new snapshot with an empty cache. The lock is held only to read or store one string.
final class DailyTexts: Sendable {
    private struct State {
        var day: CivilDate?
        var texts: [Int: String] = [:]
    }
    private let state = Mutex(State())

    /// The text for `key` on `day`, rendering it with `make` when it is not cached yet.
    func text(_ key: Int, on day: CivilDate, _ make: () -> String) -> String {
        let cached = state.withLock { s -> String? in
            guard s.day == day else { return nil }
            return s.texts[key]
        }
        if let cached { return cached }
        let text = make()
        state.withLock { s in
            if s.day != day {
                // A new day (or the first question): yesterday's texts are stale.
                s.day = day
                s.texts = [:]
            }
            s.texts[key] = text
        }
        return text
    }
}
