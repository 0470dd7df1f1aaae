import Foundation

/// A platform's API credentials as last rotated (Zalo OA: access token + single-use refresh token).
///
/// `description` never shows the tokens, so the value can be logged or interpolated safely.
public struct PlatformTokens: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var platform: String
    public var accessToken: String
    public var refreshToken: String?
    public var expiresAt: Date?
    public var updatedAt: Date

    public init(platform: String, accessToken: String, refreshToken: String?, expiresAt: Date?, updatedAt: Date) {
        self.platform = platform
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.updatedAt = updatedAt
    }

    public var description: String {
        let expiry = expiresAt.map { "\($0)" } ?? "never"
        return "PlatformTokens(\(platform), access: <redacted>, refresh: "
            + (refreshToken == nil ? "none" : "<redacted>") + ", expires: \(expiry))"
    }

    public var debugDescription: String { description }
}
