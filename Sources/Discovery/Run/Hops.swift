import SiteModel

/// Where the client goes after discovery found a server: the Access Edge proxies outside clients inside, a Director
/// proxies outside clients and redirects inside ones to the home pool, another pool redirects, Autodiscover answers
/// with the home pool's URLs, and the home pool registers the user. Follows the declared `pools:`; a site without
/// pools gets no hops.
///
/// Every server the client itself connects to after discovery (a redirect's target, the pool or Edge Autodiscover
/// names) is resolved in the population's network DNS, must be reachable from it, and is judged by its certificate
/// and the client's trust rule, as discovery's own server was.
struct Hops {
    let population: Population
    let profile: ClientProfile
    let pools: [Pool]
    let view: DNSIndex
    /// Servers that resolve but do not answer (`hosts:` in the site).
    var down: [DownHost] = []

    func follow(_ run: DiscoveryRun) -> DiscoveryRun {
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
        var prompt = false

        func hop(_ pool: Pool, _ action: HopEvent.Action, _ reason: HopEvent.Reason) {
            hops.append(
                HopEvent(server: pool.fqdn.description, role: pool.role.rawValue, action: action, reason: reason))
        }
        /// The client itself connects to `pool` by its FQDN, sent there by `how`: the name must resolve in this
        /// network's DNS to an address it can reach, and the certificate must carry the name from a trusted CA.
        func connect(to pool: Pool, sentBy how: HandOff) {
            guard failure == nil else { return }
            let addresses = resolve(pool.fqdn, into: &run.events)
            guard let first = addresses.first else {
                failure = .unresolved(pool)
                return
            }
            if network == .outside, !addresses.contains(where: { !$0.isPrivate }) {
                failure = .privateAddress(pool, first)
                return
            }
            if let host = down.named(pool.fqdn) {
                failure = .noAnswer(pool, host)
                return
            }
            if let certificate = pool.certificate {
                if !certificate.trustedIssuer {
                    failure = .untrustedIssuer(pool)
                    return
                } else if !certificate.covers(pool.fqdn) {
                    failure = .lacksName(pool)
                    return
                }
            }
            // The trusted-domain rule: a server outside the SIP domain and TrustModelData.
            guard profile.trust == .trustedDomainPrompt, !pool.fqdn.isSubdomain(of: run.sipDomain),
                !(population.settings.trustedDomains?.value ?? []).contains(where: { pool.fqdn.isSubdomain(of: $0) })
            else { return }
            switch how {
            case .autodiscover:
                prompt = true
                run.notes.append(.handedServerOutsideDomain(pool.fqdn, redirected: false))
            case .redirect:
                run.notes.append(.handedServerOutsideDomain(pool.fqdn, redirected: true))
            }
        }
        /// The Edge proxies to a Director when there is one (the same region first), else to the home pool.
        func inside(from edge: Pool) -> Pool? {
            let directors = pools.filter { $0.role == .director }
            return directors.first { $0.region != nil && $0.region == edge.region } ?? directors.first ?? home
        }
        /// The client arrives at `pool`; `proxied` when it came through the Access Edge (outside).
        func arrive(at pool: Pool?, proxied: Bool) {
            guard let pool else { return }
            switch pool.role {
            case .director:
                guard let home else {
                    hop(pool, proxied ? .proxy : .redirect, .directorWithoutHome(proxies: proxied))
                    return
                }
                if proxied {
                    // Outside, the client cannot reach the pool: the Director relays its traffic there.
                    hop(pool, .proxy, .directorProxies(home: home))
                    hop(home, .register, .homeRegisters)
                } else {
                    hop(pool, .redirect, .directorRedirect(home: home))
                    hop(home, .register, .homeRegisters)
                    connect(to: home, sentBy: .redirect)
                }
                registrar = home
            case .frontEnd, .standard:
                if let home, home != pool {
                    hop(pool, proxied ? .proxy : .redirect, .notHomePool(pool, home: home, proxies: proxied))
                    hop(home, .register, .homeRegisters)
                    if !proxied { connect(to: home, sentBy: .redirect) }
                    registrar = home
                } else {
                    hop(pool, .register, home == nil ? .assumedHome : .homeRegisters)
                    registrar = pool
                }
            case .edge:
                hop(pool, .proxy, .edgeProxies)
                arrive(at: inside(from: pool), proxied: true)
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
                    hop(home, .register, .homeRegisters)
                    connect(to: home, sentBy: .autodiscover)
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
                    connect(to: edge, sentBy: .autodiscover)
                    arrive(at: edge, proxied: false)
                }
            }
        } else if let first {
            arrive(at: first, proxied: false)
        } else {
            run.notes.append(.notAmongPools(server))
        }

        run.hops = hops
        run.outcome.registrar = registrar?.fqdn
        if let failure {
            run.outcome.status = .failed
            run.outcome.reason = .registrationFailed(server: server, failure)
        } else if prompt, run.outcome.status == .connected {
            run.outcome.status = .prompt
        }
        return run
    }

    /// How the client was sent to a server after discovery.
    enum HandOff {
        /// Autodiscover's answer named it.
        case autodiscover
        /// A Director or another pool redirected the client to it.
        case redirect
    }

    /// Follows CNAMEs and collects addresses, adding a lookup event for each query.
    func resolve(_ name: DNSName, into events: inout [DiscoveryEvent]) -> [ResolvedAddress] {
        var resolution = Resolution(view: view)
        let addresses = resolution.resolve(name, purpose: nil)
        events += resolution.events
        return addresses
    }
}
