import Foundation
import SipgpoTestSupport
import Testing

/// The stages after the simulator learn what happened from the typed `DiscoveryRun`, never from the sentences it is
/// rendered to. This reads their sources and fails on the ways a string IR creeps back in.
@Suite struct TypedRunRuleTests {
    /// Modules that consume the simulator's result, and the simulator itself (its walk must not read its own words).
    static let consumers = [
        "Sources/Analysis", "Sources/Artifacts", "Sources/Compiler", "Sources/PolicyPlan", "Sources/Discovery/Run",
        "Sources/SiteDiff", "Sources/Resilience", "Sources/Documentation",
    ]

    /// Words a rendered trace carries; inspecting them with a string predicate is what the rule forbids.
    static let renderedFields = [
        "reason", "detail", "notes", "lookup", "headline", "answer", "via", "server", "transport", "mode",
    ]
    static let predicates = [".hasPrefix(", ".hasSuffix(", ".contains(\"", ".range(of:"]
    /// Rendered record types and modes compared as text: `step.type != "TCP"`, `trace.mode == "automatic"`.
    static let renderedLiterals = ["TCP", "TLS", "SRV", "HTTPS", "HTTP", "A", "AAAA", "CNAME", "automatic", "manual"]
        .flatMap { ["== \"\($0)\"", "!= \"\($0)\""] }

    static func swiftFiles() throws -> [(path: String, lines: [Substring])] {
        var out: [(String, [Substring])] = []
        for folder in consumers {
            let root = packageRoot.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                out.append(("\(folder)/\(file)", text.split(separator: "\n", omittingEmptySubsequences: false)))
            }
        }
        return out
    }

    /// Lines that test a rendered field with a string predicate: `trace.outcome.reason.hasSuffix("…")`.
    static func violations(in lines: [Substring]) -> [Int] {
        lines.enumerated().compactMap { index, line in
            let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let readsWords = renderedFields.contains { code.contains($0) }
            let testsText = predicates.contains { code.contains($0) }
            let comparesRendered = renderedLiterals.contains { code.contains($0) }
            return readsWords && testsText || comparesRendered ? index + 1 : nil
        }
    }

    @Test func consumersReadTypesNotSentences() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 10, "the consumer folders moved: update TypedRunRuleTests.consumers")
        var found: [String] = []
        for (path, lines) in files {
            found += Self.violations(in: lines).map {
                "\(path):\($0): \(lines[$0 - 1].trimmingCharacters(in: .whitespaces))"
            }
            // The rendered view is for renderers; a consumer that names it is reading words.
            for (index, line) in lines.enumerated()
            where line.contains("DiscoveryTrace") || line.contains("DiscoveryStep") {
                guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") else { continue }
                found.append(
                    "\(path):\(index + 1): uses the rendered trace: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "consumers inspect rendered text:\n\(found.joined(separator: "\n"))")
    }

    /// The rule itself can fail: it flags the patterns this project once had.
    @Test func theRuleFlagsTheOldPatterns() {
        let old: [Substring] = [
            "if let registrar, trace.outcome.reason.hasSuffix(\"the home pool it names\") {",
            "trace.steps.filter { $0.result == .unreachable && $0.type != \"TCP\" }",
            "for trace in traces where trace.mode == \"automatic\" && trace.outcome.via?.hasPrefix(\"_\") == true {",
            "var isUnresolved: Bool { reason.hasPrefix(\"unable to resolve\") }",
        ]
        #expect(Self.violations(in: old) == [1, 2, 3, 4])
        #expect(Self.violations(in: ["let x = run.outcome.candidate?.via.kind == .srv"]).isEmpty)
    }
}
