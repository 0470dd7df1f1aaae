import Foundation

/// Times are stored as INTEGER milliseconds since 1970 UTC: compact, indexable, and the same in PostgreSQL
/// (`bigint`), with no time-zone or text-format ambiguity.
extension Date {
    var epochMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(epochMillis: Int64) {
        self.init(timeIntervalSince1970: Double(epochMillis) / 1000)
    }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero; negative durations count as zero.
    var millis: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
