import Testing

@testable import SiteModel

@Suite struct SiteLoaderTests {
    @Test func reportsEveryShapeErrorAtOnceWithPositions() {
        let yaml = """
            version: 1
            site: Contoso
            forrests: {}
            populations:
              - name: Head office
                ou: OU=HQ,DC=contoso,DC=com
                scopе: user
                strictDnsNaming: 3
            """
        let (_, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        let found = diagnostics.map { "\($0.id) \($0.span!.start)" }
        #expect(found == ["unknown-key 3:1", "unknown-key 7:5", "wrong-type 8:22"])
        #expect(diagnostics[0].help == "did you mean 'forests'?")
        // A Cyrillic 'е' in 'scopе' is one edit away from 'scope'.
        #expect(diagnostics[1].help == "did you mean 'scope'?")
    }

    @Test func keepsSpansOfValues() throws {
        let yaml = "version: 1\nsite: \"Contoso Ltd\"\n"
        let (syntax, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(diagnostics.isEmpty)
        let site = try #require(syntax?.site)
        #expect(site.value == "Contoso Ltd")
        #expect(site.span == SourceSpan(file: "s.yaml", line: 2, column: 7, length: 13))
    }

    @Test func duplicateKeyPointsAtTheSecondOccurrence() {
        let yaml = "version: 1\nsite: A\nsite: B\n"
        let (_, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(diagnostics.first?.id == "duplicate-key")
        #expect(diagnostics.first?.span?.start == SourceLocation(line: 3, column: 1))
        #expect(diagnostics.first?.notes.first?.span?.start == SourceLocation(line: 2, column: 1))
    }

    @Test func manualSignInWithoutModeOrServerIsReported() {
        let yaml = """
            version: 1
            site: C
            defaults:
              signIn: { mode: manul, internalServer: a.contoso.com }
            """
        let (_, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(diagnostics.map(\.id) == ["invalid-value"])
        #expect(diagnostics.first?.help == "did you mean 'manual'?")
    }

    @Test func anchorsWorkButMergeKeysAreExplained() {
        let yaml = """
            version: 1
            site: &name Contoso
            defaults: &base
              client: lync-2013
            populations:
              - name: *name
                ou: OU=A,DC=contoso,DC=com
                <<: *base
            """
        let (syntax, diagnostics) = SiteLoader.load(yaml: yaml, file: "s.yaml")
        #expect(syntax?.populations.first?.name.value == "Contoso")
        #expect(diagnostics.map(\.id) == ["unknown-key"])
        #expect(diagnostics.first?.message == "YAML merge keys ('<<') are not part of the site format")
        #expect(diagnostics.first?.span?.start == SourceLocation(line: 8, column: 5))
    }

    @Test func emptyFileIsAnError() {
        let (_, diagnostics) = SiteLoader.load(yaml: "# nothing\n", file: "s.yaml")
        #expect(diagnostics.map(\.id) == ["empty-site"])
    }

    @Test func suggestionsListTies() {
        #expect(
            Suggestion.help(for: "lync-2012", in: ["lync-2010", "lync-2013"], noun: "client")
                == "did you mean 'lync-2010' or 'lync-2013'?")
        #expect(Suggestion.closest(to: "x", in: ["client"]) == nil)
    }
}

/// The examples of the site-description diagnostics in `DiagnosticCatalog` are valid YAML (all but the example of
/// `yaml-syntax`, which must not be), so `sipgpo explain-diagnostic` never shows a fragment that cannot be typed in.
@Suite struct SiteDiagnosticExampleTests {
    static let siteStages: Set<DiagnosticCatalog.Stage> = [.load, .resolve, .check, .lower]

    @Test(arguments: DiagnosticCatalog.entries.filter { siteStages.contains($0.stage) }.map(\.id))
    func exampleIsYAMLExactlyWhenItShouldBe(_ id: DiagnosticID) throws {
        let entry = try #require(DiagnosticCatalog.entry(id))
        let (_, diagnostics) = SiteLoader.load(yaml: entry.example + "\n", file: "example.yaml")
        let syntaxErrors = diagnostics.filter { $0.id == .yamlSyntax || $0.id == .duplicateKey }
        if id == .yamlSyntax || id == .duplicateKey {
            #expect(syntaxErrors.map(\.id) == [id], "\(entry.example)")
        } else {
            #expect(syntaxErrors.isEmpty, "\(entry.example): \(syntaxErrors.map(\.message))")
        }
    }
}
