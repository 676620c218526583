import Documentation
import Foundation
import SipgpoTestSupport
import Testing

/// `sipgpo docs` as an administrator runs it, and the templates an administrator overrides.
@Suite struct DocsCommandTests {
    /// The binary sits beside the test bundle in the build folder.
    static let binary: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("sipgpo")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/sipgpo")
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func docsWritesWhatBuildWritesUnderDocs() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let docs = root.appendingPathComponent("docs-only")
        let build = root.appendingPathComponent("build")
        let site = "policies/resource-forest.yaml"
        let first = try Self.run(["docs", site, "--output", docs.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("open \(docs.path)/index.html"))
        #expect(try Self.run(["build", site, "--output", build.path]).status == 0)
        for name in ["index.html", "site.md"] {
            let alone = try Data(contentsOf: docs.appendingPathComponent(name))
            let built = try Data(contentsOf: build.appendingPathComponent("docs").appendingPathComponent(name))
            #expect(alone == built, "\(name) differs between 'sipgpo docs' and 'sipgpo build'")
        }
        // A second run replaces the folder sipgpo wrote; a folder it did not write is refused.
        #expect(try Self.run(["docs", site, "--output", docs.path]).status == 0)
        let foreign = root.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        let refused = try Self.run(["docs", site, "--output", foreign.path])
        #expect(refused.status == 1)
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("notes.txt").path))
    }

    /// The CLI compiles a site under its file name and gives its diagnostics back under the path given: warnings
    /// must still stand beside the population, record or server they are about, not fall into "Other warnings".
    @Test func warningsFindWhatTheyAreAboutWhenTheSiteIsInAFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run(["docs", "policies/certificate-gaps.yaml", "--output", root.path + "/d"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: root.appendingPathComponent("d/index.html"), encoding: .utf8)
        #expect(!page.contains("id=\"other-warnings\""))
        let desks = try #require(
            page.components(separatedBy: "<section class=\"population\" id=\"p1\">").dropFirst().first)
        #expect(desks.components(separatedBy: "</section>")[0].contains("[discovery-fails]"))
        let certificates = try #require(page.components(separatedBy: "<section id=\"certificates\">").dropFirst().first)
        let section = certificates.components(separatedBy: "</section>")[0]
        #expect(section.components(separatedBy: "[certificate-name-missing]").count - 1 == 2)
    }

    @Test func aBrokenSiteWritesNothing() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run([
            "docs", "Tests/EndToEndTests/Cases/bad/unknown-key.yaml", "--output", root.appendingPathComponent("d").path,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[unknown-key]"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("d").path))
    }

    @Test func anAdministratorsTemplateReplacesTheBundledOne() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{{% CONTENT_TYPE: TEXT}}\nSite {{site}}: {{#summary}}[{{name}}]{{/summary}}\n".utf8).write(
            to: folder.appendingPathComponent("site.md.mustache"))
        let loaded = Documentation.load(override: root)
        let templates = try #require(loaded.templates)
        let compilation = try compile("Tests/DocumentationTests/Fixtures/hostile-docs.yaml")
        let input = DocumentationInput(
            site: try #require(compilation.site), plan: try #require(compilation.plan),
            policies: compilation.policies, runs: compilation.runs, clients: bundledClients,
            diagnostics: compilation.diagnostics.all)
        let files = Dictionary(
            uniqueKeysWithValues: Documentation.files(input, templates: templates).map { ($0.path, $0.text) })
        // The override renders with the values escaped for Markdown; index.html stays the bundled template.
        #expect(files["site.md"]?.hasPrefix("Site \\</title\\>\\<script\\>") == true)
        #expect(files["site.md"]?.contains("[\\<script\\>alert(\"pop\")\\</script\\>]") == true)
        #expect(files["index.html"]?.hasPrefix("<!DOCTYPE html>") == true)
    }

    @Test func aTemplateThatDoesNotParseIsALocatedError() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("line one\n{{#summary}}never closed\n".utf8).write(
            to: folder.appendingPathComponent("index.html.mustache"))
        let loaded = Documentation.load(override: root)
        #expect(loaded.templates == nil)
        let diagnostic = try #require(loaded.diagnostics.first)
        #expect(diagnostic.id == "template-invalid")
        #expect(diagnostic.span?.file.hasSuffix("docs/index.html.mustache") == true)
        // The CLI reads everything from --templates: a copy of the bundled folder with the broken template in it.
        let copy = root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("templates"), to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("docs/index.html.mustache"))
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("index.html.mustache"),
            to: copy.appendingPathComponent("docs/index.html.mustache"))
        let run = try Self.run([
            "docs", "policies/single-forest.yaml", "--output", root.appendingPathComponent("out").path, "--templates",
            copy.path,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[template-invalid]"))
    }
}
