import Foundation
import Mustache
import SipgpoTemplates
import SiteModel

/// **render**, documentation: a compiled site → `docs/index.html` (one self-contained page: no scripts, styles or
/// fonts from elsewhere; inline SVG diagrams) and `docs/site.md` (the same for wikis, diagrams as Mermaid), from the
/// Mustache templates in `templates/docs/` over `DocumentationContext`. An administrator overrides a template with
/// `--templates DIR` (a file in `DIR/docs/` replaces the bundled one of the same name).
public enum Documentation {
    /// The template names, each `templates/docs/NAME.mustache`.
    public static let names = ["index.html", "site.md"]

    /// The caption over the hops after discovery, in every diagram.
    static let hopCaption = "after discovery, to the home pool"

    public struct Templates: Sendable {
        let library: MustacheLibrary

        /// The bundled templates. They are tested; failing to load them is a broken installation.
        public static let bundled: Templates = {
            let (templates, diagnostics) = load(override: nil)
            guard let templates else {
                fatalError("the bundled documentation templates do not load: \(diagnostics.map(\.message))")
            }
            return templates
        }()

        func render(_ context: DocumentationContext, _ name: String) -> String {
            library.render(context, withTemplate: name) ?? ""
        }
    }

    /// Loads every template, from `override/docs/` where present, else from the bundle. A template that does not
    /// parse is an error diagnostic with its file, line and column.
    public static func load(override: URL?, bundled: URL? = BundledTemplates.directory) -> (
        templates: Templates?, diagnostics: [Diagnostic]
    ) {
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        for name in names {
            let candidates = [override, bundled].compactMap { $0 }.map {
                $0.appendingPathComponent("docs").appendingPathComponent("\(name).mustache")
            }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }),
                let text = try? String(contentsOf: file, encoding: .utf8)
            else {
                diagnostics.append(
                    .error(
                        "template-missing", "no template 'docs/\(name).mustache'", at: nil,
                        help: "restore it from the bundled templates folder, or remove --templates"))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    .error(
                        "template-invalid", "template 'docs/\(name)' does not parse: \(error.error)",
                        at: SourceSpan(
                            file: file.path, line: error.context.lineNumber, column: error.context.columnNumber),
                        help: "fix the Mustache syntax; the bundled template shows the expected shape"))
            } catch {
                diagnostics.append(
                    .error(
                        "template-invalid", "template 'docs/\(name)' does not parse: \(error)",
                        at: SourceSpan(file: file.path, line: 1, column: 1),
                        help: "fix the Mustache syntax; the bundled template shows the expected shape"))
            }
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        return (Templates(library: library), [])
    }

    /// Every file of the documentation, by path inside `docs/`: `index.html` and `site.md`, and for a site of more
    /// than `populationsPerPage` populations one page per OU subtree beside them (`ou-1.html`, …).
    public static func files(_ input: DocumentationInput, templates: Templates = .bundled) -> [(
        path: String, text: String
    )] {
        let facts = DocumentationFacts(input)
        let html = Target.html(hopCaption: hopCaption)
        let markdown = Target.markdown(hopCaption: hopCaption)
        return [
            ("index.html", templates.render(DocumentationContext(facts, target: html), "index.html")),
            ("site.md", templates.render(DocumentationContext(facts, target: markdown), "site.md")),
        ]
    }
}
