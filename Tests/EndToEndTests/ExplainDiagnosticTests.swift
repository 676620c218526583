import Foundation
import SipgpoTestSupport
import SiteModel
import Testing

/// `sipgpo explain-diagnostic`, run as an administrator would after reading `[unknown-client]` in a message.
extension BinaryTests {
    @Test func explainDiagnosticPrintsTheCatalogEntry() throws {
        let run = try sipgpo("explain-diagnostic", "unknown-client")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let entry = try #require(DiagnosticCatalog.entry(.unknownClient))
        #expect(run.stdout.hasPrefix("unknown-client: error, found by the resolve stage\n  \(entry.summary)\n"))
        #expect(run.stdout.contains("example:\n    defaults:\n      client: lync-2012\n"))
        #expect(run.stdout.contains("help: \(entry.help)\n"))
    }

    @Test func explainDiagnosticNamesTheOtherSeverity() throws {
        let run = try sipgpo("explain-diagnostic", "admx-template-missing")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("admx-template-missing: error (warning when the template is one sipgpo ships"))
    }

    @Test func explainDiagnosticSuggestsTheNearestID() throws {
        let run = try sipgpo("explain-diagnostic", "unknown-clinet")
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("unknown diagnostic id 'unknown-clinet'; did you mean 'unknown-client'?"))
        let far = try sipgpo("explain-diagnostic", "no-such-thing-at-all")
        #expect(far.status == 64)
        #expect(!far.stderr.contains("did you mean"))
        #expect(far.stderr.contains("'sipgpo explain-diagnostic --list' lists them"))
    }

    @Test func explainDiagnosticNeedsAnIDOrList() throws {
        #expect(try sipgpo("explain-diagnostic").status == 64)
        #expect(try sipgpo("explain-diagnostic", "unknown-key", "--list").status == 64)
    }

    @Test func explainDiagnosticListsEveryIDOnce() throws {
        let run = try sipgpo("explain-diagnostic", "--list")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == DiagnosticCatalog.entries.count)
        for (line, entry) in zip(lines, DiagnosticCatalog.entries) {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            #expect(words.count == 3)
            #expect(words.first.map(String.init) == entry.id.rawValue)
            #expect(words.dropFirst().first.map(String.init) == entry.severity.rawValue)
            #expect(line.hasSuffix("  \(entry.summary)"))
        }
    }

    @Test func explainDiagnosticListsAsJSON() throws {
        let run = try sipgpo("explain-diagnostic", "--list", "--format", "json")
        #expect(run.status == 0)
        struct List: Decodable { var diagnostics: [DiagnosticCatalog.Entry] }
        let list = try JSONDecoder().decode(List.self, from: Data(run.stdout.utf8))
        #expect(list.diagnostics == DiagnosticCatalog.entries)
        let one = try sipgpo("explain-diagnostic", "tcp-outside", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        #expect(object?["id"] as? String == "tcp-outside")
        #expect(object?["severity"] as? String == "warning")
        #expect(object?["stage"] as? String == "resolve")
    }
}
