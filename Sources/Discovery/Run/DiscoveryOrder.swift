import SiteModel

/// One run of a client's discovery on one network: the lookups in the profile's order, the candidates they yield,
/// and when to stop. Collects typed events and notes; trust (`Trust.swift`) and resolution (`Resolution.swift`) are
/// separate jobs. Everything that differs between clients comes from the profile.
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
    /// Servers that resolve but do not answer (`hosts:` in the site).
    var down: [DownHost] = []
    /// The last name a resolution ended on after following CNAMEs.
    var canonicalName: DNSName?
    /// The port every A-record fallback whose port the sources do not document uses in this walk; nil: each
    /// lookup's first listed port.
    var portReading: Int?
    var events: [DiscoveryEvent] = []
    var notes: [DiscoveryNote] = []

    init(
        population: Population, domain: SIPDomain, profile: ClientProfile, variant: DiscoveryVariant,
        network: NetworkLocation, dns: DNSIndex, pools: [Pool]
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

    enum Attempt {
        case success(DiscoveryOutcome)
        case failure(CandidateFailure)
    }

    mutating func run() -> DiscoveryOutcome {
        switch population.settings.signIn.value {
        case .automatic: automatic()
        case .manual(let manual): self.manual(manual)
        }
    }

    // MARK: automatic configuration

    private mutating func automatic() -> DiscoveryOutcome {
        var foundSRV = false
        var failures: [CandidateFailure] = []
        for lookup in variant.lookups {
            if lookup.kind == .host, variant.hostFallback == .onlyWithoutSRV, foundSRV { break }
            let name = lookup.kind == .srv ? serviceName(lookup.name) : sipDomain.prepending(lookup.name)
            switch lookup.kind {
            case .srv:
                let records = view.records(named: name, type: .srv).sorted(by: Self.srvOrder).compactMap(
                    ServiceRecord.init)
                guard let first = records.first else {
                    events.append(.lookup(LookupEvent(name: name, types: [.srv], answer: .absent(purpose: nil))))
                    continue
                }
                foundSRV = true
                noteInternalRecordOutside(name, lookup: lookup)
                events.append(
                    .lookup(LookupEvent(name: name, types: [.srv], answer: .services(records), span: first.span)))
                if let condition = lookup.condition {
                    notes.append(
                        .lookupCondition(lookup: lookup.name, condition: condition, source: variant.sources.first ?? "")
                    )
                }
                if records.count > 1 { notes.append(.severalServiceRecords(name, count: records.count)) }
                // Communicator-era clients use the first record returned; later clients try the others too.
                let tried = variant.onFoundRecordFailure == .stop ? Array(records.prefix(1)) : records
                // Which record is "first" is a draw by weight among the lowest priority (RFC 2782): each record of
                // that group is one branch with its share of attempts.
                let branches =
                    variant.onFoundRecordFailure == .stop
                    ? weightedBranches(records, transport: lookup.transport, via: name) : []
                for record in tried {
                    if record.target == .root {
                        failures.append(.serviceUnavailable(name))
                        continue
                    }
                    checkSameDomain(srv: name, target: record.target)
                    let candidate = Candidate(
                        host: .name(record.target), port: record.port, transport: lookup.transport,
                        via: .lookup(name, .srv))
                    switch attempt(candidate) {
                    case .success(var outcome):
                        if let note = lookup.note { notes.append(.lookupNote(name, note)) }
                        noteEarlierFailures(failures)
                        outcome.branches = branches
                        return outcome
                    case .failure(let failure): failures.append(failure)
                    }
                }
                if variant.onFoundRecordFailure == .stop {
                    let internalOutside = network == .outside && lookup.isInternal
                    var outcome = failed(
                        .firstServiceUnusable(failures.last, internalOutside: internalOutside ? name : nil))
                    outcome.branches = branches
                    return outcome
                }
            case .host, .autodiscover:
                // Documented ports are tried in turn on the one name (Lync Phone Edition: 5061, then 443); an
                // undocumented one is this walk's reading.
                let listed = lookup.kind == .host ? lookup.ports : nil
                let ports =
                    listed.map { $0.documented ? $0.values : [portReading ?? $0.values[0]] } ?? [lookup.port ?? 443]
                let empty = emptyLookupsBefore()
                var won: DiscoveryOutcome?
                var stop: CandidateFailure?
                for (index, port) in ports.enumerated() {
                    let candidate = Candidate(
                        host: .name(name), port: port, transport: lookup.transport, via: .lookup(name, lookup.kind))
                    let result = attempt(candidate, quiet: index > 0)
                    if let listed, !listed.documented { notePortUndocumented(result, name: name, ports: listed) }
                    switch result {
                    case .success(let outcome): won = outcome
                    case .failure(let failure):
                        failures.append(failure)
                        // A host that resolved but could not be used ends discovery for clients that stop at the
                        // first match.
                        if variant.onFoundRecordFailure == .stop, events.last?.lookup?.found != false {
                            stop = failure
                        }
                    }
                    if won != nil || failures.last?.isUnresolved == true { break }
                }
                if var outcome = won {
                    noteInternalRecordOutside(name, lookup: lookup)
                    noteEarlierFailures(failures)
                    if let note = lookup.note { notes.append(.lookupNote(name, note)) }
                    if lookup.kind == .host {
                        let unqueried = unqueriedServiceRecords()
                        if !foundSRV, !unqueried.isEmpty { notes.append(.unqueriedServiceRecords(unqueried)) }
                        let srvAbsent = empty.contains { $0.types == [.srv] } && unqueried.isEmpty
                        let hostsEmpty = empty.filter { $0.types != [.srv] && !isAutodiscoverName($0.name) }.map(
                            \.name)
                        outcome.reason = .hostWins(
                            name, foundSRV: foundSRV, srvAbsent: srvAbsent, unresolvedHosts: hostsEmpty)
                    }
                    return outcome
                }
                if let stop { return failed(.firstHostUnusable(stop)) }
            }
        }
        return failed(.exhausted(exhaustedParts(foundSRV: foundSRV, failures: failures)))
    }

    /// The sign-in SRV services some client queries (the four of `../shared/reference/clients.md` §1.2:
    /// `_sipinternaltls._tcp`, `_sipinternal._tcp`, `_sip._tls`, `_sip._tcp`).
    static let signInServices = ["_sipinternaltls._tcp", "_sipinternal._tcp", "_sip._tls", "_sip._tcp"]

    /// Sign-in SRV records this network's DNS holds for the SIP domain that this order does not query: with them
    /// present, "no DNS SRV records exist" would be false.
    func unqueriedServiceRecords() -> [DNSName] {
        let queried = Set(variant.lookups.filter { $0.kind == .srv }.map(\.name))
        return Self.signInServices.filter { !queried.contains($0) }.map(serviceName).filter {
            !view.records(named: $0, type: .srv).isEmpty
        }
    }

    /// Whether a name that came up empty is one of this order's Autodiscover names.
    private func isAutodiscoverName(_ name: DNSName) -> Bool {
        variant.lookups.contains { $0.kind == .autodiscover && sipDomain.prepending($0.name) == name }
    }

    /// The records of the lowest priority a first-record client draws from, and how each draw ends. Empty when
    /// there is nothing to draw (one record) or every draw ends the same way.
    private func weightedBranches(_ records: [ServiceRecord], transport: Transport, via name: DNSName)
        -> [WeightedBranch]
    {
        guard let first = records.first else { return [] }
        let group = records.filter { $0.priority == first.priority }
        guard group.count > 1 else { return [] }
        let total = group.reduce(0) { $0 + $1.weight }
        var branches: [WeightedBranch] = []
        for (index, record) in group.enumerated() {
            // A copy of this walk so far: the branch's lookups do not enter the explanation's steps.
            var branch = self
            var status: DiscoveryOutcome.Status = .failed
            var failure: CandidateFailure?
            if record.target == .root {
                failure = .serviceUnavailable(name)
            } else {
                let candidate = Candidate(
                    host: .name(record.target), port: record.port, transport: transport, via: .lookup(name, .srv))
                switch branch.attempt(candidate) {
                case .success(let outcome): status = outcome.status
                case .failure(let reason): failure = reason
                }
            }
            let share = total > 0 ? Double(record.weight) / Double(total) : 1 / Double(group.count)
            branches.append(
                WeightedBranch(record: record, share: share, status: status, failure: failure, followed: index == 0))
        }
        return Set(branches.map(\.status)).count > 1 ? branches : []
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

    /// Why discovery ran out of candidates, in the order the client tried them.
    private func exhaustedParts(foundSRV: Bool, failures: [CandidateFailure]) -> [ExhaustedPart] {
        var parts: [ExhaustedPart] = []
        let kinds = Set(variant.lookups.map(\.kind))
        func unresolvedNames(_ failures: [CandidateFailure]) -> [DNSName] {
            var names: [DNSName] = []
            for case .unresolved(let name, _) in failures where !names.contains(name) { names.append(name) }
            return names
        }
        func kind(_ failure: CandidateFailure) -> DiscoveryLookup.Kind? {
            switch failure {
            case .serviceUnavailable: .srv
            case .unresolved(_, let kind): kind
            case .rejected(let connection): connection.candidate.via.kind
            }
        }
        if kinds.contains(.autodiscover) {
            let autodiscover = failures.filter { kind($0) == .autodiscover }
            parts += autodiscover.filter { !$0.isUnresolved }.map(ExhaustedPart.candidate)
            let unresolved = autodiscover.compactMap { failure -> DNSName? in
                if case .unresolved(let name, _) = failure { return name }
                return nil
            }
            if !unresolved.isEmpty { parts.append(.unresolvedAutodiscover(unresolved)) }
            if kinds == [.autodiscover] { parts.append(.noFallback) }
        }
        if kinds.contains(.srv) {
            if foundSRV {
                parts += failures.filter { kind($0) == .srv }.map(ExhaustedPart.candidate)
            } else if case let unqueried = unqueriedServiceRecords(), !unqueried.isEmpty {
                parts.append(.unqueriedServiceRecords(sipDomain, unqueried))
            } else {
                parts.append(.noServiceRecords(sipDomain))
            }
        }
        if kinds.contains(.host), !(foundSRV && variant.hostFallback == .onlyWithoutSRV) {
            let hosts = failures.filter { kind($0) == .host }
            parts += hosts.filter { !$0.isUnresolved }.map(ExhaustedPart.candidate)
            let unresolved = unresolvedNames(hosts)
            if !unresolved.isEmpty { parts.append(.unresolvedHosts(unresolved)) }
        }
        return parts
    }

    // MARK: manual configuration

    private mutating func manual(_ manual: ManualSignIn) -> DiscoveryOutcome {
        notes.append(.manualSignIn)
        var failures: [ManualFailure] = []
        // Without a Transport policy (lync15/lync16.admx), Group Policy delivers the servers only: the client uses TLS.
        var manual = manual
        if manual.transport != .tls, let policy = profile.transportPolicy, !policy.available {
            notes.append(.transportWithoutPolicy(written: manual.transport, source: policy.source))
            manual.transport = .tls
        }
        let internalPort = manual.internalServer.port ?? (manual.transport == .tcp ? 5060 : 5061)
        let servers =
            [(manual.internalServer, internalPort, "internal")]
            + (manual.externalServer.map { [($0, $0.port ?? 443, "external")] } ?? [])
        for (server, port, role) in servers {
            let candidate = Candidate(host: server.host, port: port, transport: manual.transport, via: .manual)
            switch attempt(candidate, span: server.span) {
            case .success(var outcome):
                outcome.reason = .configured(role: role, then: outcome.reason)
                return outcome
            case .failure(let failure):
                failures.append(ManualFailure(role: role, failure: failure))
            }
        }
        return failed(.manual(failures, noExternalServer: manual.externalServer == nil && network == .outside))
    }

    // MARK: one candidate

    /// `quiet`: the name was looked up for an earlier port of the same lookup; its resolution is not shown again.
    private mutating func attempt(_ candidate: Candidate, span: SourceSpan? = nil, quiet: Bool = false) -> Attempt {
        let addresses: [ResolvedAddress]
        switch candidate.host {
        case .name(let name):
            var resolution = Resolution(view: view)
            addresses = resolution.resolve(name, purpose: candidate.via.kind == .autodiscover ? "Autodiscover" : nil)
            if !quiet { events += resolution.events }
            canonicalName = resolution.canonicalName
            if addresses.isEmpty { return .failure(.unresolved(name, candidate.via.kind)) }
        case .ipv4(let address):
            addresses = [ResolvedAddress(value: .ipv4(address), span: span)]
        case .ipv6(let address):
            addresses = [ResolvedAddress(value: .ipv6(address), span: span)]
        }
        func refuse(_ decision: ConnectionDecision, _ address: ResolvedAddress) -> Attempt {
            let event = ConnectionEvent(
                candidate: candidate, address: address, decision: decision, sipDomain: sipDomain)
            events.append(.connection(event))
            return .failure(.rejected(event))
        }
        // The Edge accepts only TLS from outside; SIP over TCP goes nowhere there.
        if network == .outside, candidate.transport == .tcp {
            return refuse(.tcpRefusedOutside, addresses[0])
        }
        // Clients that fail over between the addresses of a name try each; others use the first only. A configured
        // server's addresses are all tried.
        let usable =
            variant.addressFailover == .everyAddress || candidate.via == .manual
            ? addresses : Array(addresses.prefix(1))
        guard let address = usable.first(where: { network == .inside || !$0.isPrivate }) else {
            return refuse(.privateAddress, usable[0])
        }
        // A server declared down resolves and does not answer; what the client does next is its profile's
        // `onFoundRecordFailure`.
        if case .name(let name) = candidate.host,
            let host = down.named(name) ?? canonicalName.flatMap({ down.named($0) })
        {
            return refuse(.noAnswer(host), address)
        }
        // A declared server that lists its ports takes SIP clients on those only; an Access Edge takes them from
        // outside (on 443 unless its `ports` say otherwise), so inside an Edge's ports are not the client's concern.
        if let pool = listeningPool(candidate), let ports = pool.ports, !ports.contains(candidate.port) {
            return refuse(.portClosed(pool), address)
        }
        return trust(candidate, address: address)
    }

    /// The declared server a SIP candidate reaches whose ports the site states, if any.
    private func listeningPool(_ candidate: Candidate) -> Pool? {
        guard candidate.transport == .tls || candidate.transport == .tcp, case .name(let name) = candidate.host
        else { return nil }
        let pool =
            pools.reached(as: name, preferring: network == .outside ? [.edge] : [.director, .frontEnd, .standard])
            ?? canonicalName.flatMap { pools.reached(as: $0) }
        guard let pool, pool.ports != nil, pool.role != .edge || network == .outside else { return nil }
        return pool
    }

    /// After an A-record lookup on a port the sources do not document: say so, and whether a declared server that
    /// lists its ports is reached. Said for the candidate discovery ends on and for one refused for its port.
    private mutating func notePortUndocumented(_ result: Attempt, name: DNSName, ports: HostPorts) {
        switch result {
        case .success(let outcome):
            guard let candidate = outcome.candidate else { return }
            notes.append(
                .hostPortUndocumented(
                    host: name, readings: ports.values, listening: listeningPool(candidate), source: ports.source))
        case .failure(.rejected(let connection)):
            guard case .portClosed(let pool) = connection.decision else { return }
            notes.append(
                .hostPortUndocumented(host: name, readings: ports.values, listening: pool, source: ports.source))
        case .failure: return
        }
    }

    /// The client cannot tell the networks apart: an internal record the outside DNS answers is used outside too.
    private mutating func noteInternalRecordOutside(_ name: DNSName, lookup: DiscoveryLookup) {
        guard network == .outside, lookup.isInternal else { return }
        notes.append(.internalRecordOutside(name))
    }

    /// Candidates that were found but could not be used before the winner: a reader wants to know why they lost.
    private mutating func noteEarlierFailures(_ failures: [CandidateFailure]) {
        let used = failures.filter { !$0.isUnresolved }
        guard !used.isEmpty else { return }
        notes.append(.earlierFailures(used))
    }

    /// The lookups that came up empty before the winner.
    private func emptyLookupsBefore() -> [LookupEvent] {
        events.compactMap { event in
            guard let lookup = event.lookup, !lookup.found else { return nil }
            return lookup
        }
    }

    private mutating func checkSameDomain(srv: DNSName, target: DNSName) {
        guard profile.trust == .trustedDomainPrompt, !target.isSubdomain(of: sipDomain) else { return }
        notes.append(.serviceTargetOutsideDomain(service: srv, target: target))
    }

    func failed(_ reason: FailureReason) -> DiscoveryOutcome {
        DiscoveryOutcome(status: .failed, connection: nil, reason: .failed(reason), certificateNames: nil)
    }
}

extension ServiceRecord {
    init?(_ record: ResourceRecord) {
        guard case .srv(let priority, let weight, let port, let target) = record.data else { return nil }
        self.init(priority: priority, weight: weight, port: port, target: target, span: record.span)
    }
}
