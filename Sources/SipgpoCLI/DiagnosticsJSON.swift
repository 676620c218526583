import SiteModel

/// `check --format json`: one object per diagnostic, positions as numbers and as `file:line:col`.
enum DiagnosticsJSON {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map { diagnostic -> JSON in
            .object([
                "severity": .string(diagnostic.severity.rawValue), "id": .string(diagnostic.id.rawValue),
                "message": .string(diagnostic.message), "location": .string(diagnostic.span?.description),
                "file": .string(diagnostic.span?.file), "line": .int(diagnostic.span?.start.line),
                "column": .int(diagnostic.span?.start.column), "help": .string(diagnostic.help),
                "notes": .array(
                    diagnostic.notes.map {
                        .object(["message": .string($0.message), "location": .string($0.span?.description)])
                    }),
            ])
        }
        return JSON.object(["diagnostics": .array(entries)]).rendered()
    }
}
