import SiteModel

/// The sentences an explanation is made of, rendered from the typed run: the only place the simulator's facts
/// become words. The JSON interface (`DiscoveryTrace`) carries these sentences beside the typed fields.
public struct Phrases: Sendable {
    /// The run whose sentences these are: its network, SIP domain and client name appear in them.
    let network: NetworkLocation
    let sipDomain: DNSName
    let clientName: String

    public init(network: NetworkLocation, sipDomain: DNSName, clientName: String) {
        self.network = network
        self.sipDomain = sipDomain
        self.clientName = clientName
    }

    public init(_ run: DiscoveryRun) {
        self.init(network: run.network, sipDomain: run.sipDomain, clientName: run.clientName)
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
        let name = lookup.name
        let type = lookup.types.map(\.rawValue).joined(separator: "/")
        switch lookup.answer {
        case .services(let records):
            let answers = records.map { "\($0.target):\($0.port)" }.joined(separator: ", ")
            return DiscoveryStep(
                lookup: name.description, type: type, result: .found, answer: answers,
                detail: "SRV \(name) points to \(answers)", span: lookup.span)
        case .alias(let target):
            return DiscoveryStep(
                lookup: name.description, type: type, result: .found, answer: target.description,
                detail: "\(name) is an alias of \(target)", span: lookup.span)
        case .addresses(let addresses):
            let answer = addresses.map(\.text).joined(separator: ", ")
            return DiscoveryStep(
                lookup: name.description, type: type, result: .found, answer: answer,
                detail: "\(name) resolves to \(answer)", span: lookup.span)
        case .aliasLoop:
            return DiscoveryStep(
                lookup: name.description, type: type, result: .notFound, detail: "CNAME loop at \(name)",
                span: lookup.span)
        case .absent(let purpose):
            let detail =
                lookup.types == [.srv]
                ? "no SRV record \(name) in the \(network) DNS"
                : "unable to resolve \(name)\(purpose.map { " (\($0))" } ?? "") in the \(network) DNS"
            return DiscoveryStep(lookup: name.description, type: type, result: .notFound, detail: detail)
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
            answer: connection.address.text, detail: detail(connection), span: connection.span,
            address: connection.address.text)
    }

    /// One sentence an administrator can check against the client's event log.
    public func detail(_ connection: ConnectionEvent) -> String {
        let host = connection.candidate.hostName
        let address = connection.address.text
        switch connection.decision {
        case .tcpRefusedOutside:
            return "TCP is refused from outside: the Edge accepts only TLS"
        case .privateAddress:
            return "\(address) is a private address (RFC 1918); a client outside the firewall cannot reach it"
        case .certificate(.untrustedIssuer(let pool)):
            return "the certificate of \(pool.fqdn) is issued by a CA the client does not trust"
        case .certificate(.lacksConnectedName(let pool)):
            return "the certificate of \(pool.fqdn) does not carry \(host), the name the client connected to"
        case .configuredServer:
            return "connects to \(connection.candidate.endpoint) (\(address)); a configured server is trusted"
        case .autodiscover(let scheme, let answering):
            return
                "asks the Autodiscover service at \(scheme)://\(host) for the user's home pool\(answering.map { " (\($0.label) answers)" } ?? "")"
        case .tcpNotChecked:
            return "connects to \(connection.candidate.endpoint) over TCP; strict DNS naming applies only to TLS"
        case .strictNamingRefused(let pool, let strict):
            return "strict DNS naming: the certificate of \(pool.fqdn) carries \(namesMissing(strict: strict))"
        case .certificateProves(let strict):
            return
                "\(host)'s certificate carries \(strict ? sipName.description : "a name under \(sipDomain)"), as \(rule(strict)) requires"
        case .nameSatisfies(let strict):
            return "\(host) satisfies \(rule(strict)) for \(sipDomain) by its own name"
        case .mustPresent(let strict):
            return "\(host) must present \(needed(strict: strict)) on its certificate (\(rule(strict)))"
        case .inSIPDomain:
            return "\(host) is in the SIP domain \(sipDomain), so the client trusts it"
        case .inTrustedDomain(let trusted):
            return "\(host) is in \(trusted), a trusted domain (TrustModelData)"
        case .untrustedDomainPrompt:
            return
                "\(clientName) cannot verify that the server \(host) is trusted for sign-in addresses in \(sipDomain)"
        }
    }

    private func rule(_ strict: Bool) -> String { strict ? "strict DNS naming" : "suffix matching" }

    private func needed(strict: Bool) -> String {
        strict ? sipName.description : "a name under \(sipDomain) (such as \(sipName))"
    }

    private func namesMissing(strict: Bool) -> String {
        strict ? "neither \(sipName) nor \(sipDomain)" : "no name under \(sipDomain)"
    }

    // MARK: why a candidate failed

    public func failure(_ failure: CandidateFailure) -> String {
        switch failure {
        case .serviceUnavailable(let name):
            return "\(name) says the service is not available (target '.')"
        case .unresolved(let name, _):
            return "unable to resolve \(name)"
        case .rejected(let connection):
            let host = connection.candidate.hostName
            switch connection.decision {
            case .tcpRefusedOutside:
                return "\(connection.candidate.endpoint) would need TCP, and the Edge accepts only TLS from outside"
            case .privateAddress:
                return
                    "\(host) resolves to the private address \(connection.address.text), which cannot be reached from outside"
            case .certificate(.untrustedIssuer(let pool)):
                return "the certificate of \(pool.label) is issued by a CA the client does not trust"
            case .certificate(.lacksConnectedName(let pool)):
                return
                    "the certificate of \(pool.label) does not carry \(host), the name the client connected to (\(span(pool)))"
            case .strictNamingRefused(let pool, let strict):
                return
                    "strict DNS naming: the certificate of \(pool.label) carries \(namesMissing(strict: strict)) (\(span(pool))); add \(sipName) to it\(strict ? "" : " or another name under \(sipDomain)")"
            default:
                return detail(connection)
            }
        }
    }

    private func span(_ pool: Pool) -> String { pool.certificate.map { $0.span.description } ?? pool.span.description }

    // MARK: outcome

    public func reason(_ outcome: DiscoveryOutcome) -> String {
        reason(outcome.reason, outcome: outcome)
    }

    private func reason(_ reason: OutcomeReason, outcome: DiscoveryOutcome) -> String {
        switch reason {
        case .connected:
            guard let connection = outcome.connection else { return "" }
            return connected(connection, registrar: outcome.registrar)
        case .configured(let role, let inner):
            return "the \(role) server is configured by policy and \(self.reason(inner, outcome: outcome))"
        case .hostWins(let name, let foundSRV, let srvAbsent, let unresolvedHosts):
            var text = self.reason(.connected, outcome: outcome)
            var why =
                foundSRV
                ? "the SRV records found could not be used"
                : srvAbsent ? "no DNS SRV records exist for domain \(sipDomain)" : ""
            if !unresolvedHosts.isEmpty {
                why +=
                    (why.isEmpty ? "" : " and ")
                    + "\(unresolvedHosts.map(\.description).joined(separator: ", ")) did not resolve"
            }
            if !why.isEmpty { text += "; \(name) wins because \(why)" }
            return text
        case .failed(let failure):
            return self.failure(failure)
        case .registrationFailed(let server, let failure):
            let what: String =
                switch failure {
                case .untrustedIssuer(let pool):
                    "the certificate of \(pool.label) is issued by a CA the client does not trust (\(span(pool)))"
                case .lacksName(let pool):
                    "the certificate of \(pool.label) does not carry \(pool.fqdn), the name the client connects to (\(span(pool)))"
                }
            return "discovery reached \(server), but registration fails: \(what)"
        }
    }

    private func connected(_ connection: ConnectionEvent, registrar: DNSName?) -> String {
        let host = connection.candidate.hostName
        let reached =
            "the client reaches \(host) at \(connection.address.text) over \(connection.candidate.transport.rawValue)"
        switch connection.decision {
        case .autodiscover:
            return
                "Autodiscover answers at \(host) (\(connection.address.text)); the client registers with the home pool it names\(registrar.map { ", \($0)" } ?? "")"
        case .tcpNotChecked:
            return "\(reached); strict DNS naming applies only to TLS, so the server's name is not checked"
        case .certificateProves(let strict):
            return "\(reached); its certificate carries \(sipName), as \(rule(strict)) requires"
        case .nameSatisfies(let strict):
            return
                "\(reached); its name satisfies \(strict ? "strict DNS naming" : "suffix matching (DisableStrictDNSNaming)")"
        case .mustPresent(let strict):
            return
                "\(reached), provided its certificate also carries \(needed(strict: strict)): \(strict ? "strict DNS naming accepts only \(sipDomain) or \(sipName)" : "suffix matching accepts names under \(sipDomain)")"
        case .inSIPDomain:
            return "\(reached); the server is in the SIP domain, so it is trusted"
        case .inTrustedDomain(let trusted):
            return "\(reached); \(trusted) is in the trusted-domain list (TrustModelData)"
        case .untrustedDomainPrompt:
            return
                "\(reached), but \(host) is neither in \(sipDomain) nor in a trusted domain, so the user is asked: \"cannot verify that the server is trusted for your sign-in address. Connect anyway?\""
        default:
            return reached
        }
    }

    public func failure(_ reason: FailureReason) -> String {
        switch reason {
        case .firstServiceUnusable(let last, let internalOutside):
            var text =
                "\(last.map(failure) ?? "its target cannot be used"); \(clientName) uses the first SRV record it finds and does not try any other record"
            if let internalOutside {
                text += "; remove \(internalOutside) from the outside DNS so the client goes on to the external records"
            }
            return text
        case .firstHostUnusable(let last):
            return "\(failure(last)); \(clientName) stops at the first name that resolves"
        case .exhausted(let parts):
            return parts.map { part in
                switch part {
                case .candidate(let failure): self.failure(failure)
                case .unresolvedAutodiscover(let names):
                    "unable to resolve \(names.map(\.description).joined(separator: ", ")) (Autodiscover)"
                case .noFallback: "\(clientName) has no fallback to SRV or A records"
                case .noServiceRecords(let domain): "no DNS SRV records exist for domain \(domain)"
                case .unresolvedHosts(let names):
                    "unable to resolve \(names.map(\.description).joined(separator: ", "))"
                }
            }.joined(separator: "; ")
        case .manual(let failures, let noExternalServer):
            var text = failures.map { "\($0.role) server: \(failure($0.failure))" }.joined(separator: "; ")
            if noExternalServer {
                text +=
                    "; no external server is configured; set 'externalServer' to the Access Edge, such as sip.\(sipDomain)"
            }
            return text
        }
    }

    /// One line: "connects to pool01.contoso.com:5061 over TLS via _sipinternaltls._tcp.contoso.com".
    public func headline(_ outcome: DiscoveryOutcome) -> String {
        switch outcome.status {
        case .failed:
            return "fails: \(reason(outcome))"
        case .connected, .prompt:
            let candidate = outcome.candidate
            let target = [candidate?.hostName, candidate.map { String($0.port) }].compactMap { $0 }.joined(
                separator: ":")
            let how = candidate?.via == .manual ? "as configured" : "via \(candidate?.via.description ?? "?")"
            let verb = outcome.status == .connected ? "connects to" : "asks the user to trust"
            return "\(verb) \(target) over \(candidate?.transport.rawValue ?? "?") \(how)"
        }
    }

    // MARK: hops

    public func hop(_ reason: HopEvent.Reason) -> String {
        func region(_ pool: Pool) -> String { pool.region.map { " in \($0)" } ?? "" }
        switch reason {
        case .directorRedirect(let home):
            return
                "the Director authenticates the user and redirects the client to the home pool \(home.fqdn)\(region(home))"
        case .directorWithoutHome:
            return
                "the Director redirects the client to the user's home pool, which the site does not declare ('homePool')"
        case .notHomePool(let pool, let home):
            return "\(pool.label) is not the user's home pool: it redirects the client to \(home.fqdn)\(region(home))"
        case .homeRegisters:
            return "the home pool registers the user"
        case .assumedHome:
            return "the pool registers the user (no 'homePool' declared, so sipgpo assumes this is it)"
        case .edgeProxies:
            return "the Access Edge accepts the client outside the firewall and proxies it inside"
        case .autodiscoverInternal(let answering, let home):
            return
                "Autodiscover\(answering.map { " (\($0.label))" } ?? "") answers with the home pool's internal URLs\(home.map { ": \($0.fqdn)" } ?? "")"
        case .autodiscoverExternal(let answering, let edge):
            return
                "Autodiscover\(answering.map { " (\($0.label))" } ?? "") answers with the home pool's external URLs and the Access Edge\(edge.map { " \($0.fqdn)" } ?? "")"
        }
    }

    // MARK: notes

    public func note(_ note: DiscoveryNote) -> String {
        switch note {
        case .variantFollowed(let client, let variant, let summary):
            let reading = variant == .field ? "as observed on real clients" : "as Microsoft documents it"
            return "\(client) order \(reading) (\(variant.rawValue) variant): \(summary)"
        case .otherVariantDiffers(let variant, let summary, let outcome, let source):
            return
                "the \(variant.rawValue) variant (\(summary)) would end differently: \(headline(outcome)) [\(source)]"
        case .lookupCondition(let lookup, let condition, let source):
            return "the \(lookup) query is made \(condition) (\(source))"
        case .lookupNote(let name, let text):
            return "\(name): \(text)"
        case .severalServiceRecords(let name, let count):
            return
                "\(name) has \(count) records; the client takes the lowest priority first, and among equal priorities the weights spread the load (sipgpo lists the highest weight first)"
        case .earlierFailures(let failures):
            return "before that, the client gave up on: \(failures.map(failure).joined(separator: "; "))"
        case .autodiscoverFavoured:
            return
                "Autodiscover is always favoured; the SRV and A records are only used if lyncdiscover does not resolve or respond, so they were not queried"
        case .manualSignIn:
            return "manual sign-in: the client makes no SRV or Autodiscover lookups and trusts the servers it is given"
        case .trustModelReplacesBuiltIn(let builtIn):
            return
                "TrustModelData replaces the client's built-in trusted domains (\(builtIn.joined(separator: ", "))); add them to 'trustedDomains' if users also reach Skype for Business Online"
        case .addTrustedDomain(let domain, let listExists):
            return
                "add '\(domain)' to trustedDomains (TrustModelData) to connect without the prompt\(listExists ? "; the list replaces the client's built-in trusted domains" : "")"
        case .crossNamespace(let host, let sipDomain):
            return
                "\(host) is outside \(sipDomain): Microsoft's OCS examples accept such a pool when its certificate carries \(sipDomain.prepending("sip")), but Jeff Schertz reports that automatic configuration across namespaces does not work, even without strict naming (http://blog.schertz.name/2013/08/lync-phone-edition-cu7-registration-issues/)"
        case .internalRecordOutside(let name):
            return
                "the client does not know which network it is on: it asks for \(name) before the external records everywhere, and the outside DNS answers it, so the internal record wins outside exactly as it does inside"
        case .serviceTargetOutsideDomain(let service, let target):
            return
                "\(service) points to \(target), outside its own domain: Microsoft's Lync Server 2013 and Skype for Business documentation says such a record does not work (the SIP domain must match the pool's domain), while the client's trust model only asks the user or, with TrustModelData, connects; sipgpo follows the trust model"
        case .notAmongPools(let server):
            return "\(server) is not among the declared pools, so sipgpo cannot follow the client further"
        }
    }
}

extension DiscoveryRun {
    /// The run in words: the documented JSON shape of `explain --format json`, and what the text renderers print.
    public var trace: DiscoveryTrace {
        let phrases = Phrases(self)
        let candidate = outcome.candidate
        return DiscoveryTrace(
            population: population, ou: ou, client: client, sipDomain: sipDomain.description, network: network,
            mode: signIn.rawValue, variant: variant, steps: events.map(phrases.step),
            hops: hops.map { Hop(server: $0.server, role: $0.role, action: $0.action, reason: phrases.hop($0.reason)) },
            outcome: Outcome(
                status: outcome.status, server: candidate?.hostName, port: candidate?.port,
                transport: candidate?.transport.rawValue, via: candidate?.via.description,
                reason: phrases.reason(outcome), certificateNames: outcome.certificateNames,
                registrar: outcome.registrar?.description, headline: phrases.headline(outcome)),
            settings: settings, notes: notes.map(phrases.note))
    }
}
