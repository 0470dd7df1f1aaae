import Foundation
import Storage
import TestSupport
import Testing

@Suite("Platform credentials")
struct CredentialTests {
    @Test func rotationReplacesBothTokensTogether() async throws {
        try await withStore { store, directory, options in
            #expect(try await store.tokens(platform: "zalo") == nil)
            let expiry = TestClock.start.addingTimeInterval(90_000)
            try await store.saveTokens(platform: "zalo", accessToken: "A1", refreshToken: "R1", expiresAt: expiry)
            try await store.saveTokens(
                platform: "zalo", accessToken: "A2", refreshToken: "R2", expiresAt: expiry, replacingRefresh: "R1")
            let saved = try #require(try await store.tokens(platform: "zalo"))
            #expect(saved.accessToken == "A2" && saved.refreshToken == "R2" && saved.expiresAt == expiry)

            // A second process that refreshed with R1 too must not overwrite the newer pair.
            await #expect(throws: CredentialError.refreshTokenChanged(platform: "zalo")) {
                try await store.saveTokens(
                    platform: "zalo", accessToken: "A2'", refreshToken: "R2'", expiresAt: expiry, replacingRefresh: "R1"
                )
            }
            #expect(try await store.tokens(platform: "zalo")?.refreshToken == "R2")

            // Durable across reopen.
            try await store.close()
            let reopened = try SQLiteBotStore(path: directory.databasePath, options: options)
            #expect(try await reopened.tokens(platform: "zalo")?.accessToken == "A2")
            try await reopened.close()
        }
    }

    @Test func firstRefreshWithNothingSavedGoesAhead() async throws {
        try await withStore { store, _, _ in
            // The configured pair is current until a refresh saves one: its refresh token is the expected one.
            try await store.saveTokens(
                platform: "zalo", accessToken: "A1", refreshToken: "R1", expiresAt: nil, replacingRefresh: "R0")
            #expect(try await store.tokens(platform: "zalo")?.refreshToken == "R1")
        }
    }

    @Test func concurrentRotationsLeaveOneConsistentPair() async throws {
        try await withStore { store, _, _ in
            try await store.saveTokens(platform: "zalo", accessToken: "A0", refreshToken: "R0", expiresAt: nil)
            // 50 refreshers race from the same refresh token: exactly one wins, and readers racing them
            // only ever see matching pairs.
            let wins = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 1...50 {
                    group.addTask {
                        do {
                            try await store.saveTokens(
                                platform: "zalo", accessToken: "A\(n)", refreshToken: "R\(n)", expiresAt: nil,
                                replacingRefresh: "R0")
                            return 1
                        } catch CredentialError.refreshTokenChanged {
                            return 0
                        }
                    }
                    group.addTask {
                        let pair = try #require(try await store.tokens(platform: "zalo"))
                        #expect(pair.accessToken.dropFirst() == pair.refreshToken?.dropFirst())
                        return 0
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(wins == 1)
        }
    }

    @Test func descriptionNeverShowsTokens() {
        let tokens = PlatformTokens(
            platform: "zalo", accessToken: "secret-access", refreshToken: "secret-refresh", expiresAt: nil,
            updatedAt: TestClock.start)
        #expect(!"\(tokens)".contains("secret"))
        #expect(!String(reflecting: tokens).contains("secret"))
    }
}
