import Testing
@testable import IntentFiles

@Test func IntentFilesLoads() { #expect(Bool(true)) }
