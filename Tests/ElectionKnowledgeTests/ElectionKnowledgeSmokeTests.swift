import Testing
@testable import ElectionKnowledge

@Test func ElectionKnowledgeLoads() { #expect(Bool(true)) }
