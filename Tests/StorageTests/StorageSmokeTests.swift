import Testing
@testable import Storage

@Test func StorageLoads() { #expect(Bool(true)) }
