import SiteModel

/// Where the client goes after discovery found a server: the Access Edge proxies outside clients inside, a Director
/// or another pool redirects to the home pool, Autodiscover answers with the home pool's URLs, and the home pool
/// registers the user. Follows the declared `pools:`; a site without pools gets no hops.
enum Hops {
    static func follow(_ run: DiscoveryRun, population: Population, pools: [Pool]) -> DiscoveryRun {
        var run = run
        guard !pools.isEmpty, run.outcome.status != .failed, let candidate = run.outcome.candidate,
            let serverName = DNSName(candidate.hostName)
        else {
            return run
        }
        let server = serverName.description
        let network = run.network
        let home = population.settings.homePool.flatMap { pools.named($0.value) }
        var hops: [HopEvent] = []
        var registrar: Pool?
        var failure: RegistrationFailure?

        func hop(_ pool: Pool, _ action: HopEvent.Action, _ reason: HopEvent.Reason) {
            hops.append(
                HopEvent(server: pool.fqdn.description, role: pool.role.rawValue, action: action, reason: reason))
        }
        /// The client opens TLS to `pool` by its FQDN: its certificate must carry that name from a trusted CA.
        func connectCheck(_ pool: Pool) {
            guard failure == nil, let certificate = pool.certificate else { return }
            if !certificate.trustedIssuer {
                failure = .untrustedIssuer(pool)
            } else if !certificate.covers(pool.fqdn) {
                failure = .lacksName(pool)
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
                    hop(pool, .redirect, .directorRedirect(home: home))
                    hop(home, .register, .homeRegisters)
                    registrar = home
                } else {
                    hop(pool, .redirect, .directorWithoutHome)
                }
            case .frontEnd, .standard:
                if let home, home != pool {
                    hop(pool, .redirect, .notHomePool(pool, home: home))
                    hop(home, .register, .homeRegisters)
                    registrar = home
                } else {
                    hop(pool, .register, home == nil ? .assumedHome : .homeRegisters)
                    registrar = pool
                }
            case .edge:
                hop(pool, .proxy, .edgeProxies)
                arrive(at: inside(from: pool))
            }
        }

        let first = pools.reached(
            as: serverName, preferring: network == .outside ? [.edge] : [.director, .frontEnd, .standard])
        if candidate.transport == .https || candidate.transport == .http {
            // Autodiscover answers with URLs; the client then connects to what they name.
            let role = first?.role.rawValue ?? "autodiscover"
            if network == .inside {
                hops.append(
                    HopEvent(
                        server: server, role: role, action: .redirect,
                        reason: .autodiscoverInternal(answering: first, home: home)))
                if let home {
                    connectCheck(home)
                    hop(home, .register, .homeRegisters)
                    registrar = home
                }
            } else {
                let edge =
                    pools.filter { $0.role == .edge }.first { $0.region != nil && $0.region == home?.region }
                    ?? pools.first { $0.role == .edge }
                hops.append(
                    HopEvent(
                        server: server, role: role, action: .redirect,
                        reason: .autodiscoverExternal(answering: first, edge: edge)))
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
            run.notes.append(.notAmongPools(server))
        }

        run.hops = hops
        run.outcome.registrar = registrar?.fqdn
        if let failure {
            run.outcome.status = .failed
            run.outcome.reason = .registrationFailed(server: server, failure)
        }
        return run
    }
}
