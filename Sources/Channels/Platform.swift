/// The messaging platforms the bot speaks to.
public enum Platform: String, Sendable, CaseIterable {
    case telegram
    case messenger
    case zalo

    /// The prefix of ``InboundMessage/dedupeKey``: short, and distinct per platform so that ids from
    /// different platforms never collide in one inbox table.
    public var dedupePrefix: String {
        switch self {
        case .telegram: "tg"
        case .messenger: "fb"
        case .zalo: "zl"
        }
    }
}
