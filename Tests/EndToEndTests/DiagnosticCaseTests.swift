import Discovery
import Foundation
import SipgpoTestSupport
import SiteModel
import Testing

/// Every file in `Cases/bad` and `Cases/warn` states what it must produce in `# expect:` lines (see
/// `CaseExpectation`):
///
///     # expect: error unknown-key at 12:5 help "did you mean 'client'?"
///     # expect: error malformed-record at zones/broken.zone:9:24
///
/// The lines are exhaustive: a diagnostic no line names fails the case, and so does a malformed line. `bad` files
/// must fail (CI also runs `sipgpo check` on them and wants exit 1); `warn` files must pass with the warnings named.
@Suite struct DiagnosticCaseTests {
    static let badCases = (try? files(in: "Tests/EndToEndTests/Cases/bad", withExtension: "yaml")) ?? []
    static let warnCases = (try? files(in: "Tests/EndToEndTests/Cases/warn", withExtension: "yaml")) ?? []
    static var allCases: [String] { badCases + warnCases }

    @Test func thereAreCases() {
        #expect(Self.badCases.count >= 10)
        #expect(Self.warnCases.count >= 5)
    }

    @Test(arguments: allCases)
    func caseProducesExactlyItsDiagnostics(_ path: String) throws {
        let expectations = try CaseExpectation.parse(try RootedSources().read(path))
        #expect(!expectations.isEmpty, "\(path) has no '# expect:' line")
        let result = try compileSite(path)
        let mismatches = Self.compare(expectations, result.diagnostics.all, caseFile: path)
        #expect(mismatches.isEmpty, "\(path):\n\(mismatches.joined(separator: "\n"))")
        if path.contains("/bad/") {
            #expect(result.diagnostics.hasErrors)
        } else {
            #expect(!result.diagnostics.hasErrors, "\(path): \(result.diagnostics.errors.map(\.message))")
        }
    }

    /// What does not match, one line each: an expectation nothing produced, a wrong help text, a diagnostic no
    /// expectation names. Each diagnostic answers at most one expectation, so two identical lines need two findings.
    static func compare(_ expectations: [CaseExpectation], _ diagnostics: [Diagnostic], caseFile: String) -> [String] {
        let folder = (caseFile as NSString).deletingLastPathComponent
        var unmatched = diagnostics
        var problems: [String] = []
        for expected in expectations {
            let file = expected.file.map { "\(folder)/\($0)" } ?? caseFile
            guard
                let index = unmatched.firstIndex(where: {
                    $0.id == expected.id && $0.severity == expected.severity && $0.span?.file == file
                        && $0.span?.start.line == expected.line && $0.span?.start.column == expected.column
                })
            else {
                problems.append("missing: \(expected)")
                continue
            }
            let found = unmatched.remove(at: index)
            if let help = expected.help, found.help != help {
                problems.append("wrong help for \(expected): \(found.help.map { "\"\($0)\"" } ?? "none")")
            }
        }
        for diagnostic in unmatched {
            let position = diagnostic.span.map { span in
                span.file == caseFile ? "\(span.start.line):\(span.start.column)" : span.description
            }
            problems.append(
                "unexpected: \(diagnostic.severity.rawValue) \(diagnostic.id) at \(position ?? "-") "
                    + "(\(diagnostic.message))")
        }
        return problems
    }
}

/// The parser of `# expect:` lines, and the comparison, fail loudly rather than skip.
@Suite struct CaseExpectationTests {
    @Test func parsesSeverityIDPositionFileAndHelp() throws {
        let text = """
            # expect: error unknown-key at 12:5 help "did you mean 'client'?"
            # expect: warning malformed-record at zones/broken.zone:9:24
            # a comment that is no expectation
            version: 1
            """
        #expect(
            try CaseExpectation.parse(text) == [
                CaseExpectation(
                    severity: .error, id: .unknownKey, line: 12, column: 5, help: "did you mean 'client'?"),
                CaseExpectation(
                    severity: .warning, id: .malformedRecord, file: "zones/broken.zone", line: 9, column: 24),
            ])
    }

    @Test(arguments: [
        ("# expect: eror unknown-key at 1:1", "unknown severity"),
        ("# expect: error unknown-keys at 1:1", "not in the diagnostics catalog"),
        ("# expect: error unknown-key 1:1", "expected 'SEVERITY ID at"),
        ("# expect: error unknown-key at 1", "LINE:COLUMN"),
        ("# expect: error unknown-key at 0:4", "LINE:COLUMN"),
        ("# expect: error unknown-key at x:4", "LINE:COLUMN"),
        ("# expect: error unknown-key at :1:4", "empty file name"),
        ("# expect: error  unknown-key at 1:4", "expected 'SEVERITY ID at"),
        ("# expect: error unknown-key at 1:4 help \"unterminated", "quoted to the end"),
        ("# expect: error unknown-key at 1:4 extra", "expected 'SEVERITY ID at"),
        ("#expect: error unknown-key at 1:4", "write '# expect: '"),
        ("# Expect: error unknown-key at 1:4", "write '# expect: '"),
        ("  # expect error unknown-key at 1:4", "write '# expect: '"),
    ])
    func malformedLineFailsWithItsLineNumber(_ line: String, _ problem: String) {
        do {
            _ = try CaseExpectation.parse("version: 1\n\(line)\n")
            Issue.record("'\(line)' parsed")
        } catch {
            #expect(error.lineNumber == 2)
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func unexpectedDiagnosticAndWrongHelpAreReported() {
        let span = SourceSpan(file: "Cases/bad/x.yaml", line: 3, column: 7)
        let produced: [Diagnostic] = [
            .error(.unknownKey, "unknown key 'clinet'", at: span, help: "did you mean 'client'?"),
            .warning(.discoveryFails, "population 'A' cannot sign in", at: span),
        ]
        let problems = DiagnosticCaseTests.compare(
            [CaseExpectation(severity: .error, id: .unknownKey, line: 3, column: 7, help: "something else")],
            produced, caseFile: "Cases/bad/x.yaml")
        #expect(
            problems == [
                "wrong help for error unknown-key at 3:7: \"did you mean 'client'?\"",
                "unexpected: warning discovery-fails at 3:7 (population 'A' cannot sign in)",
            ])
        let twice = DiagnosticCaseTests.compare(
            Array(repeating: CaseExpectation(severity: .error, id: .unknownKey, line: 3, column: 7), count: 2),
            Array(produced.prefix(1)), caseFile: "Cases/bad/x.yaml")
        #expect(twice == ["missing: error unknown-key at 3:7"])
        let elsewhere = DiagnosticCaseTests.compare(
            [CaseExpectation(severity: .error, id: .unknownKey, file: "zones/a.zone", line: 3, column: 7)],
            Array(produced.prefix(1)), caseFile: "Cases/bad/x.yaml")
        #expect(elsewhere.first == "missing: error unknown-key at zones/a.zone:3:7")
    }
}
