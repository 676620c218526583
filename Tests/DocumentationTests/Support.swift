import Compiler
import Discovery
import Documentation
import Foundation
import SipgpoTestSupport
import SiteModel
import Testing

/// Compiles a site given relative to the package root.
func compile(_ path: String) throws -> Compiler.Compilation {
    let text = try RootedSources().read(path)
    return Compiler.compile(
        file: path, text: text, sources: RootedSources(), clients: bundledClients, catalog: bundledCatalog)
}

/// The documentation of a site given relative to the package root, by file name.
func documentation(_ path: String) throws -> [String: String] {
    let compilation = try compile(path)
    let site = try #require(compilation.site)
    let plan = try #require(compilation.plan)
    let input = DocumentationInput(
        site: site, plan: plan, policies: compilation.policies, runs: compilation.runs, clients: bundledClients,
        diagnostics: compilation.diagnostics.all)
    return Dictionary(uniqueKeysWithValues: Documentation.files(input).map { ($0.path, $0.text) })
}

/// The page's context of a site given relative to the package root.
func documentationContext(_ path: String) throws -> DocumentationContext {
    let compilation = try compile(path)
    let site = try #require(compilation.site)
    let plan = try #require(compilation.plan)
    return Documentation.context(
        DocumentationInput(
            site: site, plan: plan, policies: compilation.policies, runs: compilation.runs, clients: bundledClients,
            diagnostics: compilation.diagnostics.all))
}

/// The example sites and the hostile fixture.
let exampleSites =
    ((try? files(in: "policies", withExtension: "yaml")) ?? []) + [
        "Tests/DocumentationTests/Fixtures/hostile-docs.yaml", "Tests/EndToEndTests/Cases/hostile/names.yaml",
    ]

/// `xmllint --noout -` on `text`: nil when it parses, else what xmllint said. Throws when xmllint is missing outside
/// CI... and inside CI too: `scripts/install-deps` installs it (libxml2-utils).
func xmllint(_ text: String, html: Bool = false) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["xmllint", "--noout", "--nonet"] + (html ? ["--html"] : []) + ["-"]
    let input = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = Data(text.utf8)
    let writer = Thread {
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 127 { throw XMLLintMissing() }
    return process.terminationStatus == 0 ? nil : String(decoding: said, as: UTF8.self)
}

struct XMLLintMissing: Error, CustomStringConvertible {
    var description: String { "xmllint is not installed (Debian: libxml2-utils; scripts/install-deps installs it)" }
}
