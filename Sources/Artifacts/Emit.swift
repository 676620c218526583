import Analysis
import Discovery
import Documentation
import PolicyCatalog
import PolicyPlan
import Rendering
import SiteModel

/// **emit**: a compiled site → every artifact, in memory. Each writer only encodes; none decides policy.
///
///     PolicyDefinitions/        sipgpo's ADMX + en-US/ADML for the Central Store
///     GPOs/{backup-id}/...      one importable GPO backup per GPO, and GPOs/manifest.xml
///     registry/<population>.reg what each population's client ends up with, as a .reg file
///     lgpo/<gpo>.txt            LGPO.exe text per GPO
///     dns/<domain>.<view>.zone  the records sign-in uses in each view, and the ones it lacks
///     deploy.ps1                New-GPO / Import-GPO / New-GPLink in link order, and the DNS records to add
///     samba/                    the GPOs as samba-tool backups, and deploy.sh to restore and link them in Samba AD
///     explain.txt .md .json     the discovery explanation
///     certificates.md .csv      the names each declared server's certificate needs, and which it lacks
///     README.txt                what each of the above is
public enum Emit {
    public struct Input: Sendable {
        public var site: Site
        public var plan: PolicyPlan
        /// What Group Policy gives each population, by name (`Compiler` computes it once).
        public var policies: [String: ResultantPolicy]
        public var runs: [DiscoveryRun]
        public var clients: ClientCatalog
        public var catalog: PolicyCatalog
        /// The templates the words of the build come from.
        public var words: Words
        /// The function libraries the deployment scripts start with.
        public var scripts: ScriptLibraries
        /// The compilation's diagnostics: the documentation shows each warning next to what it is about.
        public var diagnostics: [Diagnostic] = []
        /// The templates of `docs/`.
        public var documentation: Documentation.Templates = .bundled

        public init(
            site: Site, plan: PolicyPlan, policies: [String: ResultantPolicy], runs: [DiscoveryRun],
            clients: ClientCatalog, catalog: PolicyCatalog, words: Words = .bundled, scripts: ScriptLibraries = .bundled
        ) {
            self.words = words
            self.site = site
            self.plan = plan
            self.policies = policies
            self.runs = runs
            self.clients = clients
            self.catalog = catalog
            self.scripts = scripts
        }
    }

    /// The marker that says a folder was written by sipgpo, so a later build may replace it.
    public static let markerFile = ".sipgpo-output"

    public static func artifacts(_ input: Input) -> OutputFolder {
        // Three parts that depend only on the input: the documentation, the explanations, the GPOs and scripts,
        // longest first. They run at once on a machine with the cores, and their files go in below in the order
        // they always had, so the output is the same either way.
        let jobs: [@Sendable () -> Files] = [
            { documentationFiles(input) }, { explanationFiles(input) }, { policyFiles(input) },
        ]
        let parts = Concurrently.run(jobs)
        var out = OutputFolder()
        for file in parts[2] { out.add(file.path, file.bytes) }
        for file in parts[1] { out.add(file.path, file.bytes) }
        let certificates = CertificatePlan.compute(site: input.site, runs: input.runs, clients: input.clients)
        out.add(
            "certificates.md", text: CertificateFiles.markdown(certificates, site: input.site.name, words: input.words))
        out.add("certificates.csv", text: CertificateFiles.csv(certificates))
        for file in parts[0] { out.add(file.path, file.bytes) }
        let withRegistry = populationsWithRegistry(input)
        out.add(
            "README.txt",
            text: readme(
                input, gpoFiles: FileName.unique(input.plan.gpos.map(\.name)),
                populationFiles: FileName.unique(input.site.populations.map(\.name)).filter {
                    withRegistry.contains($0.key)
                }))
        out.add(
            markerFile,
            text: "sipgpo build output of \(input.site.sourceName); a later 'sipgpo build' may replace this folder\n")
        return out
    }

    typealias Files = [(path: String, bytes: [UInt8])]

    /// The populations that receive a policy; only they get a `.reg` file.
    static func populationsWithRegistry(_ input: Input) -> Set<String> {
        Set(input.site.populations.filter { !(input.policies[$0.name]?.registry.isEmpty ?? true) }.map(\.name))
    }

    /// The Central Store files, the GPO backups, LGPO text, `.reg` files, DNS fragments and both deployment scripts.
    static func policyFiles(_ input: Input) -> Files {
        var out = Files()
        func add(_ path: String, _ bytes: [UInt8]) { out.append((path, bytes)) }
        func add(_ path: String, text: String) { out.append((path, Array(text.utf8))) }
        for (path, bytes) in input.catalog.centralStoreFiles.sorted(by: { $0.key < $1.key }) {
            add(path, bytes)
        }

        var registryPols: [String: [RegistryHive: [UInt8]]] = [:]
        for gpo in input.plan.gpos {
            var pols: [RegistryHive: [UInt8]] = [:]
            var preferences: [RegistryHive: String] = [:]
            for hive in RegistryHive.allCases where !(gpo.policy[hive] ?? []).isEmpty {
                pols[hive] = RegistryPol.encode(gpo.records(hive))
            }
            for hive in RegistryHive.allCases {
                let items = gpo.preferences.filter { $0.hive == hive }
                if !items.isEmpty { preferences[hive] = PreferencesXML.registryXML(items) }
            }
            registryPols[gpo.name] = pols
            for file in GPOBackup.files(for: gpo, registryPol: pols, preferences: preferences) {
                add("GPOs/\(file.path)", file.bytes)
            }
        }
        add("GPOs/manifest.xml", text: GPOBackup.manifest(input.plan.gpos))

        let gpoFiles = FileName.unique(input.plan.gpos.map(\.name))
        for gpo in input.plan.gpos {
            add("lgpo/\(gpoFiles[gpo.name]!).txt", text: LGPOText.render(gpo))
        }

        let populationFiles = FileName.unique(input.site.populations.map(\.name))
        for population in input.site.populations {
            // A population that receives no policy gets no file: an empty .reg would only be a header.
            guard let policy = input.policies[population.name], !policy.registry.isEmpty else { continue }
            let comment = [
                "sipgpo: what population '\(population.name)' (\(population.ou)) receives from Group Policy",
                "site description: \(input.site.sourceName); for testing on one machine, not for deployment (use the GPOs)",
            ]
            add(
                "registry/\(populationFiles[population.name]!).reg",
                RegFile.render(hive: policy.hive, records: policy.registry, comment: comment))
        }

        let needs = DNSNeeds.compute(site: input.site, runs: input.runs)
        for fragment in needs.fragments {
            add("dns/\(FileName.safe(fragment.domain)).\(fragment.network.rawValue).zone", text: fragment.text)
        }
        add(
            "deploy.ps1",
            DeployScript.bytes(
                plan: input.plan, site: input.site, dnsRecords: needs.missing, library: input.scripts.powerShell))
        for file in SambaBackup.files(plan: input.plan, site: input.site, library: input.scripts.samba) {
            add("samba/\(file.path)", file.bytes)
        }

        return out
    }

    /// `explain.txt`, `explain.md` and `explain.json`, rendered at once.
    static func explanationFiles(_ input: Input) -> Files {
        let explanation = Explanation(site: input.site, runs: input.runs, clients: input.clients, words: input.words)
        let jobs: [@Sendable () -> [UInt8]] = [
            { Array(explanation.text().utf8) }, { Array(explanation.markdown().utf8) }, { explanation.jsonBytes() },
        ]
        let pages = Concurrently.run(jobs)
        return Array(zip(["explain.txt", "explain.md", "explain.json"], pages))
    }

    /// Everything under `docs/`.
    static func documentationFiles(_ input: Input) -> Files {
        let documentation = DocumentationInput(
            site: input.site, plan: input.plan, policies: input.policies, runs: input.runs, clients: input.clients,
            diagnostics: input.diagnostics, phrasebook: input.words.phrasebook)
        var pages = Documentation.files(documentation, templates: input.documentation)
        // Each page's text is let go as soon as it is bytes: a large site's pages are over 100 MB, and holding them
        // twice set the build's peak memory.
        var files = Files()
        files.reserveCapacity(pages.count)
        for index in pages.indices {
            files.append(("docs/\(pages[index].path)", Array(pages[index].text.utf8)))
            pages[index].text = ""
        }
        return files
    }

    static func readme(_ input: Input, gpoFiles: [String: String], populationFiles: [String: String]) -> String {
        input.words.readme(
            ReadmeContext(
                site: input.site.name, file: input.site.sourceName,
                gpos: input.plan.gpos.map { gpo in
                    ReadmeContext.GPO(
                        name: gpo.name,
                        links: gpo.links.map { "\($0.target) (link order \($0.order))" }.joined(separator: ", "),
                        backupID: gpo.backupID.description, lgpoFile: gpoFiles[gpo.name]!)
                },
                populations: input.site.populations.map { population in
                    ReadmeContext.Population(
                        name: population.name, ou: population.ou.description,
                        registryFile: populationFiles[population.name])
                }))
    }
}
