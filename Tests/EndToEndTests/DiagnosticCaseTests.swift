import Discovery
import Foundation
import SipgpoTestSupport
import SiteModel
import Testing

/// Every file in `Cases/bad` and `Cases/warn` states what it must produce in `# expect:` lines:
///
///     # expect: error unknown-key at 12:5 help "did you mean 'client'?"
///     # expect: error malformed-record at zones/broken.zone:9:24
///
/// `bad` files must fail (CI also runs `sipgpo check` on them and wants exit 1); `warn` files must pass with the
/// warnings named.
@Suite struct DiagnosticCaseTests {
    struct Expectation: CustomStringConvertible {
        var severity: Severity
        var id: String
        var file: String?
        var line: Int
        var column: Int
        var help: String?
        var description: String { "\(severity.rawValue) \(id) at \(file.map { "\($0):" } ?? "")\(line):\(column)" }
    }

    static func expectations(in text: String) -> [Expectation] {
        text.split(separator: "\n").compactMap { line -> Expectation? in
            guard line.hasPrefix("# expect: ") else { return nil }
            let words = line.dropFirst("# expect: ".count).split(separator: " ", maxSplits: 4)
            guard words.count >= 4, let severity = Severity(rawValue: String(words[0])) else { return nil }
            let position = words[3].split(separator: ":")
            guard position.count >= 2, let column = Int(position[position.count - 1]),
                let lineNumber = Int(position[position.count - 2])
            else { return nil }
            let file = position.count > 2 ? position.dropLast(2).joined(separator: ":") : nil
            var help: String?
            if words.count == 5, words[4].hasPrefix("help \"") { help = String(words[4].dropFirst(6).dropLast()) }
            return Expectation(
                severity: severity, id: String(words[1]), file: file, line: lineNumber, column: column, help: help)
        }
    }

    static let badCases = (try? files(in: "Tests/EndToEndTests/Cases/bad", withExtension: "yaml")) ?? []
    static let warnCases = (try? files(in: "Tests/EndToEndTests/Cases/warn", withExtension: "yaml")) ?? []

    @Test func everyDiagnosticNamedInTheIssueHasACase() {
        let ids = Set(
            (Self.badCases + Self.warnCases).flatMap { path in
                Self.expectations(in: (try? RootedSources().read(path)) ?? "").map(\.id)
            })
        for required in [
            "yaml-syntax", "unknown-key", "wrong-type", "malformed-dn", "unknown-forest", "duplicate-population",
            "duplicate-ou",
            "unknown-client", "unknown-sip-domain", "malformed-dns-name", "malformed-record", "manual-without-server",
            "zone-file-unreadable", "unsupported-version", "ou-in-resource-forest", "tcp-only-outside",
            "srv-target-outside-domain",
            "tcp-outside", "private-address-outside",
            "setting-ignored-by-client", "autodiscover-cname-other-domain", "lyncdiscoverinternal-missing",
        ] {
            #expect(ids.contains(required), "no case file expects '\(required)'")
        }
    }

    @Test(arguments: badCases + warnCases)
    func caseProducesItsDiagnostics(_ path: String) throws {
        let text = try RootedSources().read(path)
        let expectations = Self.expectations(in: text)
        #expect(!expectations.isEmpty, "\(path) has no '# expect:' line")
        let result = try compileSite(path)
        let folder = (path as NSString).deletingLastPathComponent
        for expected in expectations {
            let file = expected.file.map { "\(folder)/\($0)" } ?? path
            let match = result.diagnostics.all.first {
                $0.id.rawValue == expected.id && $0.severity == expected.severity && $0.span?.file == file
                    && $0.span?.start.line == expected.line && $0.span?.start.column == expected.column
            }
            #expect(
                match != nil,
                "\(path): expected \(expected); got \(result.diagnostics.all.map { "\($0.severity.rawValue) \($0.id) at \($0.span?.description ?? "-")" })"
            )
            if let help = expected.help { #expect(match?.help == help) }
        }
        if path.contains("/bad/") {
            #expect(result.diagnostics.hasErrors)
        } else {
            #expect(!result.diagnostics.hasErrors, "\(path): \(result.diagnostics.errors.map(\.message))")
        }
    }
}
