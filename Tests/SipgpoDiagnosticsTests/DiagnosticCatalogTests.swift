import SipgpoDiagnostics
import Testing

/// The catalog's own shape. That every id is produced by some test, and that no test produces an id missing here,
/// is checked by `DiagnosticCoverageTests` in EndToEndTests, which runs the case files and the example sites.
@Suite struct DiagnosticCatalogTests {
    @Test func idsAreUniqueAndKebabCase() {
        let ids = DiagnosticCatalog.entries.map(\.id.rawValue)
        #expect(Set(ids).count == ids.count, "duplicated: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
        for id in ids {
            #expect(id.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil, "'\(id)' is not kebab-case")
        }
    }

    @Test(arguments: DiagnosticCatalog.ids)
    func entryFollowsTheWordingRules(_ id: DiagnosticID) throws {
        let entry = try #require(DiagnosticCatalog.entry(id))
        for (name, text) in [("summary", entry.summary), ("help", entry.help)] {
            #expect(!text.isEmpty, "\(entry.id): empty \(name)")
            #expect(!text.hasSuffix("."), "\(entry.id): \(name) ends with a period")
            #expect(!text.contains("\n"), "\(entry.id): \(name) is more than one line")
            #expect(text.first?.isUppercase != true, "\(entry.id): \(name) starts with a capital")
        }
        #expect(!entry.example.isEmpty, "\(entry.id): no example")
        #expect(entry.otherSeverity?.severity != entry.severity, "\(entry.id): the other severity is the same one")
        #expect(entry.id == id)
    }

    @Test func entriesAreInPipelineOrder() {
        let stages = DiagnosticCatalog.entries.map(\.stage)
        let order = DiagnosticCatalog.Stage.allCases
        #expect(stages == stages.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
    }

    @Test func unknownIDHasNoEntry() {
        #expect(DiagnosticCatalog.entry("unknown-keys") == nil)
        #expect(DiagnosticCatalog.entry(.unknownKey)?.severity == .error)
        #expect(DiagnosticCatalog.entry(.admxTemplateMissing)?.allows(.warning) == true)
        #expect(DiagnosticCatalog.entry(.unknownKey)?.allows(.warning) == false)
    }
}

/// A finding with an id the catalog does not declare stops a debug build, so no test can produce one unnoticed.
@Suite struct UndeclaredDiagnosticTests {
    #if DEBUG
        @Test func undeclaredIDStopsADebugBuild() async {
            await #expect(processExitsWith: .failure) {
                _ = Diagnostic.error("no-such-diagnostic", "a finding nobody declared", at: nil)
            }
        }

        @Test func undeclaredSeverityStopsADebugBuild() async {
            await #expect(processExitsWith: .failure) {
                _ = Diagnostic.warning(.unknownKey, "unknown key 'x'", at: nil)
            }
        }
    #endif

    @Test func declaredIDAndSeverityPass() {
        #expect(Diagnostic.error(.unknownKey, "unknown key 'x'", at: nil).id == .unknownKey)
        #expect(Diagnostic.warning(.admxTemplateMissing, "no lync15.admx", at: nil).severity == .warning)
        #expect(Diagnostic.error(.admxTemplateMissing, "no lync15.admx", at: nil).severity == .error)
    }
}
