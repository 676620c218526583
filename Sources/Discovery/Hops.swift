import SiteModel

/// Where the client goes after discovery found a server: the Access Edge proxies outside clients inside, a Director
/// or another pool redirects to the home pool, Autodiscover answers with the home pool's URLs, and the home pool
/// registers the user. Follows the declared `pools:`; a site without pools gets no hops.
enum Hops {
    static func follow(_ trace: DiscoveryTrace, population: Population, pools: [Pool]) -> DiscoveryTrace {
        var trace = trace
        guard !pools.isEmpty, trace.outcome.status != .failed, let server = trace.outcome.server,
            let serverName = DNSName(server)
        else {
            return trace
        }
        let network = trace.network
        let home = population.settings.homePool.flatMap { pools.named($0.value) }
        var hops: [Hop] = []
        var registrar: Pool?
        var failure: String?

        func hop(_ pool: Pool, _ action: Hop.Action, _ reason: String) {
            hops.append(Hop(server: pool.fqdn.description, role: pool.role.rawValue, action: action, reason: reason))
        }
        /// The client opens TLS to `pool` by its FQDN: its certificate must carry that name from a trusted CA.
        func connectCheck(_ pool: Pool) {
            guard failure == nil, let certificate = pool.certificate else { return }
            if !certificate.trustedIssuer {
                failure =
                    "the certificate of \(pool.label) is issued by a CA the client does not trust (\(certificate.span))"
            } else if !certificate.covers(pool.fqdn) {
                failure =
                    "the certificate of \(pool.label) does not carry \(pool.fqdn), the name the client connects to (\(certificate.span))"
            }
        }
        /// The Edge proxies to a Director when there is one (the same region first), else to the home pool.
        func inside(from edge: Pool) -> Pool? {
            let directors = pools.filter { $0.role == .director }
            return directors.first { $0.region != nil && $0.region == edge.region } ?? directors.first ?? home
        }
        func arrive(at pool: Pool?) {
            guard let pool else { return }
            switch pool.role {
            case .director:
                if let home {
                    hop(
                        pool, .redirect,
                        "the Director authenticates the user and redirects the client to the home pool \(home.fqdn)\(region(home))"
                    )
                    hop(home, .register, "the home pool registers the user")
                    registrar = home
                } else {
                    hop(
                        pool, .redirect,
                        "the Director redirects the client to the user's home pool, which the site does not declare ('homePool')"
                    )
                }
            case .frontEnd, .standard:
                if let home, home != pool {
                    hop(
                        pool, .redirect,
                        "\(pool.label) is not the user's home pool: it redirects the client to \(home.fqdn)\(region(home))"
                    )
                    hop(home, .register, "the home pool registers the user")
                    registrar = home
                } else {
                    hop(
                        pool, .register,
                        home == nil
                            ? "the pool registers the user (no 'homePool' declared, so sipgpo assumes this is it)"
                            : "the home pool registers the user")
                    registrar = pool
                }
            case .edge:
                hop(pool, .proxy, "the Access Edge accepts the client outside the firewall and proxies it inside")
                arrive(at: inside(from: pool))
            }
        }

        let first = pools.reached(
            as: serverName, preferring: network == .outside ? [.edge] : [.director, .frontEnd, .standard])
        if trace.outcome.transport == Transport.https.rawValue || trace.outcome.transport == Transport.http.rawValue {
            // Autodiscover answers with URLs; the client then connects to what they name.
            let answering = first.map { " (\($0.label))" } ?? ""
            if network == .inside {
                hops.append(
                    Hop(
                        server: server, role: first?.role.rawValue ?? "autodiscover", action: .redirect,
                        reason:
                            "Autodiscover\(answering) answers with the home pool's internal URLs\(home.map { ": \($0.fqdn)" } ?? "")"
                    ))
                if let home {
                    connectCheck(home)
                    hop(home, .register, "the home pool registers the user")
                    registrar = home
                }
            } else {
                let edge =
                    pools.filter { $0.role == .edge }.first { $0.region != nil && $0.region == home?.region }
                    ?? pools.first { $0.role == .edge }
                hops.append(
                    Hop(
                        server: server, role: first?.role.rawValue ?? "autodiscover", action: .redirect,
                        reason:
                            "Autodiscover\(answering) answers with the home pool's external URLs and the Access Edge\(edge.map { " \($0.fqdn)" } ?? "")"
                    ))
                if let edge {
                    connectCheck(edge)
                    arrive(at: edge)
                }
            }
        } else if let first {
            arrive(at: first)
            // Inside, a redirect makes the client open a new connection to the home pool itself.
            if network == .inside, let registrar, registrar != first { connectCheck(registrar) }
        } else {
            trace.notes.append("\(server) is not among the declared pools, so sipgpo cannot follow the client further")
        }

        trace.hops = hops
        trace.outcome.registrar = registrar?.fqdn.description
        if let registrar, trace.outcome.reason.hasSuffix("the home pool it names") {
            trace.outcome.reason += ", \(registrar.fqdn)"
        }
        if let failure {
            trace.outcome.status = .failed
            trace.outcome.reason = "discovery reached \(server), but registration fails: \(failure)"
        }
        return trace
    }

    private static func region(_ pool: Pool) -> String { pool.region.map { " in \($0)" } ?? "" }
}
