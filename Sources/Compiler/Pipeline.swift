import Analysis
import Discovery
import SiteModel

/// The front half of the compiler, as one pure function of values:
///
/// 1. **load**: YAML text → `SiteSyntax` (located syntax tree; syntax and shape errors)
/// 2. **resolve**: `SiteSyntax` → `Site` (names bound, DNS parsed, settings inherited; semantic errors)
/// 3. **simulate**: `Site` → `DiscoveryRun` per population × network
/// 4. **check**: runs → warnings about designs that will not work in practice
///
/// The pipeline stops after a stage that reported errors. Files other than the site description come through the
/// `SourceProvider`; nothing here prints, reads the disk or exits.
public enum Pipeline {
    public struct Options: Sendable {
        public var variant: DiscoveryVariantName?
        public var warningsAsErrors: Bool

        public init(variant: DiscoveryVariantName? = nil, warningsAsErrors: Bool = false) {
            self.variant = variant
            self.warningsAsErrors = warningsAsErrors
        }
    }

    public struct Result: Sendable {
        public var site: Site?
        /// Every run of every population × network; empty when the site has errors.
        public var runs: [DiscoveryRun]
        public var diagnostics: Diagnostics
        /// The text of every file read, the site description included, for printing diagnostics.
        public var files: [String: String]

        public var succeeded: Bool { site != nil && !diagnostics.hasErrors }
    }

    public static func run(
        file: String, text: String, sources: any SourceProvider, clients: ClientCatalog, options: Options = .init()
    ) -> Result {
        var result = Result(site: nil, runs: [], diagnostics: Diagnostics(), files: [file: text])
        let (syntax, loadDiagnostics) = SiteLoader.load(yaml: text, file: file)
        result.diagnostics.append(contentsOf: loadDiagnostics)
        guard let syntax, !result.diagnostics.hasErrors else { return finish(result, options) }

        let resolved = Resolver.resolve(syntax, clients: clients, sources: sources)
        result.diagnostics.append(contentsOf: resolved.diagnostics)
        result.files.merge(resolved.files) { current, _ in current }
        guard let site = resolved.site, !result.diagnostics.hasErrors else { return finish(result, options) }

        result.site = site
        result.runs = Simulator.run(site, clients: clients, variant: options.variant)
        result.diagnostics.append(contentsOf: SiteCheck.runAll(site, runs: result.runs, clients: clients))
        return finish(result, options)
    }

    private static func finish(_ result: Result, _ options: Options) -> Result {
        var result = result
        if options.warningsAsErrors { result.diagnostics.upgradeWarnings() }
        if result.diagnostics.hasErrors { result.site = nil }
        return result
    }
}
