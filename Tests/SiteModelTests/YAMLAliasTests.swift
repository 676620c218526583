import Testing

@testable import SiteModel

/// YAML aliases are expanded under a budget, and findings inside an expanded alias point where it is used.
@Suite struct YAMLAliasTests {
    /// `x0: &a0 [z × 9]`, then each level a list of nine aliases to the level before: 9^levels nodes when expanded.
    static func aliasBomb(levels: Int) -> String {
        var lines = ["version: 1", "site: S", "x0: &a0 [z,z,z,z,z,z,z,z,z]"]
        for level in 1..<levels {
            lines.append(
                "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]")
        }
        lines.append("defaults: *a\(levels - 1)")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func anAliasBombStopsAtTheBudgetWithTheAliasThatCrossedIt() {
        let clock = ContinuousClock()
        var result: (syntax: SiteSyntax?, diagnostics: [Diagnostic])?
        let elapsed = clock.measure { result = SiteLoader.load(yaml: Self.aliasBomb(levels: 26), file: "bomb.yaml") }
        let diagnostics = result?.diagnostics ?? []
        #expect(result?.syntax == nil)
        #expect(diagnostics.map(\.id) == ["yaml-alias-limit"])
        // Levels 1–4 expand to 74,718 nodes; the first alias on line 8 (level 5) adds 66,430 more.
        #expect(diagnostics.first?.span?.description == "bomb.yaml:8:10")
        #expect(diagnostics.first?.help != nil)
        #expect(elapsed < .seconds(5))
    }

    @Test func aliasesWithinTheBudgetExpand() throws {
        let yaml = """
            version: 1
            site: S
            defaults: &d { client: lync-2013 }
            populations:
              - { name: A, ou: 'OU=A,DC=c,DC=com', signIn: &s { mode: manual, internalServer: p.c.com } }
              - { name: B, ou: 'OU=B,DC=c,DC=com', signIn: *s }
            """
        let (syntax, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(diagnostics.isEmpty)
        let populations = try #require(syntax?.populations)
        #expect(populations.count == 2)
        guard case .manual(let manual)? = populations.last?.settings.signIn else {
            Issue.record("the alias did not expand to the manual sign-in")
            return
        }
        #expect(manual.internalServer?.value == "p.c.com")
        // The expanded value is located where the alias is written.
        #expect(manual.internalServer?.span.start == SourceLocation(line: 6, column: 48))
    }

    @Test func aFindingInsideAnAliasPointsWhereTheAliasIsUsed() {
        let yaml = """
            version: 1
            site: S
            populations:
              - name: A
                ou: OU=A,DC=c,DC=com
                signIn: &s { mode: manual, internalServer: p.c.com, bogus: 1 }
              - name: B
                ou: OU=B,DC=c,DC=com
                signIn: *s
            """
        let (_, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(diagnostics.map { "\($0.id) \($0.span!.start)" } == ["unknown-key 6:57", "unknown-key 9:13"])
        #expect(diagnostics.last?.notes.contains { $0.message.contains("'&s'") } == true)
    }

    @Test func anUndefinedAliasIsASyntaxErrorAtTheAlias() {
        let (_, diagnostics) = SiteLoader.load(yaml: "version: 1\nsite: *nowhere\n", file: "s.yaml")
        #expect(diagnostics.map { "\($0.id) \($0.span!.start)" } == ["yaml-syntax 2:7"])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let yaml = "version: 1\nsite: S\ndefaults: " + String(repeating: "[", count: 300) + "\n"
        let (syntax, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(syntax == nil)
        #expect(diagnostics.map(\.id) == ["yaml-too-deep"])
        #expect(diagnostics.first?.span?.start.line == 3)
        // Deeper still, libyaml's own limit (1,000 levels) stops first.
        let deeper = "version: 1\nsite: S\ndefaults: " + String(repeating: "[", count: 100_000) + "\n"
        #expect(SiteLoader.load(yaml: deeper, file: "s.yaml").diagnostics.map(\.severity) == [.error])
    }
}
