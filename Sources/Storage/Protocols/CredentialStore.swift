import Foundation

/// Platform API tokens that rotate at run time (Zalo OA's access token and single-use refresh token).
public protocol CredentialStore: Sendable {
    /// Replaces the platform's token pair in one transaction, so the old refresh token is never kept next
    /// to a new access token (or the reverse).
    ///
    /// With `replacingRefresh` set, the save happens only if the stored refresh token is still that one
    /// (compare-and-swap), so two processes refreshing at once cannot overwrite each other's newer pair. With no
    /// pair stored yet, the configured pair is the current one and the save goes ahead.
    /// - Throws: ``CredentialError/refreshTokenChanged(platform:)`` when the compare fails.
    func saveTokens(
        platform: String, accessToken: String, refreshToken: String?, expiresAt: Date?, replacingRefresh: String?
    ) async throws

    func tokens(platform: String) async throws -> PlatformTokens?
}

extension CredentialStore {
    /// Saves unconditionally (first setup from configuration, or platforms without refresh tokens).
    public func saveTokens(platform: String, accessToken: String, refreshToken: String?, expiresAt: Date?)
        async throws
    {
        try await saveTokens(
            platform: platform, accessToken: accessToken, refreshToken: refreshToken, expiresAt: expiresAt,
            replacingRefresh: nil)
    }
}
