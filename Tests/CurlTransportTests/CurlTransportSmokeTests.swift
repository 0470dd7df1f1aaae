import Testing
@testable import CurlTransport

@Test func CurlTransportLoads() { #expect(Bool(true)) }
