import SiteModel

/// **simulate**: (client profile, SIP domain, network, DNS view, effective settings) → `DiscoveryTrace`.
///
/// A pure function: no I/O, no clock. The client does not know which network it is on; it asks the same names in
/// the same order everywhere, and only the answers (the view of this network's DNS) differ.
public enum Simulator {
    /// Every population × network of the site, populations in site order, inside before outside.
    public static func simulate(
        _ site: Site, clients: ClientCatalog, variant override: DiscoveryVariantName? = nil,
        populations names: Set<String>? = nil, networks: [NetworkLocation] = NetworkLocation.allCases
    ) -> [DiscoveryTrace] {
        var traces: [DiscoveryTrace] = []
        let dns = Dictionary(uniqueKeysWithValues: networks.map { ($0, site.dns($0)) })
        // Populations that share every input of discovery walk the same path: simulate each combination once.
        var walked: [WalkKey: DiscoveryTrace] = [:]
        for population in site.populations where names?.contains(population.name) ?? true {
            guard let profile = clients[population.settings.client.value],
                let domain = site.sipDomain(population.settings.sipDomain.value)
            else { continue }
            let variant = override ?? site.discoveryVariant?.value
            for network in networks {
                let key = WalkKey(population.settings, network: network)
                var trace =
                    walked[key]
                    ?? trace(
                        population, domain: domain, profile: profile, network: network, dns: dns[network]!,
                        pools: site.pools, variant: variant)
                walked[key] = trace
                trace.population = population.name
                trace.ou = population.ou.description
                traces.append(Hops.follow(trace, population: population, pools: site.pools))
            }
        }
        return traces
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

    /// One population on one network. `settings` is left empty: the policy plan fills it in (see `Compiler`).
    static func trace(
        _ population: Population, domain: SIPDomain, profile: ClientProfile, network: NetworkLocation, dns: DNSIndex,
        pools: [Pool],
        variant requested: DiscoveryVariantName?
    ) -> DiscoveryTrace {
        let (variantName, variant) = profile.variant(requested)
        var walk = Walk(
            population: population, domain: domain, profile: profile, variant: variant, network: network, dns: dns,
            pools: pools)
        let outcome = walk.run()
        var notes = walk.notes
        if case .automatic = population.settings.signIn.value {
            notes.insert(variantNote(profile: profile, followed: variantName), at: 0)
            // Say so when the other reading of the sources would end differently.
            for other in DiscoveryVariantName.allCases where other != variantName {
                guard let alternative = profile.variants[other], alternative != variant else { continue }
                var otherWalk = Walk(
                    population: population, domain: domain, profile: profile, variant: alternative, network: network,
                    dns: dns, pools: pools)
                let otherOutcome = otherWalk.run()
                if otherOutcome.status != outcome.status || otherOutcome.server != outcome.server
                    || otherOutcome.via != outcome.via
                {
                    notes.append(
                        "the \(other.rawValue) variant (\(alternative.summary)) would end differently: \(otherOutcome.headline)"
                            + " [\(alternative.sources.first ?? "no source")]")
                }
            }
        }
        return DiscoveryTrace(
            population: population.name, ou: population.ou.description, client: profile.id,
            sipDomain: domain.name.description, network: network, mode: population.settings.signIn.value.mode,
            variant: variantName, steps: walk.steps, outcome: outcome, settings: [], notes: notes)
    }

    private static func variantNote(profile: ClientProfile, followed: DiscoveryVariantName) -> String {
        let variant = profile.variants[followed]!
        let reading = followed == .field ? "as observed on real clients" : "as Microsoft documents it"
        return "\(profile.displayName) order \(reading) (\(followed.rawValue) variant): \(variant.summary)"
    }
}

extension Outcome {
    /// One line: "connected to pool01.contoso.com:5061 over TLS via _sipinternaltls._tcp.contoso.com".
    public var headline: String {
        switch status {
        case .failed:
            return "fails: \(reason)"
        case .connected, .prompt:
            let target = [server, port.map(String.init)].compactMap { $0 }.joined(separator: ":")
            let how = via == "manual" ? "as configured" : "via \(via ?? "?")"
            let verb = status == .connected ? "connects to" : "asks the user to trust"
            return "\(verb) \(target) over \(transport ?? "?") \(how)"
        }
    }
}
