import ElectionKnowledge
import Foundation
import Testing

@testable import IntentFiles

/// Broken knowledge files and the exact `file:line: message` each must produce.
@Suite("Validation of knowledge files")
struct ValidationTests {
    static let election = """
        election:
          id: t
          name: Bầu cử thử
          date: 2021-05-23
        roles:
          - id: ubnd-xa
            name: UBND cấp xã
            level: xa
        milestones:
          - id: niem-yet
            title: Niêm yết danh sách cử tri
            offset_days: -40
            body: UBND cấp xã
            basis: Luật, Điều 32
            roles: [ubnd-xa]
        """

    static let menu = """
        intents:
          - id: chung.menu
            title: Chủ đề
            kind: menu
            examples: [menu, chủ đề, giúp gì]
            answer: Các chủ đề.
        """

    func diagnostics(_ files: [(String, String)]) -> [String] {
        switch IntentLoader.load(sources: [("election.yml", Self.election), ("menu.yml", Self.menu)] + files) {
        case .success: return []
        case .failure(let e): return e.diagnostics.map(\.description)
        }
    }

    @Test("a valid set loads")
    func valid() throws {
        #expect(diagnostics([]).isEmpty)
    }

    @Test("YAML syntax errors point at their line")
    func syntax() {
        let d = diagnostics([("bad.yml", "intents:\n  - id: x\n    title: [unclosed\n    answer: y\n")])
        #expect(d.count == 1)
        #expect(d[0].hasPrefix("bad.yml:"))
        #expect(d[0].contains("YAML syntax error"))
    }

    @Test("unknown keys, missing sources, empty answers, few examples")
    func fields() {
        let text = """
            intents:
              - id: a.one
                title: Một
                examples: [một, hai, ba]
                answr: typo
                answer: "  "
              - id: a.two
                title: Hai
                examples: [bốn]
                answer: Có.
            """
        let d = diagnostics([("f.yml", text)])
        #expect(d.contains { $0.hasPrefix("f.yml:5: unknown key 'answr' in an intent") })
        #expect(d.contains("f.yml:6: empty answer"))
        #expect(d.contains("f.yml:2: missing sources: every answer cites where it comes from"))
        #expect(d.contains("f.yml:9: an intent needs at least 3 examples"))
        #expect(d.contains("f.yml:7: missing sources: every answer cites where it comes from"))
    }

    @Test("duplicate ids and one example under two intents name both places")
    func duplicates() {
        let a = """
            intents:
              - id: x.same
                title: A
                examples: [khi nào bầu cử, ngày bầu cử, bầu cử hôm nào]
                answer: A.
                sources: [S]
            """
        let b = """
            intents:
              - id: x.same
                title: B
                examples: [câu khác, một câu nữa, khi nao bau cu]
                answer: B.
                sources: [S]
            """
        let d = diagnostics([("a.yml", a), ("b.yml", b)])
        #expect(d.contains("b.yml:2: duplicate intent id 'x.same' (first at a.yml:2)"))
        #expect(d.contains("b.yml:4: example 'khi nao bau cu' is also under intent 'x.same' (a.yml:4)"))
    }

    @Test("unknown milestone in a placeholder points at the line inside a block answer")
    func placeholders() {
        let text = """
            intents:
              - id: p.one
                title: P
                examples: [một, hai, ba]
                answer: |
                  Dòng đầu {when:niem-yet}.
                  Dòng hai {date:khong-co}.
                sources: [S]
                suggestions: [khong.co]
            """
        let d = diagnostics([("p.yml", text)])
        #expect(d.contains("p.yml:7: unknown milestone 'khong-co'"))
        #expect(d.contains("p.yml:9: unknown suggestion 'khong.co'"))
    }

    @Test("milestones: unknown role, unknown anchor, bad time, anchor cycle")
    func milestones() {
        let e = """
            election:
              id: t
              name: T
              date: 2021-05-23
            milestones:
              - id: a
                title: A
                offset_days: 1
                anchor: b
                body: X
                basis: Y
                roles: [khong-co]
                time: "25:00"
              - id: b
                title: B
                offset_days: 1
                anchor: a
                body: X
                basis: Y
              - id: c
                title: C
                offset_days: 1
                anchor: zzz
                body: X
                basis: Y
            """
        let r = IntentLoader.load(sources: [("e.yml", e), ("menu.yml", Self.menu)])
        guard case .failure(let err) = r else {
            Issue.record("expected failure")
            return
        }
        let d = err.diagnostics.map(\.description)
        #expect(d.contains("e.yml:12: unknown role 'khong-co'"))
        #expect(d.contains("e.yml:13: 'time' must be HH:MM"))
        #expect(d.contains("e.yml:23: unknown milestone 'zzz'"))
        // The cycle is found once the rest is valid.
        let fixed = e.replacingOccurrences(of: "    roles: [khong-co]\n    time: \"25:00\"\n", with: "")
            .replacingOccurrences(of: "anchor: zzz", with: "anchor: election")
        guard case .failure(let cycle) = IntentLoader.load(sources: [("e.yml", fixed), ("menu.yml", Self.menu)]) else {
            Issue.record("expected a cycle")
            return
        }
        #expect(cycle.diagnostics.contains { $0.message.hasPrefix("anchor cycle") && $0.file == "e.yml" })
    }

    @Test("a directory with broken fixtures reports every file:line")
    func fixturesDirectory() throws {
        try expectFixture("broken")
    }

    /// Loads `Fixtures/NAME`, which must fail with exactly the lines of its `expected.txt` (DIR is the directory).
    func expectFixture(_ name: String) throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        guard case .failure(let e) = IntentLoader.load(directory: dir.path) else {
            Issue.record("fixtures \(name) must not load")
            return
        }
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.replacingOccurrences(of: "DIR", with: dir.path) }
        #expect(e.diagnostics.map(\.description) == expected)
    }

    @Test("an hour written next to {when:}/{date:} of a timed milestone is reported at its line")
    func repeatedTimeFixtures() throws {
        try expectFixture("repeated-time")
    }

    @Test("a role named on no milestone loads, with a warning at its line")
    func unremindedRoleWarns() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/unreminded")
        let (result, warnings) = IntentLoader.check(directory: dir.path)
        #expect((try? result.get()) != nil, "a warning must not stop loading")
        #expect(
            warnings.map(\.description) == [
                "\(dir.path)/election.yml:9: warning: role 'van-phong' can subscribe but is named on no milestone, "
                    + "so it never gets a reminder"
            ])
    }

    @Test("the shipped knowledge has no role without a reminder")
    func shippedRolesAllReminded() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("intents")
        let (result, warnings) = IntentLoader.check(directory: dir.path)
        #expect((try? result.get()) != nil)
        #expect(warnings.isEmpty, "\(warnings.map(\.description))")
    }
}
