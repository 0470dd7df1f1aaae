/// The tier of government a body works at. The raw values are the ids of `election.yml` and of the store's
/// `level` columns; ``displayName`` is how the bot says them.
public enum AdministrativeLevel: String, Sendable, CaseIterable, Hashable {
    case central = "trung-uong"
    case province = "tinh"
    case district = "huyen"
    case commune = "xa"

    /// "trung ương", "cấp tỉnh", "cấp huyện", "cấp xã".
    public var displayName: String {
        switch self {
        case .central: "trung ương"
        case .province: "cấp tỉnh"
        case .district: "cấp huyện"
        case .commune: "cấp xã"
        }
    }

    /// The ids, in order from the centre down, for messages that list them.
    public static var idList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
