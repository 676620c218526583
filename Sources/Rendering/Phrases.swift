import Discovery
import SiteModel

/// The sentences an explanation is made of, rendered from the typed run with the phrasebook
/// (`templates/words/phrases.yaml`): the only place the simulator's facts become words. The JSON interface
/// (`DiscoveryTrace`) carries these sentences beside the typed fields.
public struct Phrases: Sendable {
    /// The run whose sentences these are: its network, SIP domain and client name appear in them.
    let network: NetworkLocation
    let sipDomain: DNSName
    let clientName: String
    let book: Phrasebook

    public init(network: NetworkLocation, sipDomain: DNSName, clientName: String, phrasebook: Phrasebook = .bundled) {
        self.network = network
        self.sipDomain = sipDomain
        self.clientName = clientName
        self.book = phrasebook
    }

    public init(_ run: DiscoveryRun, phrasebook: Phrasebook = .bundled) {
        self.init(network: run.network, sipDomain: run.sipDomain, clientName: run.clientName, phrasebook: phrasebook)
    }

    private var sipName: DNSName { sipDomain.prepending("sip") }

    // MARK: steps

    public func step(_ event: DiscoveryEvent) -> DiscoveryStep {
        switch event {
        case .lookup(let lookup): step(lookup)
        case .connection(let connection): step(connection)
        }
    }

    func step(_ lookup: LookupEvent) -> DiscoveryStep {
        let name = lookup.name.description
        let type = lookup.types.map(\.rawValue).joined(separator: "/")
        var fields: [String: Any] = ["name": name, "network": network.rawValue]
        switch lookup.answer {
        case .services(let records):
            let answers = records.map { "\($0.target):\($0.port)" }.joined(separator: ", ")
            fields["answers"] = answers
            return DiscoveryStep(
                lookup: name, type: type, result: .found, answer: answers,
                detail: book.say("step.serviceRecords", fields), span: lookup.span)
        case .alias(let target):
            fields["target"] = target.description
            return DiscoveryStep(
                lookup: name, type: type, result: .found, answer: target.description,
                detail: book.say("step.alias", fields), span: lookup.span)
        case .addresses(let addresses):
            let answer = addresses.map(\.text).joined(separator: ", ")
            fields["answer"] = answer
            return DiscoveryStep(
                lookup: name, type: type, result: .found, answer: answer, detail: book.say("step.addresses", fields),
                span: lookup.span)
        case .aliasLoop:
            return DiscoveryStep(
                lookup: name, type: type, result: .notFound, detail: book.say("step.aliasLoop", fields),
                span: lookup.span)
        case .absent(let purpose):
            fields["purpose"] = purpose
            let key = lookup.types == [.srv] ? "step.noServiceRecord" : "step.unresolved"
            return DiscoveryStep(lookup: name, type: type, result: .notFound, detail: book.say(key, fields))
        }
    }

    func step(_ connection: ConnectionEvent) -> DiscoveryStep {
        let result: DiscoveryStep.Result =
            switch connection.result {
            case .connected: .connected
            case .unreachable: .unreachable
            case .refused: .refused
            }
        return DiscoveryStep(
            lookup: connection.candidate.endpoint, type: connection.candidate.transport.rawValue, result: result,
            answer: connection.address.text, detail: detail(connection), span: connection.span)
    }

    /// The fields every phrase about a connection can use.
    private func fields(_ connection: ConnectionEvent) -> [String: Any] {
        var fields: [String: Any] = [
            "host": connection.candidate.hostName, "address": connection.address.text,
            "endpoint": connection.candidate.endpoint, "transport": connection.candidate.transport.rawValue,
            "sipDomain": sipDomain.description, "sipName": sipName.description, "client": clientName,
        ]
        fields["range"] = connection.address.privateRange
        func pool(_ pool: Pool) {
            fields["pool"] = pool.fqdn.description
            fields["poolLabel"] = pool.label
            fields["certificateSource"] = (pool.certificate?.span ?? pool.span).description
            fields["poolSource"] = pool.span.description
        }
        switch connection.decision {
        case .certificate(let refusal): pool(refusal.pool)
        case .tcpNotOffered(let offering): pool(offering)
        case .noAnswer(let host): fields["downSource"] = host.span.description
        case .portClosed(let listening):
            pool(listening)
            fields["ports"] = Self.ports(listening)
            fields["port"] = connection.candidate.port
        case .strictNamingRefused(let refused, let strict):
            pool(refused)
            fields["strict"] = strict
        case .autodiscover(let scheme, let answering):
            fields["scheme"] = scheme
            fields["answering"] = answering?.label
        case .certificateProves(let strict), .nameSatisfies(let strict), .mustPresent(let strict):
            fields["strict"] = strict
        case .inTrustedDomain(let trusted): fields["trusted"] = trusted.description
        default: break
        }
        return fields
    }

    /// The phrase key of a decision, after `connection.`, `failure.` or `reason.`.
    private func key(_ decision: ConnectionDecision) -> String {
        switch decision {
        case .tcpRefusedOutside: "tcpRefusedOutside"
        case .privateAddress: "privateAddress"
        case .certificate(.untrustedIssuer): "untrustedIssuer"
        case .certificate(.lacksConnectedName): "lacksConnectedName"
        case .configuredServer: "configuredServer"
        case .autodiscover: "autodiscover"
        case .tcpNotChecked: "tcpNotChecked"
        case .strictNamingRefused: "strictNamingRefused"
        case .certificateProves: "certificateProves"
        case .nameSatisfies: "nameSatisfies"
        case .mustPresent: "mustPresent"
        case .inSIPDomain: "inSIPDomain"
        case .inTrustedDomain: "inTrustedDomain"
        case .untrustedDomainPrompt: "untrustedDomainPrompt"
        case .addressCannotProveName: "addressCannotProveName"
        case .tcpNotOffered: "tcpNotOffered"
        case .noAnswer: "noAnswer"
        case .portClosed: "portClosed"
        }
    }

    /// One sentence an administrator can check against the client's event log.
    public func detail(_ connection: ConnectionEvent) -> String {
        book.say("connection.\(key(connection.decision))", fields(connection))
    }

    // MARK: why a candidate failed

    public func failure(_ failure: CandidateFailure) -> String {
        switch failure {
        case .serviceUnavailable(let name):
            return book.say("failure.serviceUnavailable", ["name": name.description])
        case .unresolved(let name, _):
            return book.say("failure.unresolved", ["name": name.description])
        case .rejected(let connection):
            let key = "failure.\(key(connection.decision))"
            return Phrasebook.keys.contains(key) ? book.say(key, fields(connection)) : detail(connection)
        }
    }

    // MARK: outcome

    public func reason(_ outcome: DiscoveryOutcome) -> String {
        reason(outcome.reason, outcome: outcome)
    }

    private func reason(_ reason: OutcomeReason, outcome: DiscoveryOutcome) -> String {
        switch reason {
        case .connected:
            guard let connection = outcome.connection else { return "" }
            var fields = fields(connection)
            fields["reached"] = book.say("reason.reached", fields)
            fields["registrar"] = outcome.registrar?.description
            return book.say("reason.\(key(connection.decision))", fields)
        case .configured(let role, let inner):
            return book.say("reason.configured", ["role": role, "reason": self.reason(inner, outcome: outcome)])
        case .hostWins(let name, let foundSRV, let srvAbsent, let unresolvedHosts):
            let srvAbsent = !foundSRV && srvAbsent
            let hosts = unresolvedHosts.map(\.description).joined(separator: ", ")
            return book.say(
                "reason.hostWins",
                [
                    "reason": self.reason(.connected, outcome: outcome), "name": name.description,
                    "foundSRV": foundSRV, "srvAbsent": srvAbsent, "sipDomain": sipDomain.description,
                    "unresolvedHosts": unresolvedHosts.isEmpty ? nil : hosts as Any?, "joined": foundSRV || srvAbsent,
                    "hasWhy": foundSRV || srvAbsent || !unresolvedHosts.isEmpty,
                ].compactMapValues { $0 })
        case .failed(let failure):
            return self.failure(failure)
        case .registrationFailed(let server, let failure):
            var address: String?
            var downSource: String?
            let key: String
            let pool: Pool
            switch failure {
            case .untrustedIssuer(let refused): (key, pool) = ("registration.untrustedIssuer", refused)
            case .lacksName(let refused): (key, pool) = ("registration.lacksName", refused)
            case .unresolved(let unresolved): (key, pool) = ("registration.unresolved", unresolved)
            case .privateAddress(let unreachable, let privateAddress):
                (key, pool) = ("registration.privateAddress", unreachable)
                address = privateAddress.text
            case .noAnswer(let silent, let host):
                (key, pool) = ("registration.noAnswer", silent)
                downSource = host.span.description
            }
            var fields: [String: Any] = [
                "poolLabel": pool.label, "pool": pool.fqdn.description, "network": network.rawValue,
                "certificateSource": (pool.certificate?.span ?? pool.span).description,
            ]
            fields["address"] = address
            fields["downSource"] = downSource
            let what = book.say(key, fields)
            return book.say("reason.registrationFailed", ["server": server, "failure": what])
        }
    }

    public func failure(_ reason: FailureReason) -> String {
        switch reason {
        case .firstServiceUnusable(let last, let internalOutside):
            var fields: [String: Any] = ["client": clientName]
            fields["last"] = last.map(failure)
            fields["internalOutside"] = internalOutside?.description
            return book.say("failed.firstServiceUnusable", fields)
        case .firstHostUnusable(let last):
            return book.say("failed.firstHostUnusable", ["last": failure(last), "client": clientName])
        case .exhausted(let parts):
            return parts.map { part in
                switch part {
                case .candidate(let failure): self.failure(failure)
                case .unresolvedAutodiscover(let names):
                    book.say(
                        "failed.unresolvedAutodiscover", ["names": names.map(\.description).joined(separator: ", ")])
                case .noFallback: book.say("failed.noFallback", ["client": clientName])
                case .noServiceRecords(let domain): book.say("failed.noServiceRecords", ["domain": domain.description])
                case .unresolvedHosts(let names):
                    book.say("failed.unresolvedHosts", ["names": names.map(\.description).joined(separator: ", ")])
                case .unqueriedServiceRecords(let domain, let names):
                    book.say(
                        "failed.unqueriedServiceRecords",
                        [
                            "domain": domain.description, "client": clientName,
                            "names": names.map(\.description).joined(separator: ", "), "plural": names.count > 1,
                        ])
                }
            }.uniqued.joined(separator: "; ")
        case .manual(let failures, let noExternalServer):
            var parts = failures.map {
                book.say("failed.manualServer", ["role": $0.role, "failure": failure($0.failure)])
            }
            if noExternalServer {
                parts.append(book.say("failed.noExternalServer", ["sipDomain": sipDomain.description]))
            }
            return parts.joined(separator: "; ")
        }
    }

    /// One line: "connects to pool01.contoso.com:5061 over TLS via _sipinternaltls._tcp.contoso.com".
    public func headline(_ outcome: DiscoveryOutcome) -> String {
        switch outcome.status {
        case .failed:
            return book.say("headline.failed", ["reason": reason(outcome)])
        case .connected, .prompt:
            let candidate = outcome.candidate
            let target = [candidate?.hostName, candidate.map { String($0.port) }].compactMap { $0 }.joined(
                separator: ":")
            return book.say(
                "headline.reached",
                [
                    "connected": outcome.status == .connected, "target": target,
                    "transport": candidate?.transport.rawValue ?? "?", "manual": candidate?.via == .manual,
                    "via": candidate?.via.description ?? "?",
                ])
        }
    }

    // MARK: undocumented fallback ports

    /// "The port Lync 2013 uses after an A-record lookup is not documented, and the outcome depends on it: with 5061
    /// it fails: …; with 443 it connects to …"; nil when the readings end alike.
    public func portReadings(_ outcome: DiscoveryOutcome) -> String? {
        guard !outcome.portReadings.isEmpty else { return nil }
        var reported = outcome
        reported.portReadings = []
        let parts = outcome.portReadings.map { reading in
            // The reading the outcome reports is said once, above.
            book.say(
                "ports.reading",
                ["port": reading.port, "headline": headline(reading.outcome), "reported": reading.outcome == reported])
        }
        return book.say("ports.sentence", ["client": clientName, "parts": parts.joined(separator: "; ")])
    }

    /// `443` or `443, 5061`: the ports a declared server takes clients on.
    static func ports(_ pool: Pool) -> String {
        (pool.ports ?? []).map(String.init).joined(separator: ", ")
    }

    // MARK: weighted SRV records

    /// "The SRV records of equal priority are picked by weight … it signs in for 90% of attempts, fails for 10%
    /// (pool-dead.contoso.com: unable to resolve pool-dead.contoso.com)."; nil when the outcome has no branches.
    public func shares(_ outcome: DiscoveryOutcome) -> String? {
        guard !outcome.branches.isEmpty else { return nil }
        var parts: [String] = []
        for status in [DiscoveryOutcome.Status.connected, .prompt, .failed] {
            let branches = outcome.branches.filter { $0.status == status }
            guard !branches.isEmpty else { continue }
            let percent = Self.percent(branches.reduce(0) { $0 + $1.share })
            let reasons = branches.compactMap { branch in
                branch.failure.map { "\(branch.record.target): \(failure($0))" }
            }.joined(separator: "; ")
            parts.append(book.say("share.\(status.rawValue)", ["percent": percent, "reasons": reasons]))
        }
        return book.say("share.sentence", ["client": clientName, "parts": parts.joined(separator: ", ")])
    }

    /// `90`, `33.3`: a share as a percentage with at most one decimal.
    public static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    // MARK: hops

    public func hop(_ reason: HopEvent.Reason) -> String {
        func home(_ pool: Pool) -> [String: Any] {
            var fields: [String: Any] = ["home": pool.fqdn.description]
            fields["region"] = pool.region
            return fields
        }
        switch reason {
        case .directorRedirect(let pool): return book.say("hop.directorRedirect", home(pool))
        case .directorProxies(let pool): return book.say("hop.directorProxies", home(pool))
        case .directorWithoutHome(let proxies): return book.say("hop.directorWithoutHome", ["proxies": proxies])
        case .notHomePool(let pool, let homePool, let proxies):
            var fields = home(homePool)
            fields["poolLabel"] = pool.label
            fields["proxies"] = proxies
            return book.say("hop.notHomePool", fields)
        case .homeRegisters: return book.say("hop.homeRegisters")
        case .assumedHome: return book.say("hop.assumedHome")
        case .edgeProxies: return book.say("hop.edgeProxies")
        case .autodiscoverInternal(let answering, let homePool):
            var fields: [String: Any] = [:]
            fields["answering"] = answering?.label
            fields["home"] = homePool?.fqdn.description
            return book.say("hop.autodiscoverInternal", fields)
        case .autodiscoverExternal(let answering, let edge):
            var fields: [String: Any] = [:]
            fields["answering"] = answering?.label
            fields["edge"] = edge?.fqdn.description
            return book.say("hop.autodiscoverExternal", fields)
        }
    }

    // MARK: notes

    public func note(_ note: DiscoveryNote) -> String {
        switch note {
        case .variantFollowed(let client, let variant, let summary):
            return book.say(
                "note.variantFollowed",
                ["client": client, "field": variant == .field, "variant": variant.rawValue, "summary": summary])
        case .variantBasis(let client, let variant, let summary, let basis):
            return book.say(
                "note.variantBasis",
                ["client": client, "variant": variant.rawValue, "summary": summary, "basis": basis])
        case .otherVariantDiffers(let variant, let summary, let outcome, let source):
            return book.say(
                "note.otherVariantDiffers",
                ["variant": variant.rawValue, "summary": summary, "headline": headline(outcome), "source": source])
        case .lookupCondition(let lookup, let condition, let source):
            return book.say("note.lookupCondition", ["lookup": lookup, "condition": condition, "source": source])
        case .lookupNote(let name, let text):
            return book.say("note.lookupNote", ["name": name.description, "note": text])
        case .severalServiceRecords(let name, let count):
            return book.say("note.severalServiceRecords", ["name": name.description, "count": count])
        case .earlierFailures(let failures):
            return book.say(
                "note.earlierFailures", ["failures": failures.map(failure).uniqued.joined(separator: "; ")])
        case .autodiscoverFavoured:
            return book.say("note.autodiscoverFavoured")
        case .manualSignIn:
            return book.say("note.manualSignIn")
        case .trustModelReplacesBuiltIn(let builtIn):
            return book.say("note.trustModelReplacesBuiltIn", ["builtIn": builtIn.joined(separator: ", ")])
        case .addTrustedDomain(let domain, let listExists):
            return book.say("note.addTrustedDomain", ["domain": domain, "listExists": listExists])
        case .crossNamespace(let host, let sipDomain):
            return book.say(
                "note.crossNamespace",
                [
                    "host": host.description, "sipDomain": sipDomain.description,
                    "sipName": sipDomain.prepending("sip").description,
                ])
        case .internalRecordOutside(let name):
            return book.say("note.internalRecordOutside", ["name": name.description])
        case .serviceTargetOutsideDomain(let service, let target):
            return book.say(
                "note.serviceTargetOutsideDomain", ["service": service.description, "target": target.description])
        case .notAmongPools(let server):
            return book.say("note.notAmongPools", ["server": server])
        case .handedServerOutsideDomain(let server, let redirected):
            return book.say(
                "note.handedServerOutsideDomain",
                ["server": server.description, "sipDomain": sipDomain.description, "redirected": redirected])
        case .transportWithoutPolicy(let written, let source):
            return book.say(
                "note.transportWithoutPolicy", ["client": clientName, "written": written.rawValue, "source": source])
        case .autodiscoverOnly:
            return book.say("note.autodiscoverOnly", ["client": clientName])
        case .autodiscoverAliasOtherDomain(let name, let target):
            return book.say(
                "note.autodiscoverAliasOtherDomain",
                ["name": name.description, "target": target.description, "sipDomain": sipDomain.description])
        case .hostPortUndocumented(let host, let readings, let listening, let source):
            var fields: [String: Any] = [
                "host": host.description, "client": clientName, "source": source,
                "readings": readings.map(String.init).joined(separator: " or "),
            ]
            if let listening {
                let reaching = readings.filter { listening.ports?.contains($0) == true }
                fields["poolLabel"] = listening.label
                fields["ports"] = Self.ports(listening)
                fields["poolSource"] = listening.span.description
                fields["either"] = reaching.count == readings.count
                fields["neither"] = reaching.isEmpty
                if !reaching.isEmpty, reaching.count < readings.count {
                    fields["reaching"] = reaching.map(String.init).joined(separator: " or ")
                }
            }
            return book.say("note.hostPortUndocumented", fields)
        case .unqueriedServiceRecords(let names):
            return book.say(
                "note.unqueriedServiceRecords",
                [
                    "names": names.map(\.description).joined(separator: ", "), "plural": names.count > 1,
                    "client": clientName, "network": network.rawValue,
                ])
        }
    }
}

extension DiscoveryRun {
    /// The run in words with the bundled phrases: the documented JSON shape of `explain --format json`.
    public var trace: DiscoveryTrace { trace(phrasebook: .bundled) }

    /// The run in words: the documented JSON shape of `explain --format json`, and what the text renderers print.
    public func trace(phrasebook: Phrasebook) -> DiscoveryTrace {
        let phrases = Phrases(self, phrasebook: phrasebook)
        let candidate = outcome.candidate
        return DiscoveryTrace(
            population: population, ou: ou, client: client, sipDomain: sipDomain.description, network: network,
            mode: signIn.rawValue, variant: variant, steps: events.map(phrases.step),
            hops: hops.map { Hop(server: $0.server, role: $0.role, action: $0.action, reason: phrases.hop($0.reason)) },
            outcome: Outcome(
                status: outcome.status, server: candidate?.hostName, port: candidate?.port,
                transport: candidate?.transport.rawValue, via: candidate?.via.description,
                reason: phrases.reason(outcome), certificateNames: outcome.certificateNames,
                registrar: outcome.registrar?.description, headline: phrases.headline(outcome),
                shares: phrases.shares(outcome),

                branches: outcome.branches.map { branch in
                    Outcome.Branch(
                        target: branch.record.target.description, port: branch.record.port,
                        priority: branch.record.priority, weight: branch.record.weight, share: branch.share,
                        status: branch.status, reason: branch.failure.map(phrases.failure), followed: branch.followed)
                }, portNote: phrases.portReadings(outcome),
                portReadings: outcome.portReadings.map { reading in
                    let candidate = reading.outcome.candidate
                    return Outcome.PortReading(
                        port: reading.port, status: reading.outcome.status, server: candidate?.hostName,
                        via: candidate?.via.description, headline: phrases.headline(reading.outcome))
                }, portUnverified: outcome.portUnverified,
                portCondition: outcome.portUnverified ? phrases.book.say("ports.unverified") : nil),
            settings: settings, notes: notes.map(phrases.note), preferences: preferences)
    }
}

extension Array where Element == String {
    /// The sentences in order, each once: two candidates that fail for the same reason are said once.
    var uniqued: [String] {
        var seen: Set<String> = []
        return filter { seen.insert($0).inserted }
    }
}
