import Discovery
import SiteModel

/// The records sign-in depends on in each view, from the discovery runs, and the ones a view lacks that sipgpo can name
/// completely: an SRV record for automatic sign-in, pointing at the pool or Edge that the site's manual populations
/// of the same SIP domain already use, when automatic discovery fails on that network.
public struct DNSNeeds: Sendable {
    public struct Fragment: Sendable {
        public var domain: String
        public var network: NetworkLocation
        public var text: String
    }

    /// A record to add: zone, owner relative to it, and the SRV data.
    public struct MissingRecord: Hashable, Sendable {
        public var zone: String
        public var network: NetworkLocation
        public var name: String
        public var priority: Int
        public var weight: Int
        public var port: Int
        public var target: String
        public var reason: String

        /// sipgpo's default, as the model keeps no zone TTL: one hour, the `$TTL` most zones declare and the SOA
        /// minimum a new Windows DNS zone gets.
        public var ttl: Int { 3600 }

        public var presentation: String { "\(name).\(zone). \(ttl) IN SRV \(priority) \(weight) \(port) \(target)." }
    }

    public var fragments: [Fragment]
    public var missing: [MissingRecord]

    struct Group: Hashable {
        var domain: DNSName
        var network: NetworkLocation
    }

    public static func compute(site: Site, runs: [DiscoveryRun]) -> DNSNeeds {
        var missing: [MissingRecord] = []
        let grouped = Dictionary(grouping: runs) { Group(domain: $0.sipDomain, network: $0.network) }
        let views = Dictionary(uniqueKeysWithValues: NetworkLocation.allCases.map { ($0, site.dns($0)) })
        for domain in site.sipDomains {
            let population = site.populations.filter { $0.settings.sipDomain.value == domain.name }
            let manual = population.compactMap { population -> ManualSignIn? in
                if case .manual(let manual) = population.settings.signIn.value { return manual }
                return nil
            }
            for network in NetworkLocation.allCases {
                let failing = (grouped[Group(domain: domain.name, network: network)] ?? []).filter {
                    $0.signIn == .automatic && $0.outcome.status == .failed
                }
                guard !failing.isEmpty else { continue }
                let dns = views[network]!
                let (service, port, server): (String, Int, ServerAddress?) =
                    network == .inside
                    ? ("_sipinternaltls._tcp", 5061, manual.first?.internalServer)
                    : ("_sip._tls", 443, manual.compactMap(\.externalServer).first)
                guard case .name(let target)? = server?.host, !dns.records(named: target).isEmpty,
                    dns.records(
                        named: domain.name.prepending(String(service.split(separator: ".")[1])).prepending(
                            String(service.split(separator: ".")[0])), type: .srv
                    ).isEmpty
                else { continue }
                let names = Set(failing.map(\.population)).sorted().map { "'\($0)'" }.joined(separator: ", ")
                missing.append(
                    MissingRecord(
                        zone: domain.name.description, network: network, name: service, priority: 0, weight: 0,
                        port: server?.port ?? port,
                        target: target.description,
                        reason:
                            "automatic sign-in of \(names) fails \(network.rawValue); \(target) already serves this SIP domain's manual sign-in"
                    ))
            }
        }

        var fragments: [Fragment] = []
        for domain in site.sipDomains {
            for network in NetworkLocation.allCases {
                let used = usedRecords(
                    domain: domain, network: network, site: site,
                    runs: grouped[Group(domain: domain.name, network: network)] ?? [])
                let lacking = missing.filter { $0.zone == domain.name.description && $0.network == network }
                guard !used.isEmpty || !lacking.isEmpty else { continue }
                var text =
                    "; sipgpo: DNS records sign-in needs for \(domain.name), as clients \(network) the firewall see them\n"
                text += "; site description: \(site.sourceName)\n$ORIGIN \(domain.name).\n"
                if !used.isEmpty {
                    text += "\n; in use: records that populations' discovery reached\n"
                    text += used.map(\.presentation).joined(separator: "\n") + "\n"
                }
                if !lacking.isEmpty {
                    text += "\n; missing: add these (deploy.ps1 does)\n"
                    for record in lacking { text += "; \(record.reason)\n\(record.presentation)\n" }
                }
                fragments.append(Fragment(domain: domain.name.description, network: network, text: text))
            }
        }
        return DNSNeeds(fragments: fragments, missing: missing)
    }

    /// The records of this view that a run of a population in this SIP domain found, in source order. `runs` are
    /// this domain's runs on this network.
    static func usedRecords(domain: SIPDomain, network: NetworkLocation, site: Site, runs: [DiscoveryRun])
        -> [ResourceRecord]
    {
        var spans: Set<SourceSpan> = []
        for run in runs {
            for case .lookup(let lookup) in run.events where lookup.found {
                if let span = lookup.span { spans.insert(span) }
            }
        }
        let all = site.sipDomains.flatMap { $0.view(network).records }
        var seen: Set<ResourceRecord> = []
        return all.filter { spans.contains($0.span) && seen.insert($0).inserted }
    }
}
