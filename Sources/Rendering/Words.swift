import Foundation
import Mustache
import SipgpoTemplates
import SiteModel

/// The templates that hold the words sipgpo shows people (`templates/words/*.mustache`), parsed once.
///
/// Logic-less Mustache templates over documented contexts (`ExplanationContext`, `ReadmeContext`; see
/// `templates/README.md`). An administrator overrides any of them with `--templates DIR`: a file present in
/// `DIR/words/` replaces the bundled one of the same name.
public struct Words: Sendable {
    /// The template names sipgpo renders, each `templates/words/NAME.mustache`.
    public static let names = [
        "explain.txt", "explain.txt.network", "explain.md", "explain.md.network", "README.txt", "certificates.md",
        "diff.txt", "diff.md", "resilience.txt", "resilience.txt.network", "init.yaml", "explain.summary",
    ]

    let library: MustacheLibrary
    /// The templates loaded with exactly the text `PrecompiledPage` implements, which it renders instead of Mustache.
    var precompiled: Set<String> = []
    /// The sentences of explanations (`words/phrases.yaml`).
    public let phrasebook: Phrasebook

    /// The bundled templates. They are tested; failing to load them is a broken installation.
    public static let bundled: Words = {
        let (words, diagnostics) = load(override: nil)
        guard let words else { fatalError("the bundled word templates do not load: \(diagnostics.map(\.message))") }
        return words
    }()

    /// Loads every template, from `override/words/` where present, else from the bundle (`bundled`, which tests
    /// replace). A template that does not parse is an error diagnostic with its file, line and column.
    public static func load(override: URL?, bundled: URL? = BundledTemplates.directory) -> (
        words: Words?, diagnostics: [Diagnostic]
    ) {
        registerContentTypes
        var precompiled: Set<String> = []
        var (library, diagnostics) = TemplateFolder.load(
            "words", names: names, override: override, bundled: bundled,
            registered: { name, text in
                if PrecompiledPage.implements(name, text: text) { precompiled.insert(name) }
            })
        let phrases = Phrasebook.load(files: files(named: "phrases.yaml", override: override))
        diagnostics += phrases.diagnostics
        guard diagnostics.isEmpty, let phrasebook = phrases.phrasebook else { return (nil, diagnostics) }
        return (Words(library: library, precompiled: precompiled, phrasebook: phrasebook), diagnostics)
    }

    /// A words file in the bundle, then in `override/words/` when that has one: read in this order, later files
    /// replace what earlier ones define.
    static func files(named name: String, override: URL?) -> [URL] {
        [BundledTemplates.directory, override].compactMap { $0 }.map {
            $0.appendingPathComponent("words").appendingPathComponent(name)
        }.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Renders `context` with the template `name` (one of `names`).
    /// Renders the page `name` (`explain.txt`, `explain.md`) of `context`: precompiled while the template is the
    /// bundled one, else by Mustache.
    func renderPage(_ context: ExplanationContext, _ name: String) -> String {
        if precompiled.contains(name), let page = PrecompiledPage.render(name, context) { return page }
        return render(context, name)
    }

    /// The same page rendered by Mustache only, for the tests that compare both.
    func renderPageWithMustache(_ context: ExplanationContext, _ name: String) -> String {
        render(context, name)
    }

    func render(_ context: Any, _ name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// Markdown: double braces escape what would break a table cell.
    private static let registerContentTypes: Void = {
        MustacheContentTypes.register(MarkdownCell(), named: "MARKDOWN")
    }()
}

/// What `{{value}}` does in a Markdown template: a `|` would end the table cell.
struct MarkdownCell: MustacheContentType {
    func escapeText(_ text: String) -> String {
        text.contains("|") ? text.replacingOccurrences(of: "|", with: "\\|") : text
    }
}
