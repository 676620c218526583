/// Prints diagnostics the way compilers do:
///
///     site.yaml:14:7: error: unknown client 'lync-2012' [unknown-client]
///        14 |   client: lync-2012
///           |           ^~~~~~~~~
///     help: did you mean 'lync-2013'?
public struct DiagnosticRenderer: Sendable {
    /// The text of every file a diagnostic may point into, by the path used in its spans.
    public let sources: [String: String]
    public var colored: Bool
    /// Each file split into lines once: a large site can have thousands of findings in one file.
    private let lines: [String: [Substring]]

    public init(sources: [String: String], colored: Bool = false) {
        self.sources = sources
        self.colored = colored
        lines = sources.mapValues { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let location = diagnostic.span.map { "\($0): " } ?? "sipgpo: "
        let severity = paint(
            diagnostic.severity.rawValue,
            diagnostic.severity == .error ? "31" : diagnostic.severity == .warning ? "35" : "36")
        lines.append("\(location)\(severity): \(diagnostic.message) [\(diagnostic.id)]")
        if let span = diagnostic.span { lines.append(contentsOf: snippet(span)) }
        for note in diagnostic.notes {
            let where_ = note.span.map { "\($0): " } ?? ""
            lines.append("\(where_)\(paint("note", "36")): \(note.message)")
            if let span = note.span { lines.append(contentsOf: snippet(span)) }
        }
        if let help = diagnostic.help { lines.append("\(paint("help", "32")): \(help)") }
        return lines.joined(separator: "\n")
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) + "\n" }.joined(separator: "\n")
    }

    /// The summary line printed after the diagnostics, as `2 errors, 1 warning`.
    public static func summary(_ diagnostics: [Diagnostic]) -> String? {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private func snippet(_ span: SourceSpan) -> [String] {
        guard let fileLines = lines[span.file] else { return [] }
        guard span.start.line >= 1, span.start.line <= fileLines.count else { return [] }
        let line = String(fileLines[span.start.line - 1]).replacingTabs()
        let gutter = String(span.start.line)
        let pad = String(repeating: " ", count: gutter.count)
        let scalars = Array(line.unicodeScalars)
        let startColumn = min(max(span.start.column, 1), scalars.count + 1)
        let endColumn =
            span.end.line == span.start.line
            ? min(max(span.end.column, startColumn + 1), scalars.count + 1)
            : scalars.count + 1
        let width = max(endColumn - startColumn, 1)
        let marker = "^" + String(repeating: "~", count: width - 1)
        return [
            " \(gutter) | \(line)",
            " \(pad) | \(String(repeating: " ", count: startColumn - 1))\(paint(marker, "32"))",
        ]
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// Tabs become one space so that the caret stays under the scalar the column counts.
    fileprivate func replacingTabs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    }
}
