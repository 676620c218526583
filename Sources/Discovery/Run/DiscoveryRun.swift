import SiteModel

/// What one population's client does on one network, as typed events: the simulator's result.
///
/// Every later stage (checks, certificate plan, DNS needs, hops, settings, renderers, the live probe, diff and
/// resilience) reads these types. The words an administrator reads are rendered from them (`DiscoveryRun.trace`),
/// never the other way round.
public struct DiscoveryRun: Hashable, Sendable {
    public var population: String {
        get { storage.value.population }
        _modify { yield &storage.value.population }
    }
    public var ou: String {
        get { storage.value.ou }
        _modify { yield &storage.value.ou }
    }
    /// The client profile's id (`lync-2013`) and its display name, for messages.
    public var client: String {
        get { storage.value.client }
        _modify { yield &storage.value.client }
    }
    public var clientName: String {
        get { storage.value.clientName }
        _modify { yield &storage.value.clientName }
    }
    public var sipDomain: DNSName {
        get { storage.value.sipDomain }
        _modify { yield &storage.value.sipDomain }
    }
    public var network: NetworkLocation {
        get { storage.value.network }
        _modify { yield &storage.value.network }
    }
    public var signIn: SignInMode {
        get { storage.value.signIn }
        _modify { yield &storage.value.signIn }
    }
    /// The discovery variant followed (`field` or `documented`).
    public var variant: DiscoveryVariantName {
        get { storage.value.variant }
        _modify { yield &storage.value.variant }
    }
    public var events: [DiscoveryEvent] {
        get { storage.value.events }
        _modify { yield &storage.value.events }
    }
    /// After discovery: where the client goes next, to its home pool (empty when the site declares no pools).
    public var hops: [HopEvent] {
        get { storage.value.hops }
        _modify { yield &storage.value.hops }
    }
    public var outcome: DiscoveryOutcome {
        get { storage.value.outcome }
        _modify { yield &storage.value.outcome }
    }
    /// The policy values Group Policy gives the population (filled from the plan by `Compiler`).
    public var settings: [EffectiveSetting] {
        get { storage.value.settings }
        _modify { yield &storage.value.settings }
    }
    public var notes: [DiscoveryNote] {
        get { storage.value.notes }
        _modify { yield &storage.value.notes }
    }
    /// The user preferences Group Policy Preferences give the population (filled from the plan by `Compiler`).
    public var preferences: [EffectivePreference] {
        get { storage.value.preferences }
        _modify { yield &storage.value.preferences }
    }

    /// The fields, copied only when a shared run is changed: runs are passed and kept in many places (checks, plans,
    /// renderers).
    private var storage: CopyOnWrite<Fields>

    private struct Fields: Hashable, Sendable {
        var population: String
        var ou: String
        var client: String
        var clientName: String
        var sipDomain: DNSName
        var network: NetworkLocation
        var signIn: SignInMode
        var variant: DiscoveryVariantName
        var events: [DiscoveryEvent]
        var hops: [HopEvent]
        var outcome: DiscoveryOutcome
        var settings: [EffectiveSetting]
        var notes: [DiscoveryNote]
        var preferences: [EffectivePreference]
    }

    init(
        population: String, ou: String, client: String, clientName: String, sipDomain: DNSName,
        network: NetworkLocation, signIn: SignInMode, variant: DiscoveryVariantName, events: [DiscoveryEvent],
        hops: [HopEvent] = [], outcome: DiscoveryOutcome, settings: [EffectiveSetting], notes: [DiscoveryNote],
        preferences: [EffectivePreference] = []
    ) {
        storage = CopyOnWrite(
            Fields(
                population: population, ou: ou, client: client, clientName: clientName, sipDomain: sipDomain,
                network: network, signIn: signIn, variant: variant, events: events, hops: hops, outcome: outcome,
                settings: settings, notes: notes, preferences: preferences))
    }
}

/// Automatic or manual sign-in, without the manual settings.
public enum SignInMode: String, Hashable, Codable, Sendable {
    case automatic
    case manual

    public init(_ signIn: SignIn) {
        switch signIn {
        case .automatic: self = .automatic
        case .manual: self = .manual
        }
    }
}

/// One thing the client does: a DNS query, or a connection to what the queries found.
public enum DiscoveryEvent: Hashable, Sendable {
    case lookup(LookupEvent)
    case connection(ConnectionEvent)

    public var lookup: LookupEvent? {
        if case .lookup(let lookup) = self { return lookup }
        return nil
    }

    public var connection: ConnectionEvent? {
        if case .connection(let connection) = self { return connection }
        return nil
    }
}

/// One DNS query and what this network's DNS answered.
public struct LookupEvent: Hashable, Sendable {
    public enum Answer: Hashable, Sendable {
        /// SRV records in the order the client takes them.
        case services([ServiceRecord])
        case alias(DNSName)
        case addresses([ResolvedAddress])
        /// No record of the type asked; `purpose` says why the name was asked (`Autodiscover`).
        case absent(purpose: String?)
        /// The CNAME chain came back to a name already followed.
        case aliasLoop
    }

    public var name: DNSName
    /// The record types asked (`SRV`, `CNAME`, `A`, or `A` and `AAAA` for an address lookup that found both).
    public var types: [RecordType]
    public var answer: Answer
    /// Where the record that answered was written.
    public var span: SourceSpan?

    public var found: Bool {
        switch answer {
        case .services, .alias, .addresses: true
        case .absent, .aliasLoop: false
        }
    }

    /// Whether this was a query for addresses (A or AAAA).
    public var isAddressLookup: Bool { types.contains(.a) || types.contains(.aaaa) }
}

/// An SRV answer: where the service is and in what order.
public struct ServiceRecord: Hashable, Sendable {
    public var priority: Int
    public var weight: Int
    public var port: Int
    public var target: DNSName
    public var span: SourceSpan
}

/// An address a name resolved to (or a server configured by address).
public struct ResolvedAddress: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case ipv4(IPv4Address)
        case ipv6(IPv6Address)
    }

    public var value: Value
    public var span: SourceSpan?

    public var isPrivate: Bool {
        switch value {
        case .ipv4(let address): address.isPrivate
        case .ipv6(let address): address.isPrivate
        }
    }

    /// The private range and the RFC that reserves it ("RFC 1918", "unique local, RFC 4193"), when private.
    public var privateRange: String? {
        switch value {
        case .ipv4(let address): address.privateRange
        case .ipv6(let address): address.privateRange
        }
    }

    public var text: String {
        switch value {
        case .ipv4(let address): address.description
        case .ipv6(let address): address.description
        }
    }
}

/// A server the client tries, and how it got there.
public struct Candidate: Hashable, Sendable {
    public var host: ServerAddress.Host
    public var port: Int
    public var transport: Transport
    public var via: Via

    /// The host as the client names it: the DNS name or the address.
    public var hostName: String {
        switch host {
        case .name(let name): name.description
        case .ipv4(let address): address.description
        case .ipv6(let address): address.description
        }
    }

    public var endpoint: String { "\(hostName):\(port)" }
}

/// The lookup that produced a candidate, or the policy that configured it.
public enum Via: Hashable, Sendable, CustomStringConvertible {
    case manual
    case lookup(DNSName, DiscoveryLookup.Kind)

    public var description: String {
        switch self {
        case .manual: "manual"
        case .lookup(let name, _): name.description
        }
    }

    public var kind: DiscoveryLookup.Kind? {
        if case .lookup(_, let kind) = self { return kind }
        return nil
    }
}

/// One connection attempt and what the client decided about it.
public struct ConnectionEvent: Hashable, Sendable {
    public var candidate: Candidate
    public var address: ResolvedAddress
    public var decision: ConnectionDecision
    /// The SIP domain the trust rules judged against.
    public var sipDomain: DNSName

    public enum Result: String, Hashable, Sendable {
        case connected
        case unreachable
        case refused
    }

    public var result: Result {
        switch decision {
        case .tcpRefusedOutside, .privateAddress: .unreachable
        case .certificate(.untrustedIssuer), .certificate(.lacksConnectedName), .strictNamingRefused,
            .untrustedDomainPrompt, .addressCannotProveName:
            .refused
        case .tcpNotOffered, .noAnswer, .portClosed: .unreachable
        default: .connected
        }
    }

    /// Where the fix is: the certificate that refused, else the record that gave the address.
    public var span: SourceSpan? {
        switch decision {
        case .tcpRefusedOutside: nil
        case .certificate(let refusal): refusal.certificateSpan
        case .strictNamingRefused(let pool, _): pool.certificate?.span
        case .tcpNotOffered(let pool), .portClosed(let pool): pool.span
        case .noAnswer(let host): host.span
        default: address.span
        }
    }
}

/// A declared certificate that the client refuses, before any naming rule.
public enum CertificateRefusal: Hashable, Sendable {
    case untrustedIssuer(Pool)
    case lacksConnectedName(Pool)

    public var pool: Pool {
        switch self {
        case .untrustedIssuer(let pool), .lacksConnectedName(let pool): pool
        }
    }

    var certificateSpan: SourceSpan? { pool.certificate?.span }
}

/// What the client decided about a server it reached, by the transport, the certificate and its trust rule.
public enum ConnectionDecision: Hashable, Sendable {
    /// SIP over TCP from outside: the Edge accepts only TLS.
    case tcpRefusedOutside
    /// The first usable address is private and the client is outside.
    case privateAddress
    case certificate(CertificateRefusal)
    /// A configured (manual) server is trusted as given.
    case configuredServer
    /// Autodiscover answered; `answering` is the declared pool that answers, if any.
    case autodiscover(scheme: String, answering: Pool?)
    /// Strict DNS naming applies only to TLS.
    case tcpNotChecked
    /// The declared certificate carries the name the rule needs (`sip.<domain>`, or a name under the domain).
    case certificateProves(strict: Bool)
    /// The declared certificate lacks every name the rule accepts.
    case strictNamingRefused(Pool, strict: Bool)
    /// The server's own name satisfies the rule.
    case nameSatisfies(strict: Bool)
    /// No certificate is declared: the server must present the name the rule needs.
    case mustPresent(strict: Bool)
    /// Trusted-domain rule: the server is in the SIP domain.
    case inSIPDomain
    /// Trusted-domain rule: the server is in a domain of TrustModelData.
    case inTrustedDomain(DNSName)
    /// Trusted-domain rule: the user is asked.
    case untrustedDomainPrompt
    /// A server configured by IP address over TLS: a certificate names the server by DNS name, which the client
    /// cannot match against an address, so the TLS name check fails.
    case addressCannotProveName
    /// SIP over TCP to a declared pool that does not list TCP among its `transports` (TLS only by default).
    case tcpNotOffered(Pool)
    /// The name resolved, and the server does not answer (`hosts: { NAME: { down: true } }`).
    case noAnswer(DownHost)
    /// A declared server that lists the ports it takes clients on (an Access Edge: 443 unless its `ports` say
    /// otherwise) does not listen on the candidate's port.
    case portClosed(Pool)
}

/// A candidate that was found (or looked for) and could not be used.
public enum CandidateFailure: Hashable, Sendable {
    /// An SRV record with target `.`: the service is not offered.
    case serviceUnavailable(DNSName)
    /// The name did not resolve at all.
    case unresolved(DNSName, DiscoveryLookup.Kind?)
    /// It resolved, and the connection or the trust rule refused it.
    case rejected(ConnectionEvent)

    public var isUnresolved: Bool {
        if case .unresolved = self { return true }
        return false
    }
}

/// How discovery ends.
public struct DiscoveryOutcome: Hashable, Sendable {
    public enum Status: String, Hashable, Codable, Sendable {
        /// Signs in with no user action.
        case connected
        /// The user must accept a server the client cannot verify.
        case prompt
        case failed
    }

    public var status: Status
    /// The connection that discovery ended on; nil when it failed.
    public var connection: ConnectionEvent?
    public var reason: OutcomeReason
    /// The names the server must present on its certificate for the client to accept it, when a naming rule applies.
    public var certificateNames: [String]?
    /// The home pool the client registers with, when the site declares pools.
    public var registrar: DNSName?
    /// For a client that uses only the first SRV record it picks, the records of equal (lowest) priority it picks
    /// among by weight (RFC 2782), each with its share of attempts and how it ends; empty otherwise.
    public var branches: [WeightedBranch] = []
    /// When the port a client uses after an A-record lookup is undocumented and the readings of the sources end
    /// differently: how each reading ends. The outcome itself is the worse reading's, so that an assumption the
    /// sources do not support never signs in. Empty otherwise.
    public var portReadings: [PortReading] = []
    /// The server was reached after an A-record lookup on a port the sources do not document, and no declared server
    /// says which ports it takes: whether it signs in depends on a port sipgpo cannot check.
    public var portUnverified = false

    public var candidate: Candidate? { connection?.candidate }

    /// Failed before asking the user, before signing in: the order in which readings of the sources are worse.
    var rank: Int {
        switch status {
        case .failed: 0
        case .prompt: 1
        case .connected: 2
        }
    }
}

/// One reading of an undocumented fallback port: discovery with every undocumented A-record fallback on `port`.
public struct PortReading: Hashable, Sendable {
    public var port: Int
    public var outcome: DiscoveryOutcome
}

/// One SRV record a client may pick among records of equal priority, with the share of attempts that pick it.
public struct WeightedBranch: Hashable, Sendable {
    public var record: ServiceRecord
    /// The record's weight over the sum of weights (RFC 2782); equal shares when every weight is 0.
    public var share: Double
    public var status: DiscoveryOutcome.Status
    /// Why the branch fails, when it does.
    public var failure: CandidateFailure?
    /// Whether this is the record the explanation follows (the highest weight).
    public var followed: Bool
}

/// Why discovery ended as it did.
public indirect enum OutcomeReason: Hashable, Sendable {
    /// The connection's decision says it (the trust rule, Autodiscover, a configured server).
    case connected
    /// A manual server: `role` is `internal` or `external`.
    case configured(role: String, then: OutcomeReason)
    /// A host (A) fallback won: the lookups before it that came up empty, and whether SRV records were found.
    case hostWins(DNSName, foundSRV: Bool, srvAbsent: Bool, unresolvedHosts: [DNSName])
    case failed(FailureReason)
    /// Discovery reached a server, and registration after it fails.
    case registrationFailed(server: String, RegistrationFailure)
}

public enum FailureReason: Hashable, Sendable {
    /// Communicator-era clients use the first SRV record only; `internalOutside` names the record to remove.
    case firstServiceUnusable(CandidateFailure?, internalOutside: DNSName?)
    /// Communicator-era clients stop at the first name that resolves.
    case firstHostUnusable(CandidateFailure)
    /// Every lookup of the order came up empty or unusable.
    case exhausted([ExhaustedPart])
    /// Manual sign-in: each configured server and why it failed.
    case manual([ManualFailure], noExternalServer: Bool)
}

public struct ManualFailure: Hashable, Sendable {
    public var role: String
    public var failure: CandidateFailure
}

/// One clause of "why discovery ran out of candidates", in the order the client tried them.
public enum ExhaustedPart: Hashable, Sendable {
    case candidate(CandidateFailure)
    case unresolvedAutodiscover([DNSName])
    case noFallback
    case noServiceRecords(DNSName)
    case unresolvedHosts([DNSName])
    /// None of the SRV records this client queries exist, but `names` (sign-in SRV records it does not query) do.
    case unqueriedServiceRecords(DNSName, [DNSName])
}

/// Why registration fails after discovery found a server.
public enum RegistrationFailure: Hashable, Sendable {
    case untrustedIssuer(Pool)
    case lacksName(Pool)
    /// The server the client is sent to has no address in this network's DNS.
    case unresolved(Pool)
    /// It resolves only to a private address, and the client is outside.
    case privateAddress(Pool, ResolvedAddress)
    /// It resolves, and the server does not answer (`hosts: { NAME: { down: true } }`).
    case noAnswer(Pool, DownHost)
}

/// One server on the way from the server discovery found to the user's home pool.
public struct HopEvent: Hashable, Sendable {
    public enum Action: String, Hashable, Codable, Sendable {
        /// Sends the client on to another server (a Director, another pool, Autodiscover).
        case redirect
        /// Relays the client's traffic inside (the Access Edge).
        case proxy
        /// Registers the user: the home pool.
        case register

        /// "redirects", "proxies", "registers".
        public var verb: String {
            switch self {
            case .redirect: "redirects"
            case .proxy: "proxies"
            case .register: "registers"
            }
        }
    }

    public enum Reason: Hashable, Sendable {
        case directorRedirect(home: Pool)
        /// Outside, through the Access Edge: the Director relays the client's traffic to the home pool.
        case directorProxies(home: Pool)
        case directorWithoutHome(proxies: Bool)
        case notHomePool(Pool, home: Pool, proxies: Bool)
        case homeRegisters
        case assumedHome
        case edgeProxies
        case autodiscoverInternal(answering: Pool?, home: Pool?)
        case autodiscoverExternal(answering: Pool?, edge: Pool?)
    }

    /// The server's name (a declared pool's FQDN, or the Autodiscover name).
    public var server: String
    /// The pool's role, or `autodiscover` for an undeclared Autodiscover server.
    public var role: String
    public var action: Action
    public var reason: Reason
}

/// What an explanation adds beside the steps, each a fact with its arguments.
public enum DiscoveryNote: Hashable, Sendable {
    /// The discovery order followed and where it comes from.
    case variantFollowed(client: String, DiscoveryVariantName, summary: String)
    /// The discovery order followed, for a variant whose name would overstate its sources: what it rests on.
    case variantBasis(client: String, DiscoveryVariantName, summary: String, basis: String)
    /// The other reading of the sources ends differently.
    case otherVariantDiffers(DiscoveryVariantName, summary: String, outcome: DiscoveryOutcome, source: String)
    case lookupCondition(lookup: String, condition: String, source: String)
    case lookupNote(DNSName, String)
    case severalServiceRecords(DNSName, count: Int)
    case earlierFailures([CandidateFailure])
    case autodiscoverFavoured
    case manualSignIn
    case trustModelReplacesBuiltIn(builtIn: [String])
    case addTrustedDomain(String, listExists: Bool)
    case crossNamespace(host: DNSName, sipDomain: DNSName)
    case internalRecordOutside(DNSName)
    case serviceTargetOutsideDomain(service: DNSName, target: DNSName)
    case notAmongPools(String)
    /// After discovery, the client was sent to a server outside its SIP domain and TrustModelData.
    case handedServerOutsideDomain(DNSName, redirected: Bool)
    /// Sign-in SRV records exist for the SIP domain that this client's order does not query.
    case unqueriedServiceRecords([DNSName])
    /// The site asks for a manual transport the client has no policy for; the client is simulated with TLS.
    case transportWithoutPolicy(written: Transport, source: String)
    /// Autodiscover answered, and the client has no other kind of lookup: no fallback to SRV or A records.
    case autodiscoverOnly
    /// An Autodiscover name is an alias (CNAME) of a name in another domain, asked over HTTPS: Microsoft's DNS
    /// summary for Autodiscover says CNAME redirection to different domains is not supported over HTTPS.
    case autodiscoverAliasOtherDomain(name: DNSName, target: DNSName)
    /// The client reached `host` after an A-record lookup on a port the sources do not document (`readings` are the
    /// ports sipgpo runs); `listening` is the declared server that lists the ports it takes clients on, if any.
    case hostPortUndocumented(host: DNSName, readings: [Int], listening: Pool?, source: String)
}
