import Testing
@testable import BotServer

@Test func BotServerLoads() { #expect(Bool(true)) }
