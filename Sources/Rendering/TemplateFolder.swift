import Foundation
import Mustache
import SiteModel

/// A folder of Mustache templates under the templates directory (`words/`, `docs/`): each template from
/// `override/FOLDER/` where present, else from the bundle. One loader, so every folder reports a missing or broken
/// template the same way.
public enum TemplateFolder {
    /// Registers each of `names` in a library. A missing template is `template-missing`; one that does not parse is
    /// `template-invalid` with its file, line and column. `registered` sees each template's text as it is registered.
    public static func load(
        _ folder: String, names: [String], override: URL?, bundled: URL?,
        registered: (_ name: String, _ text: String) -> Void = { _, _ in }
    ) -> (library: MustacheLibrary, diagnostics: [Diagnostic]) {
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        for name in names {
            let candidates = [override, bundled].compactMap { $0 }.map {
                $0.appendingPathComponent(folder).appendingPathComponent("\(name).mustache")
            }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }),
                let text = try? String(contentsOf: file, encoding: .utf8)
            else {
                diagnostics.append(
                    .error(
                        "template-missing", "no template '\(folder)/\(name).mustache'", at: nil,
                        help: "restore it from the bundled templates folder, or remove --templates"))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
                registered(name, text)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    .error(
                        "template-invalid", "template '\(folder)/\(name)' does not parse: \(error.error)",
                        at: SourceSpan(
                            file: file.path, line: error.context.lineNumber, column: error.context.columnNumber),
                        help: "fix the Mustache syntax; the bundled template shows the expected shape"))
            } catch {
                diagnostics.append(
                    .error(
                        "template-invalid", "template '\(folder)/\(name)' does not parse: \(error)",
                        at: SourceSpan(file: file.path, line: 1, column: 1),
                        help: "fix the Mustache syntax; the bundled template shows the expected shape"))
            }
        }
        return (library, diagnostics)
    }
}
