import SiteModel

/// **simulate**: (client profile, SIP domain, network, DNS view, effective settings) → `DiscoveryRun`.
///
/// A pure function: no I/O, no clock. The client does not know which network it is on; it asks the same names in
/// the same order everywhere, and only the answers (the view of this network's DNS) differ.
public enum Simulator {
    /// Every population × network of the site, populations in site order, inside before outside.
    public static func run(
        _ site: Site, clients: ClientCatalog, variant override: DiscoveryVariantName? = nil,
        populations names: Set<String>? = nil, networks: [NetworkLocation] = NetworkLocation.allCases
    ) -> [DiscoveryRun] {
        var runs: [DiscoveryRun] = []
        let dns = Dictionary(uniqueKeysWithValues: networks.map { ($0, site.dns($0)) })
        // Populations that share every input of discovery walk the same path: simulate each combination once.
        var walked: [WalkKey: DiscoveryRun] = [:]
        for population in site.populations where names?.contains(population.name) ?? true {
            guard let profile = clients[population.settings.client.value],
                let domain = site.sipDomain(population.settings.sipDomain.value)
            else { continue }
            let variant = override ?? site.discoveryVariant?.value
            for network in networks {
                let key = WalkKey(population.settings, network: network)
                var run =
                    walked[key]
                    ?? self.run(
                        population, domain: domain, profile: profile, network: network, dns: dns[network]!,
                        pools: site.pools, variant: variant, down: site.downHosts)
                walked[key] = run
                run.population = population.name
                run.ou = population.ou.description
                var hops = Hops(population: population, profile: profile, pools: site.pools, view: dns[network]!)
                hops.down = site.downHosts
                runs.append(hops.follow(run))
            }
        }
        return runs
    }

    /// Everything a walk depends on besides the site's DNS and the variant, which are the same for all populations.
    struct WalkKey: Hashable {
        var client: String
        var sipDomain: DNSName
        var signIn: SignIn
        var trustedDomains: [DNSName]?
        var strictDnsNaming: Bool
        var network: NetworkLocation

        init(_ settings: EffectiveSettings, network: NetworkLocation) {
            client = settings.client.value
            sipDomain = settings.sipDomain.value
            signIn = settings.signIn.value
            trustedDomains = settings.trustedDomains?.value
            strictDnsNaming = settings.strictDnsNaming.value
            self.network = network
        }
    }

    /// How a walk ends, for telling readings of the sources apart: the status, the server and the lookup behind it.
    struct Ending: Hashable {
        var status: DiscoveryOutcome.Status
        var host: String?
        var via: Via?

        init(_ outcome: DiscoveryOutcome) {
            status = outcome.status
            host = outcome.candidate?.hostName
            via = outcome.candidate?.via
        }
    }

    /// One population on one network. `settings` is left empty: the policy plan fills it in (see `Compiler`).
    static func run(
        _ population: Population, domain: SIPDomain, profile: ClientProfile, network: NetworkLocation, dns: DNSIndex,
        pools: [Pool],
        variant requested: DiscoveryVariantName?, down: [DownHost] = []
    ) -> DiscoveryRun {
        let (variantName, variant) = profile.variant(requested)
        var walk = Walk(
            population: population, domain: domain, profile: profile, variant: variant, network: network, dns: dns,
            pools: pools)
        walk.down = down
        var outcome = walk.run()
        if case .automatic = population.settings.signIn.value {
            // The port of an A-record fallback the sources do not document: run each reading, and when they end
            // differently report the worse one, with every reading beside it.
            var readings: [Int] = []
            for lookup in variant.lookups where lookup.kind == .host {
                guard let ports = lookup.ports, !ports.documented else { continue }
                for port in ports.values where !readings.contains(port) { readings.append(port) }
            }
            if readings.count > 1 {
                let walks = readings.map { port in
                    var reading = Walk(
                        population: population, domain: domain, profile: profile, variant: variant, network: network,
                        dns: dns, pools: pools)
                    reading.down = down
                    reading.portReading = port
                    let outcome = reading.run()
                    return (walk: reading, reading: PortReading(port: port, outcome: outcome))
                }
                let endings = Set(walks.map { Ending($0.reading.outcome) })
                if endings.count > 1, let worse = walks.min(by: { $0.reading.outcome.rank < $1.reading.outcome.rank }) {
                    walk = worse.walk
                    outcome = worse.reading.outcome
                    outcome.portReadings = walks.map(\.reading)
                }
            }
        }
        var notes = walk.notes
        if outcome.status != .failed, outcome.portReadings.isEmpty, let host = outcome.candidate?.host,
            case .name(let name) = host
        {
            outcome.portUnverified = notes.contains {
                if case .hostPortUndocumented(name, _, nil, _) = $0 { return true }
                return false
            }
        }
        if case .automatic = population.settings.signIn.value {
            if let basis = variant.basis {
                notes.insert(
                    .variantBasis(client: profile.displayName, variantName, summary: variant.summary, basis: basis),
                    at: 0)
            } else {
                notes.insert(
                    .variantFollowed(client: profile.displayName, variantName, summary: variant.summary), at: 0)
            }
            // Say so when the other reading of the sources would end differently.
            for other in DiscoveryVariantName.allCases where other != variantName {
                guard let alternative = profile.variants[other], alternative != variant else { continue }
                var otherWalk = Walk(
                    population: population, domain: domain, profile: profile, variant: alternative, network: network,
                    dns: dns, pools: pools)
                otherWalk.down = down
                let otherOutcome = otherWalk.run()
                if otherOutcome.status != outcome.status
                    || otherOutcome.candidate?.hostName != outcome.candidate?.hostName
                    || otherOutcome.candidate?.via != outcome.candidate?.via
                {
                    notes.append(
                        .otherVariantDiffers(
                            other, summary: alternative.summary, outcome: otherOutcome,
                            source: alternative.sources.first ?? "no source"))
                }
            }
        }
        return DiscoveryRun(
            population: population.name, ou: population.ou.description, client: profile.id,
            clientName: profile.displayName, sipDomain: domain.name, network: network,
            signIn: SignInMode(population.settings.signIn.value), variant: variantName, events: walk.events,
            outcome: outcome, settings: [], notes: notes)
    }
}
