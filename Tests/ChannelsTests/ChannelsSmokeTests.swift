import Testing
@testable import Channels

@Test func ChannelsLoads() { #expect(Bool(true)) }
