import ArgumentParser
import Foundation
import SiteModel

/// `sipgpo explain-diagnostic ID` and `--list`: the diagnostics catalog, for the id in brackets after a message.
struct ExplainDiagnosticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-diagnostic",
        abstract: "Explain a diagnostic id: severity, what triggers it, an example and the fix.",
        discussion: """
            Every diagnostic ends with its id in brackets, as in \
            'site.yaml:9:21: error: unknown client 'lync-2012' [unknown-client]'.

            Examples:
              sipgpo explain-diagnostic unknown-client
              sipgpo explain-diagnostic --list
              sipgpo explain-diagnostic --list --format json
            """)

    @OptionGroup var color: ColorOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("The diagnostic id, such as 'unknown-key'.", valueName: "id"))
    var id: String?

    @Flag(help: "List every diagnostic id with its severity and summary.")
    var list = false

    @Option(help: "Output format.")
    var format: Format = .text

    func validate() throws {
        switch (id, list) {
        case (nil, false): throw ValidationError("name a diagnostic id, or pass --list")
        case (.some, true): throw ValidationError("pass either a diagnostic id or --list, not both")
        case (let id?, false): _ = try Self.entry(id)
        case (nil, true): break
        }
    }

    func run() throws {
        let entries = try id.map { [try Self.entry($0)] } ?? DiagnosticCatalog.entries
        switch (format, list) {
        case (.json, true): Console().output(try Self.json(["diagnostics": entries]))
        case (.json, false): Console().output(try Self.json(entries[0]))
        case (.text, true): Console().output(Self.list(entries))
        case (.text, false): Console().output(Self.describe(entries[0]))
        }
    }

    /// The entry of `id`, or a usage error with the nearest ids.
    static func entry(_ id: String) throws -> DiagnosticCatalog.Entry {
        if let entry = DiagnosticCatalog.entry(DiagnosticID(rawValue: id)) { return entry }
        let nearest = Suggestion.allClosest(to: id, in: DiagnosticCatalog.ids.map(\.rawValue))
        let hint =
            nearest.isEmpty
            ? "" : "; did you mean \(nearest.prefix(3).map { "'\($0)'" }.joined(separator: " or "))?"
        throw ValidationError(
            "unknown diagnostic id '\(id)'\(hint) ('sipgpo explain-diagnostic --list' lists them)")
    }

    /// `error`, or `error (warning when ...)` for a kind reported at two severities.
    static func severity(_ entry: DiagnosticCatalog.Entry) -> String {
        guard let other = entry.otherSeverity else { return entry.severity.rawValue }
        return "\(entry.severity.rawValue) (\(other.severity.rawValue) when \(other.when))"
    }

    static func describe(_ entry: DiagnosticCatalog.Entry) -> String {
        let example = entry.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }
        return """
            \(entry.id): \(severity(entry)), found by the \(entry.stage.rawValue) stage
              \(entry.summary)

            example:
            \(example.joined(separator: "\n"))

            help: \(entry.help)

            """
    }

    /// One line per id: id, severity, summary, in columns.
    static func list(_ entries: [DiagnosticCatalog.Entry]) -> String {
        let idWidth = entries.map(\.id.rawValue.count).max() ?? 0
        return entries.map { entry in
            let id = entry.id.rawValue.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let severity = entry.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            return "\(id)  \(severity)  \(entry.summary)\n"
        }.joined()
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
