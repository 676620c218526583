import Discovery
import LiveDNS
import SiteModel

/// The live probe, stage by stage: ask DNS (through `ask`, the only I/O), read the answers as a network's DNS,
/// simulate the chosen clients on it, and, given a site, compare with what the site declares.
public enum ProbeRun {
    /// Asks `initial`, then the targets of what came back, until nothing new is named (at most `rounds` rounds).
    public static func lookups(
        initial: [DNSQuestion], rounds: Int = 8, ask: ([DNSQuestion]) throws -> [DNSResponse]
    ) rethrows -> LiveAnswers {
        var responses: [DNSResponse] = []
        var asked = Set(initial)
        var next = initial
        for _ in 0..<rounds where !next.isEmpty {
            let answers = try ask(next)
            responses += answers
            next = ProbePlan.followUps(answers, asked: asked)
            asked.formUnion(next)
        }
        return LiveAnswers(responses: responses)
    }

    /// The simulations and comparisons of one probe, given its answers (and the certificates servers presented).
    public static func analyze(
        _ answers: LiveAnswers, domains: [DNSName], profiles: [ClientProfile], network: NetworkLocation,
        clients: ClientCatalog, variant: DiscoveryVariantName?, site declared: DeclaredSite?,
        certificates: [PresentedCertificate] = []
    ) -> ProbeReport {
        let live = answers.records
        // One server per name: the first certificate read for a name stands for it.
        var probePools: [Pool] = []
        for pool in certificates.compactMap({ $0.pool(network: network) })
        where !probePools.contains(where: { $0.fqdn == pool.fqdn }) {
            probePools.append(pool)
        }
        let probeSite = ProbeSite.synthesize(
            domains: domains, profiles: profiles, network: network, records: live, pools: probePools)
        var report = ProbeReport(
            network: network, answers: answers, probeSite: probeSite,
            results: Simulator.run(probeSite, clients: clients, variant: variant, networks: [network]),
            certificates: certificates)
        guard let declared else { return report }

        let declaredRecords = declared.site.sipDomains.flatMap { $0.view(network).records }
        let before = declared.runs.filter { $0.network == network }
        func simulate(_ site: Site) -> [DiscoveryRun] {
            Simulator.run(site, clients: clients, variant: variant, networks: [network])
        }
        var drift = Drift.records(declared: declaredRecords, live: answers)
        for index in drift.indices {
            let site = ProbeSite.replacingDNS(
                of: declared.site, network: network, with: Drift.applying(drift[index], to: declaredRecords))
            drift[index].changes = Drift.changes(from: before, to: simulate(site))
        }
        // The certificates presented replace the declared ones, for the pools the client reached by that name.
        var liveSite = ProbeSite.replacingDNS(of: declared.site, network: network, with: live)
        for certificate in certificates {
            guard let presented = certificate.certificate else { continue }
            let host = certificate.endpoint.host
            let existing = declared.site.pools.reached(
                as: host, preferring: network == .outside ? [.edge] : [.director, .frontEnd, .standard])
            if let existing, let old = existing.certificate {
                var items: [DriftItem] = []
                let lacking = old.names.filter { name in !presented.names.contains(name) }
                if !lacking.isEmpty {
                    items.append(
                        DriftItem(
                            kind: .certificateNamesMissing, name: existing.fqdn.description, type: "certificate",
                            fields: lacking.map(\.description)))
                }
                if old.trustedIssuer, !presented.trustedIssuer {
                    items.append(
                        DriftItem(
                            kind: .certificateUntrusted, name: existing.fqdn.description, type: "certificate",
                            fields: [], failure: certificate.verification))
                }
                var withPresented = declared.site
                if let index = withPresented.pools.firstIndex(of: existing) {
                    withPresented.pools[index].certificate = presented
                }
                let changes = Drift.changes(from: before, to: simulate(withPresented))
                for var item in items where !drift.contains(where: { $0.kind == item.kind && $0.name == item.name }) {
                    item.changes = changes
                    drift.append(item)
                }
            }
            let replaced = liveSite.pools.firstIndex { $0.fqdn == host || $0.fqdn == existing?.fqdn }
            if let replaced {
                liveSite.pools[replaced].certificate = presented
            } else if let pool = certificate.pool(network: network) {
                liveSite.pools.append(pool)
            }
        }
        let settings = Dictionary(before.map { ($0.population, $0.settings) }, uniquingKeysWith: { first, _ in first })
        report.site = SiteComparison(
            name: declared.site.name, file: declared.site.file, declared: before,
            live: simulate(liveSite).map { run in
                var run = run
                run.settings = settings[run.population] ?? []
                return run
            }, drift: drift)
        return report
    }
}

/// A site description and its explanation, to compare the live DNS with.
public struct DeclaredSite: Sendable {
    public var site: Site
    /// `explain`'s runs (with the settings the plan gives each population).
    public var runs: [DiscoveryRun]

    public init(site: Site, runs: [DiscoveryRun]) {
        self.site = site
        self.runs = runs
    }
}

/// What a probe found.
public struct ProbeReport: Sendable {
    public var network: NetworkLocation
    public var answers: LiveAnswers
    /// The site simulated for `results`: one population per SIP domain and client version.
    public var probeSite: Site
    /// One run per SIP domain and client version, on the probed network's live DNS.
    public var results: [DiscoveryRun]
    /// The certificates servers presented (`--connect`).
    public var certificates: [PresentedCertificate]
    /// With a site: its populations on the declared and the live DNS, and every difference.
    public var site: SiteComparison?

    /// Drift that changes where some population signs in.
    public var hasOutcomeDrift: Bool { site?.drift.contains { !$0.changes.isEmpty } ?? false }
}

public struct SiteComparison: Sendable {
    public var name: String
    public var file: String
    public var declared: [DiscoveryRun]
    public var live: [DiscoveryRun]
    public var drift: [DriftItem]
}
