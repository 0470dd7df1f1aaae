/// Bounds applied before and during parsing, so that a hostile body costs bounded memory and stack.
public struct JSONLimits: Sendable, Equatable {
    /// The largest accepted input, in bytes. Checked before any parsing work.
    public var maxBytes: Int
    /// The deepest accepted nesting, counted as json-c counts it: a top-level value is at depth 1 and
    /// every value inside an array or object is one deeper (`[1]` and `[[]]` have depth 2).
    public var maxDepth: Int

    /// The defaults suit webhook bodies: 1 MiB and depth 32 (a Telegram update nests about 9 deep).
    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}
