import ArgumentParser
import Artifacts
import Compiler
import Foundation
import PolicyCatalog
import SiteModel

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write every Group Policy artifact of a site into an output folder.",
        discussion: """
            Writes GPO backups (Import-GPO), Registry.pol files, sipgpo's ADMX/ADML for the Central Store, \
            Group Policy Preferences, .reg and LGPO files, deploy.ps1, samba/ backups and deploy.sh, the DNS \
            records the site needs, certificates.md, and the explanation. Start reading at OUT/README.txt.

            Everything is built in memory and moved into place in one step: after an error the output folder \
            is exactly as it was. Two builds of the same site give the same bytes. The documentation, the \
            explanations and the GPOs are rendered at once on the machine's cores; SIPGPO_JOBS=1 renders them \
            one after another (the same bytes, more slowly).

            Examples:
              sipgpo build policies/single-forest.yaml --output out
              sipgpo build site.yaml -o out --admx-dir /mnt/sysvol/PolicyDefinitions
            """)

    @OptionGroup var options: SiteOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The output folder (created, or replaced if sipgpo wrote it).", valueName: "dir"))
    var output: String

    @Option(
        help: ArgumentHelp(
            "Check the policies sipgpo binds against the ADMX files of this Central Store (PolicyDefinitions).",
            valueName: "dir"))
    var admxDir: String?

    @Flag(help: "Replace the output folder even if sipgpo did not create it.")
    var force = false

    func validate() throws {
        if output.isEmpty {
            throw ValidationError("--output is empty; name the folder to write, such as --output out")
        }
    }

    func run() throws {
        let compiled = try runCompiler(options)
        let (compilation, clients, catalog) = (compiled.compilation, compiled.clients, compiled.catalog)
        guard let site = compilation.site, let plan = compilation.plan else { throw ExitCode(1) }
        if let admxDir {
            let used = Set(site.populations.compactMap { clients[$0.settings.client.value]?.policyFamily })
            let diagnostics = CentralStoreCheck.check(catalog: catalog, directory: admxDir, families: used)
            Console().print(diagnostics, files: [:])
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
        let scripts: ScriptLibraries
        do {
            scripts = try TemplateStore(override: options.templates).scriptLibraries()
        } catch {
            Console().error("\(error)")
            throw ExitCode(1)
        }
        var input = Emit.Input(
            site: site, plan: plan, policies: compilation.policies, runs: compilation.runs, clients: clients,
            catalog: catalog, words: compiled.words, scripts: scripts)
        input.diagnostics = compilation.diagnostics.all
        input.documentation = try loadDocumentation(templates: options.templates)
        let folder = Emit.artifacts(input)
        do {
            // Every file the compiler read, and the folders given as inputs, must survive the build.
            var inputs = compilation.files.keys.sorted().map { path in
                OutputTarget.Input(path: path, role: path == options.site ? "the site description" : "the zone file")
            }
            if let templates = options.templates {
                inputs.append(.init(path: templates, role: "the templates folder", isFolder: true))
            }
            if let admxDir { inputs.append(.init(path: admxDir, role: "the Central Store folder", isFolder: true)) }
            let target = try OutputTarget.resolve(output, inputs: inputs)
            try OutputWriter(target: target, force: force, note: { Console().note($0) }).write(folder)
        } catch {
            Console().error("\(error)")
            throw ExitCode(1)
        }
        let gpos = plan.gpos.count
        Console().output(
            "\(output): \(folder.files.count) files, \(gpos) GPO\(gpos == 1 ? "" : "s") for \(site.populations.count) population\(site.populations.count == 1 ? "" : "s"); start with \(output)/README.txt\n"
        )
    }
}
