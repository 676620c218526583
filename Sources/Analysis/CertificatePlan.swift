import Discovery
import SiteModel

/// The names each declared server's certificate must carry for the site's SIP domains and clients, derived from
/// the discovery runs: every name a client connects to it by, `sip.<sipdomain>` where strict DNS naming applies, and the
/// Access Edge's `sip.<sipdomain>` for every SIP domain. Compared with the declared certificates.
public struct CertificatePlan: Sendable {
    public struct Need: Hashable, Sendable {
        public var name: String
        public var isSubject: Bool
        /// Why, in one phrase each, deduplicated and sorted.
        public var reasons: [String]
        /// nil when the site declares no certificate for the server.
        public var onCertificate: Bool?
    }

    public struct Server: Sendable {
        public var pool: Pool
        public var needs: [Need]

        public var missing: [Need] { needs.filter { $0.onCertificate == false } }
    }

    public var servers: [Server]

    public static func compute(site: Site, runs: [DiscoveryRun], clients: ClientCatalog) -> CertificatePlan {
        var reasons: [DNSName: [String: Set<String>]] = [:]  // pool → name → reasons
        func need(_ pool: Pool, _ name: String, _ reason: String) {
            reasons[pool.fqdn, default: [:]][name.lowercased(), default: []].insert(reason)
        }
        for pool in site.pools {
            need(
                pool, pool.fqdn.description,
                "its own name: the subject, and the name other servers and redirected clients use")
        }
        let sipDomains = Set(site.populations.map(\.settings.sipDomain.value))
        for edge in site.pools where edge.role == .edge {
            for domain in sipDomains.sorted() {
                need(
                    edge, domain.prepending("sip").description,
                    "the Access Edge needs sip.<sipdomain> for every SIP domain it serves")
            }
        }
        for run in runs {
            let strict = clients[run.client]?.trust == .strictDnsNaming
            var lastResolved: DNSName?
            for event in run.events {
                switch event {
                case .lookup(let lookup):
                    if lookup.isAddressLookup, lookup.found { lastResolved = lookup.name }
                case .connection(let connection):
                    let transport = connection.candidate.transport
                    guard transport == .tls || transport == .https, connection.result != .unreachable,
                        case .name(let hostName) = connection.candidate.host
                    else { continue }
                    let host = hostName.description
                    let roles: [PoolRole] = run.network == .outside ? [.edge] : [.director, .frontEnd, .standard]
                    guard
                        let pool = site.pools.reached(as: hostName, preferring: roles)
                            ?? lastResolved.flatMap({ site.pools.reached(as: $0) })
                    else { continue }
                    let how = transport == .https ? "Autodiscover" : "discovery"
                    need(pool, host, "\(run.client) clients \(run.network) connect to it as \(host) (\(how))")
                    if strict, transport == .tls, run.signIn == .automatic {
                        let domain = run.sipDomain
                        let sip = domain.prepending("sip")
                        if hostName != domain, hostName != sip {
                            need(
                                pool, sip.description,
                                "strict DNS naming: \(run.client) accepts the first server only if it proves \(sip) or \(domain)"
                            )
                        }
                    }
                }
            }
            for hop in run.hops where hop.action == .register || run.network == .inside {
                guard let name = DNSName(hop.server), let pool = site.pools.named(name) else { continue }
                need(pool, hop.server, "clients are sent to it by name (\(hop.action.rawValue))")
            }
        }
        let servers = site.pools.map { pool -> Server in
            let names = reasons[pool.fqdn] ?? [:]
            let needs = names.keys.sorted { lhs, rhs in
                (lhs != pool.fqdn.description ? 1 : 0, lhs) < (rhs != pool.fqdn.description ? 1 : 0, rhs)
            }.map { name in
                Need(
                    name: name, isSubject: name == pool.fqdn.description, reasons: names[name]!.sorted(),
                    onCertificate: pool.certificate.map { certificate in DNSName(name).map(certificate.covers) ?? false
                    })
            }
            return Server(pool: pool, needs: needs)
        }
        return CertificatePlan(servers: servers)
    }
}
