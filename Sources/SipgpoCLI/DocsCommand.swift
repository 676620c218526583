import ArgumentParser
import Artifacts
import Documentation
import Foundation

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the site's documentation alone: index.html (with diagrams) and site.md (for wikis).",
        discussion: """
            index.html is one self-contained page (no network, no external scripts or fonts; prints to PDF): \
            the site at a glance, each population's discovery path inside and outside as a diagram, the OU tree \
            with its GPO links and resultant settings, the DNS records and certificate names the site needs, \
            every warning next to what it is about, and the facts the sources disagree on. site.md has the same \
            for wikis, with Mermaid diagrams. `sipgpo build` writes the same files to OUT/docs/. The words come \
            from templates/docs/*.mustache (override with --templates DIR).

            Examples:
              sipgpo docs policies/resource-forest.yaml --output site-docs
              xdg-open site-docs/index.html
            """)

    @OptionGroup var options: SiteOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The output folder (created, or replaced if sipgpo wrote it).", valueName: "dir"))
    var output: String

    @Flag(help: "Replace the output folder even if sipgpo did not create it.")
    var force = false

    func validate() throws {
        if output.isEmpty {
            throw ValidationError("--output is empty; name the folder to write, such as --output docs")
        }
    }

    func run() throws {
        let compiled = try runCompiler(options)
        let compilation = compiled.compilation
        guard let site = compilation.site, let plan = compilation.plan else { throw ExitCode(1) }
        let templates = try loadDocumentation(templates: options.templates)
        var folder = OutputFolder()
        let input = DocumentationInput(
            site: site, plan: plan, policies: compilation.policies, runs: compilation.runs, clients: compiled.clients,
            diagnostics: compilation.diagnostics.all, phrasebook: compiled.words.phrasebook)
        for file in Documentation.files(input, templates: templates) { folder.add(file.path, text: file.text) }
        folder.add(
            Emit.markerFile,
            text: "sipgpo docs output of \(site.sourceName); a later 'sipgpo docs' may replace this folder\n")
        do {
            var inputs = compilation.files.keys.sorted().map { path in
                OutputTarget.Input(path: path, role: path == options.site ? "the site description" : "the zone file")
            }
            if let templates = options.templates {
                inputs.append(.init(path: templates, role: "the templates folder", isFolder: true))
            }
            let target = try OutputTarget.resolve(output, inputs: inputs)
            try OutputWriter(target: target, force: force, note: { Console().note($0) }).write(folder)
        } catch {
            Console().error("\(error)")
            throw ExitCode(1)
        }
        Console().output("\(output): \(folder.files.count - 1) files; open \(output)/index.html\n")
    }
}

extension ParsableCommand {
    /// The documentation templates; one that does not parse is reported with its file, line and column.
    func loadDocumentation(templates: String?) throws -> Documentation.Templates {
        let loaded = Documentation.load(override: templates.map { URL(fileURLWithPath: $0) })
        Console().print(loaded.diagnostics, files: [:])
        guard let documentation = loaded.templates else { throw ExitCode(1) }
        return documentation
    }
}
