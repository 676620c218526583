import Discovery
import SiteModel

/// **resilience**: for each population and network, which single DNS record, server or certificate name, if lost,
/// makes its sign-in worse (connected → prompt or failed, prompt → failed): its single points of failure.
///
/// A pure function of the site and its typed runs. The candidate losses of a run are what the run itself used: the
/// records its lookups found, the servers it connected to or was sent to after discovery, and the names on those
/// servers' certificates; nothing else can change its outcome, because the simulator reads nothing else. Each loss
/// is simulated once, for the populations whose runs used it, on that network only.
public enum Resilience {
    /// Analyses every run of `runs` (the site's own runs, as `Compiler` or `Simulator` gave them).
    public static func analyse(
        _ site: Site, runs: [DiscoveryRun], clients: ClientCatalog, variant: DiscoveryVariantName? = nil
    ) -> ResilienceReport {
        struct Use: Hashable {
            var network: NetworkLocation
            var loss: Loss
        }
        var users: [Use: Set<String>] = [:]
        var order: [Use] = []
        let views = Dictionary(uniqueKeysWithValues: NetworkLocation.allCases.map { ($0, site.dns($0)) })
        for run in runs where run.outcome.status != .failed {
            for loss in candidates(run, site: site, view: views[run.network]!) {
                let use = Use(network: run.network, loss: loss)
                if users[use] == nil { order.append(use) }
                users[use, default: []].insert(run.population)
            }
        }
        struct RunID: Hashable {
            var population: String
            var network: NetworkLocation
        }
        var points: [RunID: [SinglePoint]] = [:]
        let baseline = Dictionary(
            runs.map { (RunID(population: $0.population, network: $0.network), $0.outcome.status) },
            uniquingKeysWith: { first, _ in first })
        // Each loss is simulated for the populations that used it alone: a site holding only those (their settings
        // are resolved already, so the others are not needed).
        let positions = Dictionary(
            site.populations.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        for use in order {
            let names = users[use] ?? []
            var lost = site.losing(use.loss, on: use.network)
            lost.populations = names.compactMap { positions[$0] }.sorted().map { site.populations[$0] }
            let after = Simulator.run(
                lost, clients: clients, variant: variant, populations: names, networks: [use.network])
            for run in after {
                let id = RunID(population: run.population, network: run.network)
                guard let before = baseline[id], run.outcome.status.isWorse(than: before) else { continue }
                points[id, default: []].append(SinglePoint(loss: use.loss, after: run))
            }
        }
        let results = runs.map { run in
            RunResilience(run: run, points: points[RunID(population: run.population, network: run.network)] ?? [])
        }
        var failing: Set<String> = []
        for result in results where !result.points.isEmpty || result.run.outcome.status != .connected {
            failing.insert(result.run.population)
        }
        var robust: [String] = []
        for result in results where !failing.contains(result.run.population) && !robust.contains(result.run.population)
        {
            robust.append(result.run.population)
        }
        return ResilienceReport(runs: results, withoutSinglePoint: robust)
    }

    /// What a run used, in the order it used it: each record its lookups found, each server it connected to or was
    /// sent to, then each name on those servers' declared certificates.
    static func candidates(_ run: DiscoveryRun, site: Site, view: DNSIndex) -> [Loss] {
        var records: [Loss] = []
        var servers: [DNSName] = []
        func server(_ name: DNSName) {
            if !servers.contains(name) { servers.append(name) }
        }
        for event in run.events {
            switch event {
            case .lookup(let lookup):
                guard lookup.found else { continue }
                let types: [RecordType] =
                    switch lookup.answer {
                    case .alias: [.cname]
                    default: lookup.types
                    }
                for type in types {
                    for record in view.records(named: lookup.name, type: type)
                    where !records.contains(.record(record)) {
                        records.append(.record(record))
                    }
                }
            case .connection(let connection):
                if case .name(let name) = connection.candidate.host { server(name) }
            }
        }
        for hop in run.hops {
            if let name = DNSName(hop.server) { server(name) }
        }
        if let registrar = run.outcome.registrar { server(registrar) }
        var certificates: [Loss] = []
        var pools: [Pool] = []
        for name in servers {
            let pool =
                site.pools.named(name)
                ?? site.pools.reached(
                    as: name, preferring: run.network == .outside ? [.edge] : [.director, .frontEnd, .standard])
            if let pool, !pools.contains(pool) { pools.append(pool) }
        }
        for pool in pools {
            for name in pool.certificate?.names ?? [] { certificates.append(.certificateName(pool, name)) }
        }
        let lostServers = servers.map { name in Loss.server(name, site.pools.named(name)) }
        return records + lostServers + certificates
    }
}

/// One thing a site can lose.
public enum Loss: Hashable, Sendable {
    /// A DNS record of the network's view.
    case record(ResourceRecord)
    /// A server (by the name clients connect to) stops answering; the declared pool of that name, if any.
    case server(DNSName, Pool?)
    /// A name drops off a declared server's certificate.
    case certificateName(Pool, CertificateName)
}

/// A run of the site and the losses that each, alone, make it worse.
public struct RunResilience: Hashable, Sendable {
    public var run: DiscoveryRun
    public var points: [SinglePoint]
}

/// A loss that alone makes a run worse, and the run after it.
public struct SinglePoint: Hashable, Sendable {
    public var loss: Loss
    public var after: DiscoveryRun
}

public struct ResilienceReport: Hashable, Sendable {
    /// Every run of the site, in the site's order, with its single points of failure.
    public var runs: [RunResilience]
    /// The populations that sign in on every network and have no single point of failure on any, in site order.
    public var withoutSinglePoint: [String]
}

extension DiscoveryOutcome.Status {
    /// connected < prompt < failed.
    var rank: Int {
        switch self {
        case .connected: 0
        case .prompt: 1
        case .failed: 2
        }
    }

    func isWorse(than other: Self) -> Bool { rank > other.rank }
}

extension Site {
    /// The site with one loss applied on one network: a record gone from that network's DNS, a server that
    /// resolves and does not answer (declared down where the server is declared, or where its record is), or a
    /// certificate without the name.
    func losing(_ loss: Loss, on network: NetworkLocation) -> Site {
        var site = self
        switch loss {
        case .record(let record):
            for index in site.sipDomains.indices {
                switch network {
                case .inside: site.sipDomains[index].inside.records.removeAll { $0 == record }
                case .outside: site.sipDomains[index].outside.records.removeAll { $0 == record }
                }
            }
        case .server(let name, let pool):
            let span =
                pool?.span ?? dns(network).records(named: name).first?.span
                ?? SourceSpan(file: file, line: 1, column: 1)
            site.downHosts.append(DownHost(name: name, span: span))
        case .certificateName(let pool, let name):
            guard let index = site.pools.firstIndex(of: pool) else { break }
            site.pools[index].certificate?.names.removeAll { $0 == name }
        }
        return site
    }
}
