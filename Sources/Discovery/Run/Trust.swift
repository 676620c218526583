import SiteModel

extension Walk {
    /// The client reached `address`: does it accept the server? One evaluation of the declared certificate and the
    /// profile's `TrustRule`, recorded as a connection event with its decision.
    mutating func trust(_ candidate: Candidate, address: ResolvedAddress) -> Attempt {
        // SIP over TCP has no certificate, and neither has Autodiscover's first request over HTTP (port 80): "No
        // certificate changes are required if the initial query ... occurs over port 80" (Lync Server 2013,
        // "Autodiscover service requirements").
        var certificateNames: [String]? =
            candidate.transport == .tcp || candidate.transport == .http ? nil : [candidate.hostName]
        let sipDomain = self.sipDomain
        let decide = { (decision: ConnectionDecision) in
            ConnectionEvent(candidate: candidate, address: address, decision: decision, sipDomain: sipDomain)
        }
        func success(_ decision: ConnectionDecision, status: DiscoveryOutcome.Status = .connected) -> Attempt {
            let event = decide(decision)
            events.append(.connection(event))
            return .success(
                DiscoveryOutcome(
                    status: status, connection: event, reason: .connected, certificateNames: certificateNames))
        }
        func refuse(_ decision: ConnectionDecision) -> Attempt {
            let event = decide(decision)
            events.append(.connection(event))
            return .failure(.rejected(event))
        }

        // Lync Server 2010 and later do not listen on TCP 5060 by default ("Lync Server no longer uses TCP port
        // 5060": Lync Server 2013, "Ports and protocols for internal servers"): a declared pool takes TCP only when
        // the site lists it in the pool's `transports`.
        if candidate.transport == .tcp, case .name(let host) = candidate.host,
            let pool = pools.reached(as: host) ?? canonicalName.flatMap({ pools.reached(as: $0) }),
            !pool.transports.contains(.tcp)
        {
            return refuse(.tcpNotOffered(pool))
        }
        // A declared certificate decides what TLS alone would: does the server prove the name the client asked for?
        var declared: Pool?
        if case .name(let host) = candidate.host, candidate.transport != .tcp, candidate.transport != .http {
            let pool =
                pools.reached(as: host, preferring: network == .outside ? [.edge] : [.director, .frontEnd, .standard])
                ?? canonicalName.flatMap { pools.reached(as: $0) }
            if let pool, let certificate = pool.certificate {
                declared = pool
                guard certificate.trustedIssuer else { return refuse(.certificate(.untrustedIssuer(pool))) }
                guard certificate.covers(host) else { return refuse(.certificate(.lacksConnectedName(pool))) }
            }
        }
        // The client checks the certificate against the name it connected to (InsideOCS, "Making Office
        // Communicator sign-in work, part 2": the subject must match the FQDN the client connects to); an address
        // is not a name a certificate carries.
        if candidate.transport == .tls, !candidate.host.isName { return refuse(.addressCannotProveName) }
        guard case .lookup(_, let kind) = candidate.via, case .name(let host) = candidate.host else {
            return success(.configuredServer)
        }
        if kind == .autodiscover {
            // Clients that only ask Autodiscover have nothing left to query ("There is no fallback to the other
            // record types": Lync Server 2013, "DNS requirements for automatic client sign-in").
            let only = variant.lookups.allSatisfy { $0.kind == .autodiscover }
            notes.append(only ? .autodiscoverOnly : .autodiscoverFavoured)
            if candidate.transport == .https, let target = canonicalName, target != host,
                !target.isSubdomain(of: sipDomain)
            {
                notes.append(.autodiscoverAliasOtherDomain(name: host, target: target))
            }
            return success(.autodiscover(scheme: candidate.transport == .http ? "http" : "https", answering: declared))
        }
        switch profile.trust {
        case .strictDnsNaming:
            guard candidate.transport == .tls else { return success(.tcpNotChecked) }
            let strict = population.settings.strictDnsNaming.value
            let sipName = sipDomain.prepending("sip")
            let accepted = strict ? [sipDomain, sipName] : []
            let matchesByName = strict ? accepted.contains(host) : host.isSubdomain(of: sipDomain)
            if let pool = declared, let certificate = pool.certificate, !matchesByName {
                // The certificate is declared: check the name strict naming needs instead of stating it.
                let proves =
                    strict
                    ? accepted.contains { certificate.covers($0) }
                    : certificate.names.contains { $0.name.isSubdomain(of: sipDomain) }
                guard proves else { return refuse(.strictNamingRefused(pool, strict: strict)) }
                certificateNames = [candidate.hostName, sipName.description]
                return success(.certificateProves(strict: strict))
            }
            if matchesByName { return success(.nameSatisfies(strict: strict)) }
            certificateNames = [candidate.hostName, sipName.description]
            if !host.isSubdomain(of: sipDomain) { notes.append(.crossNamespace(host: host, sipDomain: sipDomain)) }
            return success(.mustPresent(strict: strict))
        case .trustedDomainPrompt:
            let trustedList = population.settings.trustedDomains?.value ?? []
            if host.isSubdomain(of: sipDomain) { return success(.inSIPDomain) }
            if let trusted = trustedList.first(where: { host.isSubdomain(of: $0) }) {
                notes.append(.trustModelReplacesBuiltIn(builtIn: profile.builtInTrustedDomains?.domains ?? []))
                return success(.inTrustedDomain(trusted))
            }
            let suggestion = host.parent?.description ?? candidate.hostName
            let attempt = success(.untrustedDomainPrompt, status: .prompt)
            notes.append(.addTrustedDomain(suggestion, listExists: !trustedList.isEmpty))
            return attempt
        }
    }
}

extension ServerAddress.Host {
    /// True for a DNS name, false for an IPv4 or IPv6 address.
    var isName: Bool {
        if case .name = self { return true }
        return false
    }
}
