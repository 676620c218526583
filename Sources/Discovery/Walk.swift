import SiteModel

/// One run of a client's discovery on one network, collecting steps and notes as it goes.
struct Walk {
    let population: Population
    let domain: SIPDomain
    let profile: ClientProfile
    let variant: DiscoveryVariant
    let network: NetworkLocation
    /// What this network's DNS answers, across every SIP domain of the site.
    let view: DNSIndex
    /// The servers the site declares, with their certificates.
    let pools: [Pool]
    /// The last name a resolution ended on after following CNAMEs.
    private var canonicalName: DNSName?
    var steps: [DiscoveryStep] = []
    var notes: [String] = []

    init(
        population: Population, domain: SIPDomain, profile: ClientProfile, variant: DiscoveryVariant,
        network: NetworkLocation, dns: DNSIndex,
        pools: [Pool]
    ) {
        self.pools = pools
        self.population = population
        self.domain = domain
        self.profile = profile
        self.variant = variant
        self.network = network
        self.view = dns
    }
    var sipDomain: DNSName { domain.name }

    /// A server the client tries, and how it got there.
    struct Candidate {
        var host: ServerAddress.Host
        var port: Int
        var transport: Transport
        /// The lookup that produced it (`_sip._tls.contoso.com`), or `manual`.
        var via: String
        var kind: DiscoveryLookup.Kind?
    }

    enum Attempt {
        case success(Outcome)
        case failure(String)
    }

    mutating func run() -> Outcome {
        switch population.settings.signIn.value {
        case .automatic: automatic()
        case .manual(let manual): self.manual(manual)
        }
    }

    // MARK: automatic configuration

    private mutating func automatic() -> Outcome {
        var foundSRV = false
        var failures: [CandidateFailure] = []
        for lookup in variant.lookups {
            if lookup.kind == .host, variant.hostFallback == .onlyWithoutSRV, foundSRV { break }
            let name = lookup.kind == .srv ? serviceName(lookup.name) : sipDomain.prepending(lookup.name)
            switch lookup.kind {
            case .srv:
                let records = view.records(named: name, type: .srv).sorted(by: Self.srvOrder)
                guard let first = records.first, case .srv = first.data else {
                    steps.append(
                        DiscoveryStep(
                            lookup: name.description, type: "SRV", result: .notFound,
                            detail: "no SRV record \(name) in the \(network) DNS"))
                    continue
                }
                foundSRV = true
                noteInternalRecordOutside(name, lookup: lookup.name)
                let answers = records.map { record -> String in
                    guard case .srv(_, _, let port, let target) = record.data else { return "" }
                    return "\(target):\(port)"
                }
                steps.append(
                    DiscoveryStep(
                        lookup: name.description, type: "SRV", result: .found, answer: answers.joined(separator: ", "),
                        detail: "SRV \(name) points to \(answers.joined(separator: ", "))", span: first.span))
                if let condition = lookup.condition {
                    notes.append("the \(lookup.name) query is made \(condition) (\(variant.sources.first ?? ""))")
                }
                if records.count > 1 {
                    notes.append(
                        "\(name) has \(records.count) records; the client takes the lowest priority first, and among equal priorities the weights spread the load (sipgpo lists the highest weight first)"
                    )
                }
                // Communicator-era clients use the first record returned; later clients try the others too.
                let tried = variant.onFoundRecordFailure == .stop ? Array(records.prefix(1)) : records
                for record in tried {
                    guard case .srv(_, _, let port, let target) = record.data else { continue }
                    if target == .root {
                        failures.append(
                            CandidateFailure(
                                kind: .srv, name: name, reason: "\(name) says the service is not available (target '.')"
                            ))
                        continue
                    }
                    checkSameDomain(srv: name, target: target)
                    let candidate = Candidate(
                        host: .name(target), port: port, transport: lookup.transport, via: name.description, kind: .srv)
                    switch attempt(candidate) {
                    case .success(let outcome):
                        if let note = lookup.note { notes.append("\(name): \(note)") }
                        noteEarlierFailures(failures)
                        return outcome
                    case .failure(let reason): failures.append(CandidateFailure(kind: .srv, name: name, reason: reason))
                    }
                }
                if variant.onFoundRecordFailure == .stop {
                    let internalOutside = network == .outside && lookup.name.hasPrefix("_sipinternal")
                    return failed(
                        "\(failures.last?.reason ?? "its target cannot be used"); \(profile.displayName) uses the first SRV record it finds and does not try any other record",
                        advice: internalOutside
                            ? "remove \(name) from the outside DNS so the client goes on to the external records" : nil)
                }
            case .host, .autodiscover:
                let candidate = Candidate(
                    host: .name(name), port: lookup.port ?? 443, transport: lookup.transport, via: name.description,
                    kind: lookup.kind)
                let empty = emptyLookupsBefore()
                switch attempt(candidate) {
                case .success(var outcome):
                    noteInternalRecordOutside(name, lookup: lookup.name)
                    noteEarlierFailures(failures)
                    if let note = lookup.note { notes.append("\(name): \(note)") }
                    if lookup.kind == .host {
                        let srvEmpty = empty.filter { $0.hasPrefix("_") }
                        let hostsEmpty = empty.filter { !$0.hasPrefix("_") && !$0.hasPrefix("lyncdiscover") }
                        var why =
                            foundSRV
                            ? "the SRV records found could not be used"
                            : srvEmpty.isEmpty ? "" : "no DNS SRV records exist for domain \(sipDomain)"
                        if !hostsEmpty.isEmpty {
                            why +=
                                (why.isEmpty ? "" : " and ") + "\(hostsEmpty.joined(separator: ", ")) did not resolve"
                        }
                        if !why.isEmpty { outcome.reason += "; \(name) wins because \(why)" }
                    }
                    return outcome
                case .failure(let reason):
                    failures.append(CandidateFailure(kind: lookup.kind, name: name, reason: reason))
                    // A host that resolved but could not be used ends discovery for clients that stop at the first match.
                    if variant.onFoundRecordFailure == .stop, steps.last?.result != .notFound {
                        return failed(
                            "\(reason); \(profile.displayName) stops at the first name that resolves", advice: nil)
                    }
                }
            }
        }
        return failed(exhaustedReason(foundSRV: foundSRV, failures: failures), advice: nil)
    }

    /// `_sip._tls` + `contoso.com`.
    private func serviceName(_ service: String) -> DNSName {
        service.split(separator: ".").reversed().reduce(sipDomain) { $0.prepending(String($1)) }
    }

    /// Lowest priority first; among equal priorities the highest weight, then by name so the order is stable.
    static func srvOrder(_ lhs: ResourceRecord, _ rhs: ResourceRecord) -> Bool {
        guard case .srv(let lp, let lw, let lport, let lt) = lhs.data,
            case .srv(let rp, let rw, let rport, let rt) = rhs.data
        else { return false }
        return (lp, -lw, lt.description, lport) < (rp, -rw, rt.description, rport)
    }

    /// A candidate that was found (or looked for) and could not be used, and why.
    struct CandidateFailure {
        var kind: DiscoveryLookup.Kind
        var name: DNSName
        var reason: String
        /// The name did not resolve at all, as opposed to resolving to something unusable.
        var isUnresolved: Bool { reason.hasPrefix("unable to resolve") }
    }

    /// Why discovery ran out of candidates, in the order the client tried them, as the event log would say it.
    private func exhaustedReason(foundSRV: Bool, failures: [CandidateFailure]) -> String {
        var parts: [String] = []
        let kinds = Set(variant.lookups.map(\.kind))
        if kinds.contains(.autodiscover) {
            let autodiscover = failures.filter { $0.kind == .autodiscover }
            let unresolved = autodiscover.filter(\.isUnresolved).map(\.name.description)
            parts += autodiscover.filter { !$0.isUnresolved }.map(\.reason)
            if !unresolved.isEmpty {
                parts.append("unable to resolve \(unresolved.joined(separator: ", ")) (Autodiscover)")
            }
            if kinds == [.autodiscover] {
                parts.append("\(profile.displayName) has no fallback to SRV or A records")
            }
        }
        if kinds.contains(.srv) {
            if foundSRV {
                parts += failures.filter { $0.kind == .srv }.map(\.reason)
            } else {
                parts.append("no DNS SRV records exist for domain \(sipDomain)")
            }
        }
        if kinds.contains(.host), !(foundSRV && variant.hostFallback == .onlyWithoutSRV) {
            let hosts = failures.filter { $0.kind == .host }
            parts += hosts.filter { !$0.isUnresolved }.map(\.reason)
            var unresolved: [String] = []
            for failure in hosts where failure.isUnresolved && !unresolved.contains(failure.name.description) {
                unresolved.append(failure.name.description)
            }
            if !unresolved.isEmpty { parts.append("unable to resolve \(unresolved.joined(separator: ", "))") }
        }
        return parts.joined(separator: "; ")
    }

    // MARK: manual configuration

    private mutating func manual(_ manual: ManualSignIn) -> Outcome {
        notes.append(
            "manual sign-in: the client makes no SRV or Autodiscover lookups and trusts the servers it is given")
        var failures: [String] = []
        let internalPort = manual.internalServer.port ?? (manual.transport == .tcp ? 5060 : 5061)
        let servers =
            [(manual.internalServer, internalPort, "internal")]
            + (manual.externalServer.map { [($0, $0.port ?? 443, "external")] } ?? [])
        for (server, port, role) in servers {
            let candidate = Candidate(
                host: server.host, port: port, transport: manual.transport, via: "manual", kind: nil)
            switch attempt(candidate, span: server.span) {
            case .success(var outcome):
                outcome.reason = "the \(role) server is configured by policy and \(outcome.reason)"
                return outcome
            case .failure(let reason):
                failures.append("\(role) server: \(reason)")
            }
        }
        if manual.externalServer == nil, network == .outside {
            return failed(
                failures.joined(separator: "; ") + "; no external server is configured",
                advice: "set 'externalServer' to the Access Edge, such as sip.\(sipDomain)")
        }
        return failed(failures.joined(separator: "; "), advice: nil)
    }

    // MARK: one candidate

    private mutating func attempt(_ candidate: Candidate, span: SourceSpan? = nil) -> Attempt {
        let hostName: String
        let addresses: [ResolvedAddress]
        switch candidate.host {
        case .name(let name):
            hostName = name.description
            canonicalName = nil
            addresses = resolve(name, purpose: candidate.kind == .autodiscover ? "Autodiscover" : nil)
            if addresses.isEmpty { return .failure("unable to resolve \(name)") }
        case .ipv4(let address):
            hostName = address.description
            addresses = [ResolvedAddress(text: address.description, isPrivate: address.isPrivate, span: span)]
        case .ipv6(let address):
            hostName = address.description
            addresses = [ResolvedAddress(text: address.description, isPrivate: address.isPrivate, span: span)]
        }
        let endpoint = "\(hostName):\(candidate.port)"

        // The Edge accepts only TLS from outside; SIP over TCP goes nowhere there.
        if network == .outside, candidate.transport == .tcp {
            steps.append(
                DiscoveryStep(
                    lookup: endpoint, type: "TCP", result: .unreachable, answer: addresses[0].text,
                    detail: "TCP is refused from outside: the Edge accepts only TLS", address: addresses[0].text))
            return .failure("\(endpoint) would need TCP, and the Edge accepts only TLS from outside")
        }
        // Lync 2013 and later fail over between the addresses of a pool; earlier clients use the first only.
        let usable =
            variant.onFoundRecordFailure == .advance || candidate.kind == nil ? addresses : Array(addresses.prefix(1))
        guard let address = usable.first(where: { network == .inside || !$0.isPrivate }) else {
            let first = usable[0]
            steps.append(
                DiscoveryStep(
                    lookup: endpoint, type: candidate.transport.rawValue, result: .unreachable, answer: first.text,
                    detail:
                        "\(first.text) is a private address (RFC 1918); a client outside the firewall cannot reach it",
                    span: first.span, address: first.text))
            return .failure(
                "\(hostName) resolves to the private address \(first.text), which cannot be reached from outside")
        }
        return trust(candidate, hostName: hostName, endpoint: endpoint, address: address)
    }

    private mutating func trust(_ candidate: Candidate, hostName: String, endpoint: String, address: ResolvedAddress)
        -> Attempt
    {
        var outcome = Outcome(
            status: .connected, server: hostName, port: candidate.port, transport: candidate.transport.rawValue,
            via: candidate.via, reason: "",
            certificateNames: candidate.transport == .tcp ? nil : [hostName])
        let connect = { (result: DiscoveryStep.Result, detail: String) in
            DiscoveryStep(
                lookup: endpoint, type: candidate.transport.rawValue, result: result, answer: address.text,
                detail: detail, span: address.span, address: address.text)
        }
        // A refusal because of a declared certificate points at the certificate, where the fix is.
        let refuse = { (certificate: Certificate, detail: String) in
            DiscoveryStep(
                lookup: endpoint, type: candidate.transport.rawValue, result: .refused, answer: address.text,
                detail: detail, span: certificate.span, address: address.text)
        }
        let reached = "the client reaches \(hostName) at \(address.text) over \(candidate.transport.rawValue)"
        // A declared certificate decides what TLS alone would: does the server prove the name the client asked for?
        var declared: (pool: Pool, certificate: Certificate)?
        if case .name(let host) = candidate.host, candidate.transport != .tcp, candidate.transport != .http {
            let pool =
                pools.reached(as: host, preferring: network == .outside ? [.edge] : [.director, .frontEnd, .standard])
                ?? canonicalName.flatMap { pools.reached(as: $0) }
            if let pool, let certificate = pool.certificate {
                declared = (pool, certificate)
                guard certificate.trustedIssuer else {
                    steps.append(
                        refuse(
                            certificate, "the certificate of \(pool.fqdn) is issued by a CA the client does not trust"))
                    return .failure("the certificate of \(pool.label) is issued by a CA the client does not trust")
                }
                guard certificate.covers(host) else {
                    steps.append(
                        refuse(
                            certificate,
                            "the certificate of \(pool.fqdn) does not carry \(hostName), the name the client connected to"
                        ))
                    return .failure(
                        "the certificate of \(pool.label) does not carry \(hostName), the name the client connected to (\(site(certificate.span)))"
                    )
                }
            }
        }
        guard candidate.kind != nil, case .name(let host) = candidate.host else {
            steps.append(
                connect(.connected, "connects to \(endpoint) (\(address.text)); a configured server is trusted"))
            outcome.reason = "\(reached)"
            return .success(outcome)
        }
        if candidate.kind == .autodiscover {
            let scheme = candidate.transport == .http ? "http" : "https"
            steps.append(
                connect(
                    .connected,
                    "asks the Autodiscover service at \(scheme)://\(hostName) for the user's home pool\(declared.map { " (\($0.pool.label) answers)" } ?? "")"
                ))
            outcome.reason =
                "Autodiscover answers at \(hostName) (\(address.text)); the client registers with the home pool it names"
            notes.append(
                "Autodiscover is always favoured; the SRV and A records are only used if lyncdiscover does not resolve or respond, so they were not queried"
            )
            return .success(outcome)
        }
        switch profile.trust {
        case .strictDnsNaming:
            guard candidate.transport == .tls else {
                steps.append(
                    connect(.connected, "connects to \(endpoint) over TCP; strict DNS naming applies only to TLS"))
                outcome.reason =
                    "\(reached); strict DNS naming applies only to TLS, so the server's name is not checked"
                return .success(outcome)
            }
            let strict = population.settings.strictDnsNaming.value
            let sipName = sipDomain.prepending("sip")
            let accepted = strict ? [sipDomain, sipName] : []
            let matchesByName = strict ? accepted.contains(host) : host.isSubdomain(of: sipDomain)
            if let (pool, certificate) = declared, !matchesByName {
                // The certificate is declared: check the name strict naming needs instead of stating it.
                let proves =
                    strict
                    ? accepted.contains { certificate.covers($0) }
                    : certificate.names.contains { $0.name.isSubdomain(of: sipDomain) }
                guard proves else {
                    let needed = strict ? "neither \(sipName) nor \(sipDomain)" : "no name under \(sipDomain)"
                    steps.append(
                        refuse(certificate, "strict DNS naming: the certificate of \(pool.fqdn) carries \(needed)"))
                    return .failure(
                        "strict DNS naming: the certificate of \(pool.label) carries \(needed) (\(site(certificate.span))); add \(sipName) to it\(strict ? "" : " or another name under \(sipDomain)")"
                    )
                }
                steps.append(
                    connect(
                        .connected,
                        "\(hostName)'s certificate carries \(strict ? sipName.description : "a name under \(sipDomain)"), as \(strict ? "strict DNS naming" : "suffix matching") requires"
                    ))
                outcome.certificateNames = [hostName, sipName.description]
                outcome.reason =
                    "\(reached); its certificate carries \(sipName), as \(strict ? "strict DNS naming" : "suffix matching") requires"
                return .success(outcome)
            }
            if matchesByName {
                steps.append(
                    connect(
                        .connected,
                        "\(hostName) satisfies \(strict ? "strict DNS naming" : "suffix matching") for \(sipDomain) by its own name"
                    ))
                outcome.reason =
                    "\(reached); its name satisfies \(strict ? "strict DNS naming" : "suffix matching (DisableStrictDNSNaming)")"
            } else {
                let needed = strict ? sipName.description : "a name under \(sipDomain) (such as \(sipName))"
                outcome.certificateNames = [hostName, sipName.description]
                steps.append(
                    connect(
                        .connected,
                        "\(hostName) must present \(needed) on its certificate (\(strict ? "strict DNS naming" : "suffix matching"))"
                    ))
                outcome.reason =
                    "\(reached), provided its certificate also carries \(needed): \(strict ? "strict DNS naming accepts only \(sipDomain) or \(sipName)" : "suffix matching accepts names under \(sipDomain)")"
                if !host.isSubdomain(of: sipDomain) {
                    notes.append(
                        "\(hostName) is outside \(sipDomain): Microsoft's OCS examples accept such a pool when its certificate carries \(sipName), but Jeff Schertz reports that automatic configuration across namespaces does not work, even without strict naming (http://blog.schertz.name/2013/08/lync-phone-edition-cu7-registration-issues/)"
                    )
                }
            }
            return .success(outcome)
        case .trustedDomainPrompt:
            let trustedList = population.settings.trustedDomains?.value ?? []
            if host.isSubdomain(of: sipDomain) {
                steps.append(
                    connect(.connected, "\(hostName) is in the SIP domain \(sipDomain), so the client trusts it"))
                outcome.reason = "\(reached); the server is in the SIP domain, so it is trusted"
            } else if let trusted = trustedList.first(where: { host.isSubdomain(of: $0) }) {
                steps.append(connect(.connected, "\(hostName) is in \(trusted), a trusted domain (TrustModelData)"))
                outcome.reason = "\(reached); \(trusted) is in the trusted-domain list (TrustModelData)"
                notes.append(
                    "TrustModelData replaces the client's built-in trusted domains (lync.com, outlook.com, lync.glbdns.microsoft.com, microsoftonline.com); add them to 'trustedDomains' if users also reach Skype for Business Online"
                )
            } else {
                steps.append(
                    connect(
                        .refused,
                        "\(profile.displayName) cannot verify that the server \(hostName) is trusted for sign-in addresses in \(sipDomain)"
                    ))
                outcome.status = .prompt
                outcome.reason =
                    "\(reached), but \(hostName) is neither in \(sipDomain) nor in a trusted domain, so the user is asked: \"cannot verify that the server is trusted for your sign-in address. Connect anyway?\""
                notes.append(
                    "add '\(host.parent?.description ?? hostName)' to trustedDomains (TrustModelData) to connect without the prompt\(trustedList.isEmpty ? "" : "; the list replaces the client's built-in trusted domains")"
                )
            }
            return .success(outcome)
        }
    }

    /// The client cannot tell the networks apart: an internal record the outside DNS answers is used outside too.
    private mutating func noteInternalRecordOutside(_ name: DNSName, lookup: String) {
        guard network == .outside,
            lookup.hasPrefix("_sipinternal") || lookup.hasPrefix("sipinternal") || lookup == "lyncdiscoverinternal"
        else { return }
        notes.append(
            "the client does not know which network it is on: it asks for \(name) before the external records everywhere, and the outside DNS answers it, so the internal record wins outside exactly as it does inside"
        )
    }

    /// Candidates that were found but could not be used before the winner: a reader wants to know why they lost.
    private mutating func noteEarlierFailures(_ failures: [CandidateFailure]) {
        let used = failures.filter { !$0.isUnresolved }.map(\.reason)
        guard !used.isEmpty else { return }
        notes.append("before that, the client gave up on: \(used.joined(separator: "; "))")
    }

    /// "after sipinternal.contoso.com did not resolve": the lookups that came up empty before the winner.
    private func emptyLookupsBefore() -> [String] {
        steps.filter { $0.result == .notFound }.map(\.lookup)
    }

    private mutating func checkSameDomain(srv: DNSName, target: DNSName) {
        guard profile.trust == .trustedDomainPrompt, !target.isSubdomain(of: sipDomain) else { return }
        notes.append(
            "\(srv) points to \(target), outside its own domain: Microsoft's Lync Server 2013 and Skype for Business documentation says such a record does not work (the SIP domain must match the pool's domain), while the client's trust model only asks the user or, with TrustModelData, connects; sipgpo follows the trust model"
        )
    }

    /// `site.yaml:12:5`, to point at a declaration from an explanation.
    private func site(_ span: SourceSpan) -> String { span.description }

    private func failed(_ reason: String, advice: String?) -> Outcome {
        Outcome(
            status: .failed, server: nil, port: nil, transport: nil, via: nil,
            reason: advice.map { "\(reason); \($0)" } ?? reason, certificateNames: nil)
    }

    // MARK: resolution

    struct ResolvedAddress {
        var text: String
        var isPrivate: Bool
        var span: SourceSpan?
    }

    /// Follows CNAMEs, then collects A and AAAA records, adding a step for each query that answered or failed.
    private mutating func resolve(_ name: DNSName, purpose: String?) -> [ResolvedAddress] {
        var current = name
        var seen: Set<DNSName> = []
        while let cname = view.records(named: current, type: .cname).first, case .cname(let target) = cname.data {
            guard seen.insert(current).inserted else {
                steps.append(
                    DiscoveryStep(
                        lookup: current.description, type: "CNAME", result: .notFound,
                        detail: "CNAME loop at \(current)", span: cname.span))
                return []
            }
            steps.append(
                DiscoveryStep(
                    lookup: current.description, type: "CNAME", result: .found, answer: target.description,
                    detail: "\(current) is an alias of \(target)", span: cname.span))
            current = target
        }
        canonicalName = current
        let records = view.records(named: current).filter { $0.type == .a || $0.type == .aaaa }
        let type = Set(records.map(\.type)).count == 2 ? "A/AAAA" : records.first?.type.rawValue ?? "A"
        guard !records.isEmpty else {
            let what = purpose.map { " (\($0))" } ?? ""
            steps.append(
                DiscoveryStep(
                    lookup: current.description, type: "A", result: .notFound,
                    detail: "unable to resolve \(current)\(what) in the \(network) DNS"))
            return []
        }
        let addresses = records.map { record -> ResolvedAddress in
            switch record.data {
            case .a(let address):
                ResolvedAddress(text: address.description, isPrivate: address.isPrivate, span: record.span)
            case .aaaa(let address):
                ResolvedAddress(text: address.description, isPrivate: address.isPrivate, span: record.span)
            default: ResolvedAddress(text: "", isPrivate: false, span: nil)
            }
        }
        steps.append(
            DiscoveryStep(
                lookup: current.description, type: type, result: .found,
                answer: addresses.map(\.text).joined(separator: ", "),
                detail: "\(current) resolves to \(addresses.map(\.text).joined(separator: ", "))", span: records[0].span
            ))
        return addresses
    }
}
