import Foundation
internal import GRDB

extension SQLiteBotStore: CredentialStore {
    public func saveTokens(
        platform: String, accessToken: String, refreshToken: String?, expiresAt: Date?, replacingRefresh: String?
    ) async throws {
        let at = now().epochMillis
        let expires = expiresAt?.epochMillis
        try await writer.write(outcome: { db -> Result<Void, CredentialError> in
            // No saved pair yet means the configured one is current: the first refresh after setup saves.
            if let expected = replacingRefresh,
                let stored = try Row.fetchOne(
                    db, sql: "SELECT refresh_token FROM platform_tokens WHERE platform = ?", arguments: [platform])
            {
                let storedRefresh: String? = stored[0]
                guard storedRefresh == expected else { return .failure(.refreshTokenChanged(platform: platform)) }
            }
            // One statement replaces both tokens: no reader ever sees a new access token with an old refresh.
            try db.execute(
                sql: """
                    INSERT INTO platform_tokens (platform, access_token, refresh_token, expires_at, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (platform) DO UPDATE
                    SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                        expires_at = excluded.expires_at, updated_at = excluded.updated_at
                    """, arguments: [platform, accessToken, refreshToken, expires, at])
            return .success(())
        })
    }

    public func tokens(platform: String) async throws -> PlatformTokens? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT access_token, refresh_token, expires_at, updated_at
                        FROM platform_tokens WHERE platform = ?
                        """, arguments: [platform])
            else { return nil }
            let expires: Int64? = row[2]
            return PlatformTokens(
                platform: platform, accessToken: row[0], refreshToken: row[1],
                expiresAt: expires.map { Date(epochMillis: $0) }, updatedAt: Date(epochMillis: row[3]))
        }
    }
}
