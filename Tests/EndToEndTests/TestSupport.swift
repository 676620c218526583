import Compiler
import Discovery
import Foundation
import PolicyCatalog
import SipgpoCLI
import SipgpoTestSupport
import SiteModel
import Testing

/// Compiles a file given relative to the package root, as the CLI does (`SiteFolder`): the site by file name and
/// its zone files relative to it; diagnostics name the real paths.
func compileSite(_ path: String, options: Pipeline.Options = .init()) throws -> Compiler.Compilation {
    let text = try RootedSources().read(path)
    return SiteFolder(site: path, base: RootedSources()).compile(
        text: text, clients: bundledClients, catalog: bundledCatalog, options: options)
}

/// Compares `actual` with the golden file, or rewrites it when `SIPGPO_RECORD=1`, reporting each file rewritten.
func assertGolden(_ actual: String, _ golden: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
{
    let url = packageRoot.appendingPathComponent(golden)
    if ProcessInfo.processInfo.environment["SIPGPO_RECORD"] == "1" {
        let previous = try? String(contentsOf: url, encoding: .utf8)
        if previous != actual {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record(
                "recorded \(golden); review the diff and run again without SIPGPO_RECORD",
                sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file \(golden); run with SIPGPO_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record(
            "\(golden) differs (run with SIPGPO_RECORD=1 to re-record):\n\(unifiedDiff(expected, actual))",
            sourceLocation: sourceLocation)
    }
}

/// A small line diff: the changed region with three lines of context, enough to review a golden mismatch.
func unifiedDiff(_ old: String, _ new: String) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false)
    var prefix = 0
    while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
    let start = max(0, prefix - 3)
    var out = "@@ line \(prefix + 1) @@\n"
    for line in a[start..<prefix] { out += "  \(line)\n" }
    for line in a[prefix..<(a.count - suffix)] { out += "- \(line)\n" }
    for line in b[prefix..<(b.count - suffix)] { out += "+ \(line)\n" }
    for line in a[(a.count - suffix)..<min(a.count, a.count - suffix + 3)] { out += "  \(line)\n" }
    return out
}
