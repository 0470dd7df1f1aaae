import Testing
@testable import JSONWire

@Test func JSONWireLoads() { #expect(Bool(true)) }
