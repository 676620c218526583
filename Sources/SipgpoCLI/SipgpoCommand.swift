import ArgumentParser
import Compiler
import Discovery
import Foundation
import PolicyCatalog
import Rendering
import SiteModel

/// `sipgpo`: the root command. Subcommands read files, run the pipeline and print; the core does the rest.
public struct SipgpoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sipgpo",
        abstract: "Compile a Lync / Skype for Business sign-in site description into Group Policy and explanations.",
        discussion: """
            A site description (YAML) declares SIP domains with the DNS each network sees, forests, user \
            populations by OU and how they sign in. sipgpo checks it, simulates each client version's \
            discovery inside and outside the firewall, explains which record wins and what fails, and builds \
            the Group Policy that makes clients behave that way.

            Examples:
              sipgpo check policies/single-forest.yaml
              sipgpo explain policies/migration.yaml --network outside
              sipgpo explain policies/migration.yaml --format json
              sipgpo build policies/migration.yaml --output out
              sipgpo decompile out/GPOs --links ous.ldif
              sipgpo diff site.yaml proposed.yaml --exit-code
              sipgpo resilience policies/multi-region.yaml
              sipgpo clients
              sipgpo probe contoso.com --server 10.0.0.53
              sipgpo explain-diagnostic unknown-client

            Exit status: 0 success, 1 the input has errors (diagnostics printed), 64 wrong usage.
            """,
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, ExplainCommand.self, BuildCommand.self, DecompileCommand.self, ClientsCommand.self,
            ProbeCommand.self, ExplainDiagnosticCommand.self, DiffCommand.self, ResilienceCommand.self,
            SchemaCommand.self, InitCommand.self, DocsCommand.self,
        ]
    )

    public init() {}
}

/// Options every command that reads a site takes.
struct SiteOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The site description (YAML).", valueName: "site"))
    var site: String

    @Option(
        help: ArgumentHelp(
            "Follow the 'field' (observed) or 'documented' (Microsoft's text) discovery order where sources disagree.",
            valueName: "variant"))
    var variant: DiscoveryVariantName?

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    @Option(
        help: ArgumentHelp(
            "Read client profiles, the policy catalog and the word templates (words/*.mustache) from this folder instead of the bundled one; a missing word template falls back to the bundled one.",
            valueName: "dir"))
    var templates: String?
    @OptionGroup var color: ColorOptions
}

extension DiscoveryVariantName: ExpressibleByArgument {}
extension Explanation.Format: ExpressibleByArgument {}

/// A compiled site and the templates it was compiled with, so a command never loads them twice.
struct CompiledSite {
    var compilation: Compiler.Compilation
    var clients: ClientCatalog
    var catalog: PolicyCatalog
    var words: Words
}

extension ParsableCommand {
    /// Loads the templates and the site and compiles it, printing nothing. Exits 1 only when the templates are
    /// broken (reported on standard error); an unreadable site becomes a diagnostic like any other input error.
    func compileSite(_ options: SiteOptions) throws -> CompiledSite {
        let clients = try loadClients(templates: options.templates)
        let catalog = try loadCatalog(TemplateStore(override: options.templates))
        let words = try loadWords(templates: options.templates)
        let text: String
        do {
            text = try FileSystemSources().read(options.site)
        } catch let undecodable as SourceText.Undecodable {
            return CompiledSite(
                compilation: .failed(undecodable.diagnostic), clients: clients, catalog: catalog, words: words)
        } catch {
            let unreadable = Diagnostic.error(
                .siteUnreadable, "cannot read site description '\(options.site)': \(error)", at: nil,
                help: "check the path; it is relative to the current folder")
            return CompiledSite(compilation: .failed(unreadable), clients: clients, catalog: catalog, words: words)
        }
        // The core sees the site by file name and its zone files relative to it (`SiteFolder`).
        let compilation = SiteFolder(site: options.site).compile(
            text: text, clients: clients, catalog: catalog,
            options: .init(variant: options.variant, warningsAsErrors: options.warningsAsErrors))
        return CompiledSite(compilation: compilation, clients: clients, catalog: catalog, words: words)
    }

    /// The word templates; one that does not parse is reported with its file, line and column.
    func loadWords(templates: String?) throws -> Words {
        let loaded = Words.load(override: templates.map { URL(fileURLWithPath: $0) })
        Console().print(loaded.diagnostics, files: [:])
        guard let words = loaded.words else { throw ExitCode(1) }
        return words
    }

    /// `compileSite`, printing the diagnostics to standard error. Exits 1 on errors.
    func runCompiler(_ options: SiteOptions) throws -> CompiledSite {
        let compiled = try compileSite(options)
        Console().print(compiled.compilation.diagnostics.sorted, files: compiled.compilation.files)
        if !compiled.compilation.succeeded { throw ExitCode(1) }
        return compiled
    }

    func loadClients(templates: String?) throws -> ClientCatalog {
        do {
            return try TemplateStore(override: templates).clients()
        } catch {
            Console().error("\(error)")
            throw ExitCode(1)
        }
    }

    /// The policy catalog; a broken template is reported with its file and line like any input error.
    func loadCatalog(_ store: TemplateStore) throws -> PolicyCatalog {
        let loaded: (catalog: PolicyCatalog?, diagnostics: [Diagnostic])
        do {
            loaded = try store.policyCatalog()
        } catch {
            Console().error("\(error)")
            throw ExitCode(1)
        }
        Console().print(loaded.diagnostics, files: [:])
        guard let catalog = loaded.catalog else { throw ExitCode(1) }
        return catalog
    }
}
