import LiveDNS
import SiteModel

/// Everything the probe's queries came back with, as the lookup table lists them, and the DNS view they make.
public struct LiveAnswers: Sendable {
    /// The file name of a record's span: `dns:ROW:1` points at row ROW of the lookup table.
    public static let spanFile = "dns"

    /// In the order asked; row N of the table is `responses[N - 1]`.
    public var responses: [DNSResponse]

    public init(responses: [DNSResponse]) { self.responses = responses }

    /// Every record of every answer once (a CNAME comes back for A and for AAAA), each pointing at the first row
    /// that returned it.
    public var records: [ResourceRecord] {
        var out: [ResourceRecord] = []
        var seen: Set<RecordKey> = []
        for (row, response) in responses.enumerated() {
            for record in response.records where seen.insert(RecordKey(name: record.name, data: record.data)).inserted {
                out.append(
                    ResourceRecord(
                        name: record.name, ttl: record.ttl, data: record.data,
                        span: SourceSpan(file: Self.spanFile, line: row + 1, column: 1)))
            }
        }
        return out
    }

    /// The questions that failed (SERVFAIL, REFUSED, timeout, error): nothing is known about those names.
    public var failed: [DNSResponse] { responses.filter(\.status.isFailure) }

    /// The questions asked and answered (found, or authoritatively absent).
    public var answered: Set<DNSQuestion> {
        Set(responses.filter { !$0.status.isFailure }.map(\.question))
    }

    public var asked: Set<DNSQuestion> { Set(responses.map(\.question)) }

    struct RecordKey: Hashable {
        var name: DNSName
        var data: RecordData
    }
}

/// The site the probe simulates when no site is given: one population per SIP domain and client version, signing
/// in automatically on the network probed, with what DNS answered as that network's DNS.
public enum ProbeSite {
    public static let file = "probe"

    public static func synthesize(
        domains: [DNSName], profiles: [ClientProfile], network: NetworkLocation, records: [ResourceRecord],
        pools: [Pool] = []
    ) -> Site {
        let span = SourceSpan(file: file, line: 1, column: 1)
        let sipDomains = domains.enumerated().map { index, domain in
            // One network has one namespace: every record goes into the first domain's view.
            let view = DNSView(records: index == 0 ? records : [])
            let empty = DNSView(records: [])
            return SIPDomain.make(
                name: domain, inside: network == .inside ? view : empty, outside: network == .outside ? view : empty,
                span: span)
        }
        var populations: [Population] = []
        for domain in domains {
            for profile in profiles {
                // Profile ids and host labels hold no character a DN escapes.
                let text = (["OU=\(profile.id)"] + domain.labels.map { "DC=\($0)" }).joined(separator: ",")
                guard case .success(let ou) = DistinguishedName.parse(text) else { continue }
                let settings = EffectiveSettings.make(
                    client: Sourced(profile.id, from: .builtIn), sipDomain: Sourced(domain, from: .builtIn),
                    signIn: Sourced(.automatic, from: .builtIn), strictDnsNaming: Sourced(true, from: .builtIn),
                    scope: Sourced(.user, from: .builtIn))
                populations.append(
                    Population.make(
                        name: populationName(domain: domain, client: profile.id), ou: ou,
                        forest: domain, settings: settings, span: span))
            }
        }
        return Site.make(name: "probe", file: file, sipDomains: sipDomains, populations: populations, pools: pools)
    }

    /// "contoso.com lync-2013".
    public static func populationName(domain: DNSName, client: String) -> String { "\(domain) \(client)" }

    /// The site with one network's DNS replaced by `records` (one namespace per network, so all of them go into the
    /// first SIP domain's view).
    public static func replacingDNS(of site: Site, network: NetworkLocation, with records: [ResourceRecord]) -> Site {
        var site = site
        for index in site.sipDomains.indices {
            let view = DNSView(records: index == 0 ? records : [])
            switch network {
            case .inside: site.sipDomains[index].inside = view
            case .outside: site.sipDomains[index].outside = view
            }
        }
        return site
    }
}
