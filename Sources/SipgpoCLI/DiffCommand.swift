import ArgumentParser
import Compiler
import Foundation
import Rendering
import SiteDiff
import SiteModel

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changes for each population, and in the GPOs, between two site descriptions.",
        discussion: """
            Compiles both site descriptions and compares what they do, not how they are written: first, per \
            population and network, each outcome that changes (where the client signs in, how it finds the \
            server, the servers after discovery, or why it fails); then each GPO added, removed or changed, with \
            its links (order, enforcement) and the registry values and preference items it writes. Populations are \
            paired by name.

            NEW may also be a deployment read back by 'sipgpo decompile --links ... --format yaml' (the \
            'populations:' entries of a site, with no 'version:'): its entries replace OLD's populations, and \
            everything else (DNS, servers, defaults) comes from OLD, and populations are paired by OU. That \
            compares what is deployed with what OLD describes. decompile writes one entry per OU and client \
            family; where an OU has several, keep the one of the client your users run (an OU may appear once).

            With --exit-code, exits 1 when any population's outcome changes (for an administrator's own CI); \
            GPO changes alone keep exit 0. Identical sites print "no change".

            Examples:
              sipgpo diff policies/branch-overrides.yaml proposed.yaml
              sipgpo diff site.yaml proposed.yaml --exit-code && echo "no outcome changes"
              sipgpo diff site.yaml proposed.yaml --format markdown > change-request.md
              sipgpo decompile backups/ --links ous.ldif --format yaml > deployed.yaml
              sipgpo diff site.yaml deployed.yaml
            """)

    @OptionGroup var color: ColorOptions

    @Argument(help: ArgumentHelp("The site description as it is (YAML).", valueName: "old"))
    var old: String

    @Argument(
        help: ArgumentHelp(
            "The site description as proposed, or decompile's populations (YAML).", valueName: "new"))
    var new: String

    @Flag(help: "Exit 1 when any population's outcome changes.")
    var exitCode = false

    @Option(help: "Output format.")
    var format: SiteDiff.Format = .text

    @Option(
        help: ArgumentHelp(
            "Follow the 'field' (observed) or 'documented' (Microsoft's text) discovery order where sources disagree.",
            valueName: "variant"))
    var variant: DiscoveryVariantName?

    @Option(
        help: ArgumentHelp(
            "Read client profiles, the policy catalog and the word templates from this folder instead of the bundled one.",
            valueName: "dir"))
    var templates: String?

    func run() throws {
        let clients = try loadClients(templates: templates)
        let catalog = try loadCatalog(TemplateStore(override: templates))
        let words = try loadWords(templates: templates)
        let oldText = try readSite(old)
        var newText = try readSite(new)
        var matching = SiteDiff.Matching.name
        // The core sees each site by its file name and zone files relative to it (`SiteFolder`).
        var newFolder = SiteFolder(site: new)
        if PopulationOverlay.isPopulationsOnly(newText) {
            guard let merged = PopulationOverlay.apply(newText, onto: oldText) else {
                throw ValidationError(
                    "'\(old)' has no top-level 'populations:' block for the populations of '\(new)' to replace")
            }
            // In OLD's folder, so that the zone files OLD names resolve as they do for OLD.
            newFolder = SiteFolder(
                site: SiteFolder(site: old).directory + "\(Self.baseName(new)) over \(Self.baseName(old))")
            newText = merged
            matching = .ou
        }
        let options = Pipeline.Options(variant: variant)
        let before = SiteFolder(site: old).compile(
            text: oldText, clients: clients, catalog: catalog, options: options)
        let after = newFolder.compile(text: newText, clients: clients, catalog: catalog, options: options)
        Console().print(before.diagnostics.sorted, files: before.files)
        Console().print(after.diagnostics.sorted, files: after.files)
        guard before.succeeded, after.succeeded, let oldSite = before.site, let newSite = after.site else {
            throw ExitCode(1)
        }
        let diff = SiteDiff.compare(
            old: .init(runs: before.runs, plan: before.plan), new: .init(runs: after.runs, plan: after.plan),
            matching: matching)
        let names = SiteDiff.Names(old: old, new: new, oldSite: oldSite.name, newSite: newSite.name)
        Console().output(diff.render(format, names: names, words: words))
        if exitCode, diff.changesOutcome { throw ExitCode(1) }
    }

    /// The site description's text; an unreadable file is an error naming it (exit 1).
    func readSite(_ path: String) throws -> String {
        do {
            return try FileSystemSources().read(path)
        } catch let undecodable as SourceText.Undecodable {
            Console().print([undecodable.diagnostic], files: [:])
            throw ExitCode(1)
        } catch {
            Console().print(
                [
                    Diagnostic.error(
                        .siteUnreadable, "cannot read site description '\(path)': \(error)", at: nil,
                        help: "check the path; it is relative to the current folder")
                ], files: [:])
            throw ExitCode(1)
        }
    }

    /// The file name of a path: what follows its last `/`.
    static func baseName(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}

extension SiteDiff.Format: ExpressibleByArgument {}
