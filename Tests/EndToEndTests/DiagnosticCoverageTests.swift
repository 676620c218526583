import Analysis
import Compiler
import Foundation
import PolicyCatalog
import Rendering
import SipgpoCLI
import SipgpoTestSupport
import SiteModel
import Testing

/// The diagnostics catalog and the tests agree: every id in `DiagnosticCatalog` is produced by a case file in
/// `Cases/bad` or `Cases/warn`, by an example site in `policies/`, or, for the few no site description can cause
/// (a broken Central Store or templates folder, an unreadable file), by one of the `paths` below, each run here.
/// Every diagnostic these produce is in the catalog with a severity it allows (debug builds also stop at an
/// undeclared id wherever it is made: see `Diagnostic.init`).
@Suite struct DiagnosticCoverageTests {
    /// A finding as the coverage needs it: an id and a severity.
    struct Finding: Hashable, CustomStringConvertible {
        var id: DiagnosticID
        var severity: Severity
        var description: String { "\(severity.rawValue) \(id)" }
        init(_ diagnostic: Diagnostic) {
            id = diagnostic.id
            severity = diagnostic.severity
        }
        init(id: DiagnosticID, severity: Severity) {
            self.id = id
            self.severity = severity
        }
    }

    /// A way to produce an id that no site description can cause, run for real.
    struct Path: CustomTestStringConvertible, Sendable {
        var id: DiagnosticID
        var how: String
        var run: @Sendable () throws -> [Finding]
        var testDescription: String { "\(id): \(how)" }
    }

    static let sites = (try? files(in: "policies", withExtension: "yaml")) ?? []

    static func findings(compiling path: String) throws -> [Finding] {
        try compileSite(path).diagnostics.all.map(Finding.init)
    }

    /// Runs `sipgpo decompile` on one file written to a temporary folder (and `--links` with another), and reads
    /// the diagnostics it prints.
    static func decompile(file: String, bytes: [UInt8], links: String? = nil, linkText: String = "") throws
        -> [Finding]
    {
        try withTemporaryFolder { folder in
            try Data(bytes).write(to: folder.appendingPathComponent(file))
            var arguments = ["decompile", folder.appendingPathComponent(file).path]
            if let links {
                try linkText.write(
                    to: folder.appendingPathComponent(links), atomically: true, encoding: .utf8)
                arguments += ["--links", folder.appendingPathComponent(links).path]
            }
            let run = try BinaryTests().sipgpo(arguments: arguments)
            guard run.status == 1 else { return [] }
            return findings(inRendered: run.stderr)
        }
    }

    /// `sipgpo check` on a site file written with `bytes`.
    static func check(site bytes: [UInt8]) throws -> [Finding] {
        try withTemporaryFolder { folder in
            let site = folder.appendingPathComponent("site.yaml")
            try Data(bytes).write(to: site)
            let run = try BinaryTests().sipgpo("check", site.path)
            guard run.status == 1 else { return [] }
            return findings(inRendered: run.stderr)
        }
    }

    static let paths: [Path] = [
        Path(id: .textEncoding, how: "sipgpo check on a site saved as UTF-16 with a byte-order mark") {
            try check(
                site: [0xFF, 0xFE] + "version: 1\nsite: S\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        },
        Path(id: .nulByte, how: "sipgpo check on a site with a NUL byte") {
            try check(site: Array("version: 1\nsite: S\u{0}\n".utf8))
        },
        Path(id: .yamlTooDeep, how: "sipgpo check on a site nesting 250 lists") {
            try check(site: Array(("version: 1\nsite: S\ndefaults: " + String(repeating: "[", count: 250)).utf8))
        },
        Path(id: .tooManyZoneErrors, how: "ZoneParser on 30 lines of prose") {
            let prose = (1...30).map { "This is line \($0) of a README." }.joined(separator: "\n")
            return ZoneParser.parse(prose, file: "README", origin: DNSName("contoso.com")).diagnostics.map(Finding.init)
        },
        Path(id: .siteUnreadable, how: "sipgpo check on a file that does not exist") {
            let run = try BinaryTests().sipgpo("check", "Tests/EndToEndTests/Cases/no-such-site.yaml")
            guard run.status == 1 else { return [] }
            return findings(inRendered: run.stderr)
        },
        Path(id: .decompileMalformedPol, how: "sipgpo decompile on a Registry.pol with version 2") {
            try decompile(file: "bad.pol", bytes: Array("PReg".utf8) + [2, 0, 0, 0])
        },
        Path(id: .decompileMalformedReg, how: "sipgpo decompile on a .reg with a value of unknown type") {
            try decompile(
                file: "bad.reg",
                bytes: Array(
                    "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software]\r\n\"a\"=bogus:1\r\n"
                        .utf8))
        },
        Path(id: .decompileMalformedLgpo, how: "sipgpo decompile on LGPO text whose DWORD is not a number") {
            try decompile(file: "bad.txt", bytes: Array("User\nSoftware\\Policies\nName\nDWORD:notanumber\n".utf8))
        },
        Path(id: .decompileMalformedLdif, how: "sipgpo decompile --links with a gPLink that never closes") {
            try decompile(
                file: "ok.pol", bytes: Array("PReg".utf8) + [1, 0, 0, 0], links: "bad.ldif",
                linkText: "dn: OU=A,DC=x\ngPLink: [LDAP://cn={1},cn=policies;x\n")
        },
        Path(
            id: .decompileMalformedListall, how: "sipgpo decompile --links with a listall line that is not NAME : VALUE"
        ) {
            try decompile(
                file: "ok.pol", bytes: Array("PReg".utf8) + [1, 0, 0, 0], links: "listall.txt",
                linkText: "GPO          : {31B2F340}\nnonsense here\n")
        },
        Path(id: .admxDirEmpty, how: "CentralStoreCheck on an empty folder") {
            try withTemporaryFolder { folder in
                centralStore(folder, families: ["office15"])
            }
        },
        Path(id: .admxUnreadable, how: "CentralStoreCheck on a truncated ADMX file") {
            try withTemporaryFolder { folder in
                try write("<policyDefinitions", to: folder, "broken.admx")
                return centralStore(folder, families: ["office15"])
            }
        },
        Path(id: .admxTemplateMissing, how: "CentralStoreCheck on a store without lync15.admx or sipgpo's ADMX") {
            try withTemporaryFolder { folder in
                try copy("Tests/EndToEndTests/Cases/central-store/good/lync16.admx", to: folder)
                return centralStore(folder, families: ["office15", "communicator"])
            }
        },
        Path(id: .admxPolicyMissing, how: "CentralStoreCheck on a lync15.admx without L_PolicyTrustModelData") {
            try withTemporaryFolder { folder in
                let text = try RootedSources().read("Tests/EndToEndTests/Cases/central-store/good/lync15.admx")
                try write(
                    text.replacingOccurrences(
                        of: #"name="L_PolicyTrustModelData""#, with: #"name="L_PolicyTrustModelDataRenamed""#),
                    to: folder, "lync15.admx")
                return centralStore(folder, families: ["office15"])
            }
        },
        Path(id: .admxBindingMismatch, how: "CentralStoreCheck on Cases/central-store/changed") {
            centralStore(
                packageRoot.appendingPathComponent("Tests/EndToEndTests/Cases/central-store/changed"),
                families: ["office16"])
        },
        Path(id: .catalogUnreadable, how: "a templates folder without sipgpo-communicator.adml") {
            try withTemplates { folder in
                try FileManager.default.removeItem(
                    at: folder.appendingPathComponent("policies/en-US/sipgpo-communicator.adml"))
            }.diagnostics.map(Finding.init)
        },
        Path(id: .catalogInvalid, how: "a templates folder whose policy-bindings.xml is cut short") {
            try withTemplates { folder in
                try write("<policyBindings", to: folder, "policies/policy-bindings.xml")
            }.diagnostics.map(Finding.init)
        },
        Path(id: .catalogBinding, how: "a binding that names a policy its family does not define") {
            try withTemplates { folder in
                try editBindings(folder) {
                    $0.replacingOccurrences(
                        of: #"machine="TrustModelData""#, with: #"machine="NoSuchPolicy""#)
                }
            }.diagnostics.map(Finding.init)
        },
        Path(id: .templateMissing, how: "loading the word templates with no bundled copy and no override") {
            try withTemporaryFolder { folder in
                Words.load(override: nil, bundled: folder).diagnostics.map(Finding.init)
            }
        },
        Path(id: .templateInvalid, how: "a --templates folder whose explain.txt template never closes a section") {
            try withTemporaryFolder { folder in
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent("words"), withIntermediateDirectories: true)
                try write("{{#populations}}\nnever closed\n", to: folder, "words/explain.txt.mustache")
                return Words.load(override: folder).diagnostics.map(Finding.init)
            }
        },
        Path(id: .noPolicy, how: "lowering trustedDomains for lync-2013 with office15's binding removed") {
            let loaded = try withTemplates { folder in
                try editBindings(folder) {
                    $0.replacing(
                        /<binding setting="trustedDomains" machine="L_PolicyTrustModelData".*?<\/binding>/
                            .dotMatchesNewlines(), with: "", maxReplacements: 1)
                }
            }
            guard let catalog = loaded.catalog else { return loaded.diagnostics.map(Finding.init) }
            let site = """
                version: 1
                site: Contoso
                forests: { contoso.com: { role: single } }
                sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
                defaults: { client: lync-2013, trustedDomains: [contoso.net] }
                populations: [ { name: Head office, ou: "OU=HQ,DC=contoso,DC=com" } ]
                """
            return Compiler.compile(
                file: "site.yaml", text: site, sources: RootedSources(), clients: bundledClients, catalog: catalog
            ).diagnostics.all.map(Finding.init)
        },
    ]

    @Test func everyIDInTheCatalogIsProducedByATest() throws {
        var produced = Set<DiagnosticID>()
        for path in DiagnosticCaseTests.allCases + Self.sites {
            produced.formUnion(try Self.findings(compiling: path).map(\.id))
        }
        produced.formUnion(Self.paths.map(\.id))  // each checked by `pathProducesItsID`
        let uncovered = DiagnosticCatalog.ids.filter { !produced.contains($0) }
        #expect(uncovered.isEmpty, "no case file, example site or path produces \(uncovered)")
    }

    @Test(arguments: paths)
    func pathProducesItsID(_ path: Path) throws {
        let findings = try path.run()
        #expect(findings.contains { $0.id == path.id }, "\(path.how) gave \(findings)")
        Self.expectDeclared(findings, in: path.how)
    }

    @Test(arguments: DiagnosticCaseTests.allCases + sites)
    func everyIDASiteProducesIsDeclared(_ path: String) throws {
        Self.expectDeclared(try Self.findings(compiling: path), in: path)
    }

    @Test func siteChecksAreDeclaredAsWarnings() {
        for check in SiteCheck.all {
            #expect(DiagnosticCatalog.entry(check.id)?.severity == .warning, "\(check.id)")
        }
    }

    static func expectDeclared(
        _ findings: [Finding], in what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for finding in findings {
            let entry = DiagnosticCatalog.entry(finding.id)
            #expect(entry != nil, "\(what): '\(finding.id)' is not in the catalog", sourceLocation: sourceLocation)
            #expect(
                entry?.allows(finding.severity) != false,
                "\(what): \(finding) is declared as \(entry?.severity.rawValue ?? "-")", sourceLocation: sourceLocation)
        }
    }

    /// The `file:line:col: severity: message [id]` headers of rendered diagnostics.
    static func findings(inRendered text: String) -> [Finding] {
        text.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /(?:^|: )(error|warning|note): .* \[([a-z0-9-]+)\]$/),
                let severity = Severity(rawValue: String(match.1))
            else { return nil }
            return Finding(id: DiagnosticID(rawValue: String(match.2)), severity: severity)
        }
    }

    static func centralStore(_ folder: URL, families: Set<String>) -> [Finding] {
        CentralStoreCheck.check(catalog: bundledCatalog, directory: folder.path, families: families)
            .map(Finding.init)
    }

    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-coverage-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    /// Loads the policy catalog from a copy of the bundled templates, changed by `change`.
    static func withTemplates(_ change: (URL) throws -> Void) throws -> (
        catalog: PolicyCatalog?, diagnostics: [Diagnostic]
    ) {
        try withTemporaryFolder { folder in
            let copy = folder.appendingPathComponent("templates")
            try FileManager.default.copyItem(at: try TemplateStore().directory, to: copy)
            try change(copy)
            return try TemplateStore(override: copy.path).policyCatalog()
        }
    }

    static func editBindings(_ templates: URL, _ edit: (String) -> String) throws {
        let url = templates.appendingPathComponent("policies/policy-bindings.xml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(text)
        guard edited != text else { throw Unchanged(file: url.path) }
        try edited.write(to: url, atomically: true, encoding: .utf8)
    }

    struct Unchanged: Error { var file: String }

    static func write(_ text: String, to folder: URL, _ name: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    static func copy(_ path: String, to folder: URL) throws {
        let source = packageRoot.appendingPathComponent(path)
        try FileManager.default.copyItem(
            at: source, to: folder.appendingPathComponent(source.lastPathComponent))
    }
}
