import ArgumentParser
import SiteModel

/// `sipgpo check`: diagnostics only, as text on standard error or as JSON on standard output.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a site description and report every error and warning.",
        discussion: """
            Reports syntax errors, unknown keys (with "did you mean"), wrong types, unknown clients, SIP \
            domains and forests, malformed DNs and DNS records, and designs that will not work in practice: OUs \
            in a resource forest, private addresses published outside, TCP from outside, servers clients will \
            not trust, certificates that lack a name. Each diagnostic ends with its id in brackets; \
            'sipgpo explain-diagnostic ID' explains it and 'sipgpo explain-diagnostic --list' lists them all.

            Examples:
              sipgpo check site.yaml
              sipgpo check site.yaml --warnings-as-errors
              sipgpo check site.yaml --format json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var options: SiteOptions

    @Option(help: "Print diagnostics as text or as JSON on standard output.")
    var format: Format = .text

    func run() throws {
        if format == .json {
            let diagnostics = try compileSite(options).compilation.diagnostics.sorted
            Console().output(DiagnosticsJSON.render(diagnostics))
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
            return
        }
        let result = try runCompiler(options).compilation
        let populations = result.site?.populations.count ?? 0
        let warnings = result.diagnostics.warnings.count
        Console().output(
            "\(options.site): \(populations) population\(populations == 1 ? "" : "s") checked, no errors\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")\n"
        )
    }
}
