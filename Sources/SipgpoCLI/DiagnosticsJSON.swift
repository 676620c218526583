import Foundation
import SiteModel

/// `check --format json`: one object per diagnostic, positions as numbers and as `file:line:col`.
enum DiagnosticsJSON {
    struct Entry: Encodable {
        var severity: String
        var id: String
        var message: String
        var location: String?
        var file: String?
        var line: Int?
        var column: Int?
        var help: String?
        var notes: [Note]
    }

    struct Note: Encodable {
        var message: String
        var location: String?
    }

    static func render(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map { diagnostic in
            Entry(
                severity: diagnostic.severity.rawValue, id: diagnostic.id.rawValue, message: diagnostic.message,
                location: diagnostic.span?.description, file: diagnostic.span?.file, line: diagnostic.span?.start.line,
                column: diagnostic.span?.start.column, help: diagnostic.help,
                notes: diagnostic.notes.map { Note(message: $0.message, location: $0.span?.description) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(["diagnostics": entries]), as: UTF8.self) + "\n"
    }
}
