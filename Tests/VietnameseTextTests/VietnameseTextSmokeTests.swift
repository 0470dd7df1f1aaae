import Testing
@testable import VietnameseText

@Test func VietnameseTextLoads() { #expect(Bool(true)) }
