import Foundation
import Storage
import TestSupport
import Testing

@Suite("Invites and subscribers")
struct SubscriberTests {
    @Test func inviteCodesAreShortAndUnambiguous() async throws {
        try await withStore { store, _, _ in
            var codes: Set<String> = []
            for _ in 0..<50 {
                let code = try await store.createInvite(role: "ubbc", level: "commune", expiresAt: nil, maxUses: 1)
                #expect(code.count == 8)
                #expect(code.allSatisfy { "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".contains($0) })
                codes.insert(code)
            }
            #expect(codes.count == 50)
        }
    }

    @Test func redeemSubscribesWithTheInvitesRoleAndLevel() async throws {
        let clock = TestClock()
        try await withStore(clock: clock) { store, _, _ in
            let code = try await store.createInvite(role: "tobaucu", level: "commune", expiresAt: nil, maxUses: 3)
            let typed = code.prefix(4).lowercased() + "-" + code.dropFirst(4).lowercased()
            let subscriber = try await store.redeemInvite(
                code: " \(typed) ", platform: "zalo", userID: "z1", chatID: "z1", displayName: "Chị Lan")
            #expect(subscriber.role == "tobaucu" && subscriber.level == "commune" && subscriber.inviteCode == code)
            #expect(try await store.subscription(platform: "zalo", userID: "z1") == subscriber)
            // Sending the same code again is harmless and consumes nothing.
            #expect(
                try await store.redeemInvite(code: code, platform: "zalo", userID: "z1", chatID: "z1", displayName: nil)
                    == subscriber)
            #expect(try await store.invite(code: code)?.uses == 1)
        }
    }

    @Test func unknownExpiredAndUsedUpInvitesAreRefused() async throws {
        let clock = TestClock()
        try await withStore(clock: clock) { store, _, _ in
            await #expect(throws: InviteError.unknownCode) {
                try await store.redeemInvite(
                    code: "ZZZZZZZZ", platform: "telegram", userID: "1", chatID: "1", displayName: nil)
            }

            let expiry = clock.now.addingTimeInterval(3600)
            let expiring = try await store.createInvite(role: "ubbc", level: "province", expiresAt: expiry, maxUses: 10)
            clock.advance(by: 3600)
            await #expect(throws: InviteError.expired(at: expiry)) {
                try await store.redeemInvite(
                    code: expiring, platform: "telegram", userID: "1", chatID: "1", displayName: nil)
            }

            let single = try await store.createInvite(role: "ubbc", level: "province", expiresAt: nil, maxUses: 1)
            try await store.redeemInvite(code: single, platform: "telegram", userID: "1", chatID: "1", displayName: nil)
            await #expect(throws: InviteError.usedUp(maxUses: 1)) {
                try await store.redeemInvite(
                    code: single, platform: "telegram", userID: "2", chatID: "2", displayName: nil)
            }
            #expect(try await store.subscription(platform: "telegram", userID: "2") == nil)
            #expect(InviteError.usedUp(maxUses: 1).description == "invite code already used 1 time(s)")

            await #expect(throws: StorageError.self) {
                try await store.createInvite(role: "ubbc", level: "province", expiresAt: nil, maxUses: 0)
            }
        }
    }

    @Test func adminListsAddsAndRemovesSubscribers() async throws {
        try await withStore { store, _, _ in
            let t = TestClock.start
            let people = [
                Subscriber(
                    platform: "telegram", userID: "1", chatID: "1", role: "ubbc", level: "province", subscribedAt: t),
                Subscriber(
                    platform: "zalo", userID: "2", chatID: "2", displayName: "Anh Nam", role: "ubbc", level: "commune",
                    subscribedAt: t.addingTimeInterval(1)),
                Subscriber(
                    platform: "messenger", userID: "3", chatID: "3", role: "tobaucu", level: "commune",
                    subscribedAt: t.addingTimeInterval(2)),
            ]
            for person in people { try await store.addSubscriber(person) }
            #expect(try await store.listSubscribers() == people)
            #expect(try await store.listSubscribers(role: "ubbc", level: nil).map(\.userID) == ["1", "2"])
            #expect(try await store.listSubscribers(role: nil, level: "commune").map(\.userID) == ["2", "3"])
            #expect(try await store.listSubscribers(role: "ubbc", level: "commune").map(\.userID) == ["2"])

            #expect(try await store.unsubscribe(platform: "zalo", userID: "2"))
            #expect(try await !store.unsubscribe(platform: "zalo", userID: "2"))
            #expect(try await store.removeSubscriber(platform: "telegram", userID: "1"))
            #expect(try await store.listSubscribers().map(\.userID) == ["3"])
        }
    }
}
