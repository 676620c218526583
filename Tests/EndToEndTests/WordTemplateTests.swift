import Foundation
import Rendering
import SipgpoTestSupport
import Testing

/// The words of `explain` and the build's README come from `templates/words/*.mustache`; `--templates` overrides
/// them file by file, and a broken template is a located error.
@Suite struct WordTemplateTests {
    /// A folder with the bundled client profiles and catalog, and one word template replaced.
    func templatesFolder(explainText: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-words-\(UUID())")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("templates"), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("words"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("words"), withIntermediateDirectories: true)
        try explainText.write(
            to: folder.appendingPathComponent("words/explain.txt.mustache"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func anAdministratorsTemplateReplacesTheBundledOne() throws {
        let folder = try templatesFolder(
            explainText:
                "{{% CONTENT_TYPE: TEXT}}\n{{#populations}}\n{{name}}: {{#networks}}{{network}}={{status}} {{/networks}}\n{{/populations}}\n"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try BinaryTests().sipgpo("explain", "policies/single-forest.yaml", "--templates", folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Head office: inside=connected outside="), "\(run.stdout)")
        // The other templates fall back to the bundled ones.
        let markdown = try BinaryTests().sipgpo(
            "explain", "policies/single-forest.yaml", "--templates", folder.path, "--format", "markdown")
        #expect(markdown.stdout.hasPrefix("# Contoso: sign-in discovery"))
    }

    @Test func aBrokenTemplateIsALocatedError() throws {
        let folder = try templatesFolder(explainText: "line one\n{{#populations}}\nnever closed\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try BinaryTests().sipgpo("explain", "policies/single-forest.yaml", "--templates", folder.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("[template-invalid]"), "\(run.stderr)")
        #expect(run.stderr.contains("words/explain.txt.mustache:4:1: error"), "\(run.stderr)")
    }

    @Test func anAdministratorOverridesOnePhrase() throws {
        let folder = try templatesFolder(explainText: "{{% CONTENT_TYPE: TEXT}}\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("words/explain.txt.mustache"))
        try "note.manualSignIn: |-\n  handmatig aanmelden: geen DNS-zoekopdrachten\n".write(
            to: folder.appendingPathComponent("words/phrases.yaml"), atomically: true, encoding: .utf8)
        let run = try BinaryTests().sipgpo(
            "explain", "policies/branch-overrides.yaml", "--templates", folder.path, "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("handmatig aanmelden: geen DNS-zoekopdrachten"))
        #expect(!run.stdout.contains("manual sign-in: the client makes no SRV"))
        // Every other phrase stays the bundled one.
        #expect(run.stdout.contains("resolves to"))
    }

    @Test func anUnknownPhraseIsALocatedErrorWithASuggestion() throws {
        let folder = try templatesFolder(explainText: "{{% CONTENT_TYPE: TEXT}}\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# mine\nnote.manualSignon: |-\n  x\n".write(
            to: folder.appendingPathComponent("words/phrases.yaml"), atomically: true, encoding: .utf8)
        let run = try BinaryTests().sipgpo("explain", "policies/single-forest.yaml", "--templates", folder.path)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("words/phrases.yaml:2:1: error: unknown phrase 'note.manualSignon'"), "\(run.stderr)")
        #expect(run.stderr.contains("note.manualSignIn"), "\(run.stderr)")
    }

    @Test func everyBundledTemplateLoads() {
        let (words, diagnostics) = Words.load(override: nil)
        #expect(words != nil)
        #expect(diagnostics.isEmpty)
    }
}
