import ArgumentParser
import Compiler
import Decompile
import Foundation
import PolicyCatalog
import PolicyPlan
import SiteModel

struct DecompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompile",
        abstract: "Read deployed Group Policy back: each value's policy, what each client does, each OU's result.",
        discussion: """
            Reads Registry.pol files, GPO backups (one GPO, or a Backup-GPO -All folder of {GUID} folders; \
            samba-tool gpo backup folders; SYSVOL policy folders), .reg files (REGEDIT4 or version 5.00, UTF-16LE \
            or UTF-8) and LGPO.exe text. Maps every value back through the policy catalog to the policy and \
            setting it belongs to (Communicator, Office 15.0, Office 16.0), flags values no policy of the \
            catalog defines, and says what a client of each version does under each GPO: sign-in mode, servers, \
            transport, trusted domains.

            With --links (an LDIF export of the OUs' gPLink and gPOptions, as ldapsearch, ldbsearch or ldifde \
            write it, and/or the output of 'samba-tool gpo listall' for GPO names and flags), applies the GPOs \
            as Group Policy does (link order, enforced links, blocked inheritance, disabled links and halves) \
            and gives each OU's resultant settings. With --site and no --links, the site's own links are used \
            (for GPOs sipgpo built), and each population's settings are compared with the site's.

            A malformed Registry.pol is refused with the byte offset of the first bad byte (exit 1), as Samba \
            and LGPO.exe refuse one.

            Examples:
              sipgpo decompile 'GPOs/{6AC1786C-016F-11D2-945F-00C04FB984F9}/DomainSysvol/GPO/User/registry.pol'
              sipgpo decompile out/GPOs --site policies/branch-overrides.yaml
              sipgpo decompile backups/ --links ous.ldif --links listall.txt --format json
              sipgpo decompile backups/ --links ous.ldif --format yaml > populations.yaml
            """)

    @OptionGroup var color: ColorOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, yaml }

    @Argument(help: ArgumentHelp("Registry.pol, GPO backup folders, .reg or LGPO text files.", valueName: "path"))
    var paths: [String]

    @Option(
        name: .customLong("links"),
        help: ArgumentHelp(
            "An LDIF export of gPLink/gPOptions (and GPO displayName/flags), or 'samba-tool gpo listall' output.",
            valueName: "file"))
    var links: [String] = []

    @Option(help: ArgumentHelp("A site description to compare each population with.", valueName: "site"))
    var site: String?

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "Read client profiles and the policy catalog from this templates folder instead of the bundled one.",
            valueName: "dir"))
    var templates: String?

    func run() throws {
        let clients = try loadClients(templates: templates)
        let catalog = try loadCatalog(TemplateStore(override: templates))
        var directory = DirectoryLinks()
        for path in links { try readLinks(path, into: &directory) }
        var compiled: CompiledSite?
        if let site {
            let result = try runCompiler(
                SiteOptions.parse([site] + (templates.map { ["--templates", $0] } ?? [])))
            compiled = result
            if links.isEmpty, let plan = result.compilation.plan { directory = DirectoryLinks(plan: plan) }
        }
        var output = DecompileOutput(format: format, index: PolicyIndex(catalog: catalog))
        output.begin()
        var gpos: [DecompiledGPO] = []
        for path in paths {
            for input in try DecompileInputs.find(path) {
                gpos.append(try read(input, directory: directory, output: &output))
            }
        }
        let interpreter = Interpreter(catalog: catalog, clients: clients)
        let perGPO = gpos.map { ($0, Resultant.behaviour(of: $0, interpreter: interpreter)) }
        let hasLinks = !links.isEmpty || compiled != nil
        let populationOUs = compiled?.compilation.site?.populations.map(\.ou) ?? []
        let perOU =
            hasLinks
            ? Resultant.perOU(gpos: gpos, links: directory, interpreter: interpreter, also: populationOUs) : []
        var comparison: [DecompileOutput.Comparison] = []
        if let compiled, let site = compiled.compilation.site, let plan = compiled.compilation.plan {
            comparison = Self.compare(site: site, plan: plan, compiled: compiled, perOU: perOU)
        }
        output.finish(gpos: perGPO, ous: perOU, hasLinks: hasLinks, comparison: comparison)
        if comparison.contains(where: { !$0.differences.isEmpty }) { throw ExitCode(1) }
    }

    /// One GPO (or loose file): its identity, then every record of its files, streamed to the output.
    func read(_ input: DecompileInputs.Input, directory: DirectoryLinks, output: inout DecompileOutput) throws
        -> DecompiledGPO
    {
        var gpo = DecompiledGPO(id: input.id, name: input.name, origin: input.path)
        if let id = input.id, let name = directory.gpos[id]?.name, input.nameIsFallback { gpo.name = name }
        output.beginInput(input, name: gpo.name)
        for file in input.files {
            output.beginFile(file)
            switch file.kind {
            case .registryPol:
                do {
                    try RegistryPolFile.readRaw(file.path) { raw in
                        output.record(raw, hive: file.hive, gpo: &gpo, file: file.path)
                    }
                } catch .unreadable(let path, let reason) {
                    output.abort()
                    Console().error("cannot read '\(path)': \(reason)")
                    throw ExitCode(1)
                } catch .malformed(let path, let error) {
                    output.abort()
                    Console().print(
                        [
                            .error(
                                "decompile-malformed-pol",
                                "'\(path)' is not a valid Registry.pol: at byte offset \(error.offset) (0x\(String(error.offset, radix: 16, uppercase: true))), expected \(error.expected), found \(error.found)",
                                at: nil,
                                help:
                                    "Samba and LGPO.exe refuse this file too; restore it from a backup or re-export the GPO"
                            )
                        ], files: [:])
                    throw ExitCode(1)
                }
            case .regFile, .lgpoText:
                let bytes = try readBytes(file.path)
                let result = file.kind == .regFile ? RegFileReader.read(bytes) : LGPOTextReader.read(bytes)
                switch result {
                case .success(let records):
                    for item in records {
                        output.record(
                            item.record, hive: item.hive, location: .line(item.line), gpo: &gpo, file: file.path)
                    }
                case .failure(let error):
                    output.abort()
                    let kind = file.kind == .regFile ? "reg" : "lgpo"
                    Console().print(
                        [
                            .error(
                                DiagnosticID(rawValue: "decompile-malformed-\(kind)"), error.message,
                                at: SourceSpan(file: file.path, line: error.line, column: error.column),
                                help: error.help.isEmpty ? nil : error.help)
                        ], files: [file.path: String(decoding: bytes, as: UTF8.self)])
                    throw ExitCode(1)
                }
            }
            output.endFile()
        }
        output.endInput()
        return gpo
    }

    func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console().error("cannot read '\(path)'")
            throw ExitCode(1)
        }
        return [UInt8](data)
    }

    func readLinks(_ path: String, into directory: inout DirectoryLinks) throws {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            Console().error("'\(path)' is not UTF-8 text")
            throw ExitCode(1)
        }
        let listAll = text.split(separator: "\n").first { !$0.isEmpty && !$0.hasPrefix("#") }?.hasPrefix("GPO ") == true
        let result = listAll ? directory.readListAll(text) : directory.readLDIF(text)
        if case .failure(let error) = result {
            Console().print(
                [
                    .error(
                        DiagnosticID(rawValue: listAll ? "decompile-malformed-listall" : "decompile-malformed-ldif"),
                        error.message, at: SourceSpan(file: path, line: max(error.line, 1), column: error.column),
                        help: error.help)
                ], files: [path: text])
            throw ExitCode(1)
        }
    }

    /// Each population's settings in the site (as explain reports them) against its OU's decompiled settings for
    /// the population's client family.
    static func compare(site: Site, plan: PolicyPlan, compiled: CompiledSite, perOU: [OUResult])
        -> [DecompileOutput.Comparison]
    {
        let byOU = Dictionary(perOU.map { ($0.ou, $0) }, uniquingKeysWith: { a, _ in a })
        return site.populations.map { population in
            let family = compiled.clients[population.settings.client.value]?.policyFamily ?? "none"
            // The values explain reports for the population: its resultant policy under the site's plan.
            let expected = (compiled.compilation.policies[population.name]?.settings ?? []).map {
                "\($0.value.hive.rawValue) \($0.value.valueName.lowercased()) = \(display(.init($0.value.data)))"
            }
            let ouResult = byOU[population.ou]
            let actual = (ouResult?.clients.first { $0.family == family }?.settings ?? []).map {
                "\($0.hive) \($0.name.lowercased()) = \(display($0.value))"
            }
            var differences: [String] = []
            for line in expected where !actual.contains(line) { differences.append("site: \(line)") }
            for line in actual where !expected.contains(line) { differences.append("deployed: \(line)") }
            return .init(population: population.name, ou: population.ou.description, differences: differences)
        }
    }

    static func display(_ value: DecompiledSetting.Value) -> String { value.display }
}
