/// What sipgpo knows about one client version: where its policies live, how it finds its server, and how it
/// decides to trust what it found. Loaded from `templates/clients/*.json`; every fact carries its source.
public struct ClientProfile: Hashable, Codable, Sendable {
    public var id: String
    public var displayName: String
    /// The policy family the client reads (`communicator` or `office15` / `office16`), which the policy catalog binds.
    public var policyFamily: String
    /// `Software\Policies\...`, under HKLM and HKCU.
    public var policyRoot: String
    public var trust: TrustRule
    /// Which variant is used unless the site or the command line asks for another.
    public var defaultVariant: DiscoveryVariantName
    public var variants: [DiscoveryVariantName: DiscoveryVariant]
    /// Facts that shape the explanation, each with its source.
    public var facts: [Fact]
    /// Where the client keeps the sign-in address the user last typed (a preference, not a policy).
    public var signInAddressPreference: PreferenceLocation?
    /// Domains the client trusts without TrustModelData, which TrustModelData replaces (trusted-domain clients).
    public var builtInTrustedDomains: BuiltInTrustedDomains?
    /// Whether Group Policy can set the manual sign-in transport; absent means it can.
    public var transportPolicy: PolicyAvailability?

    public func variant(_ name: DiscoveryVariantName?) -> (name: DiscoveryVariantName, variant: DiscoveryVariant) {
        if let name, let variant = variants[name] { return (name, variant) }
        return (defaultVariant, variants[defaultVariant]!)
    }

    /// True for clients that can fall back to SIP-over-HTTP and use the Communicator-era policy key.
    public var isCommunicatorEra: Bool { policyFamily == "communicator" }

    /// Phones, mobile clients and the Store app take no Group Policy (`policyFamily` "none").
    public var isManagedByGroupPolicy: Bool { policyFamily != "none" }
}

/// The domains a trusted-domain client trusts on its own, and where that is documented.
public struct BuiltInTrustedDomains: Hashable, Codable, Sendable {
    public var domains: [String]
    public var source: String
}

/// Whether a policy exists for a setting in the client's templates, and where that is documented.
public struct PolicyAvailability: Hashable, Codable, Sendable {
    public var available: Bool
    public var source: String
}

/// A user preference in the registry: HKCU `key`\`valueName`.
public struct PreferenceLocation: Hashable, Codable, Sendable {
    public var key: String
    public var valueName: String
    public var source: String
    public var uncertain: Bool?
}

/// `field` follows what was observed on real clients; `documented` follows Microsoft's published text.
public enum DiscoveryVariantName: String, Hashable, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    case field
    case documented
}

public struct DiscoveryVariant: Hashable, Codable, Sendable {
    /// One sentence naming the order, for `sipgpo clients`.
    public var summary: String
    public var lookups: [DiscoveryLookup]
    /// What the client does when a record was found but cannot be used (the target does not resolve, cannot be
    /// reached, or fails the naming rule).
    public var onFoundRecordFailure: FailurePolicy
    /// Whether host (A) fallbacks are tried only when no SRV record exists at all, or also after SRV candidates fail.
    public var hostFallback: HostFallbackPolicy
    /// What the client does when the first address of a name cannot be used: a separate fact from
    /// `onFoundRecordFailure` (what it does when a whole candidate fails).
    public var addressFailover: AddressFailover
    public var sources: [String]
    /// What the variant rests on, when its name overstates it: `field` promises an observation and `documented`
    /// Microsoft's text for this client, and some variants are neither (Lync 2010's failover rules are borrowed).
    public var basis: String?
}

public enum FailurePolicy: String, Hashable, Codable, Sendable {
    /// "The client does not try any other SRV records" (OCS 2007 R2 docs).
    case stop
    /// "The DNS query process continues until a successful query is returned" (Lync Server 2013 docs).
    case advance
}

public enum AddressFailover: String, Hashable, Codable, Sendable {
    /// Uses the first address DNS returns.
    case firstAddress
    /// Fails over between the addresses of a pool.
    case everyAddress
}

public enum HostFallbackPolicy: String, Hashable, Codable, Sendable {
    case onlyWithoutSRV
    case afterSRV
}

public struct DiscoveryLookup: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable {
        /// HTTPS to `<label>.<sipdomain>` (A, AAAA or CNAME), which answers with the home pool's URLs.
        case autodiscover
        /// An SRV query for `<service>.<sipdomain>`.
        case srv
        /// An A/AAAA query for `<label>.<sipdomain>`, connecting on `port`.
        case host
    }

    public var kind: Kind
    /// `_sipinternaltls._tcp` for SRV; `sipinternal`, `lyncdiscover` for hosts.
    public var name: String
    public var transport: Transport
    /// The port an Autodiscover lookup connects to; SRV records carry their own, host lookups list `ports`.
    public var port: Int?
    /// The ports a host (A) lookup connects to, and whether the sources document them.
    public var ports: HostPorts?
    /// When the client performs the lookup only under a condition ("only if TCP is allowed").
    public var condition: String?
    /// Why this step is listed, when the sources are thin.
    public var note: String?
    /// A lookup meant for clients inside the firewall (`_sipinternaltls._tcp`, `sipinternal`,
    /// `lyncdiscoverinternal`): when the outside DNS answers it, the internal record wins outside too.
    public var `internal`: Bool?

    public var isInternal: Bool { `internal` ?? false }
}

/// The ports a client uses on a host found by an A-record lookup (`sipinternal`, `sip`, `sipexternal`).
///
/// Documented (Lync Phone Edition: "sip:5061, sip:443"): the client tries each port in turn. Undocumented (desktop
/// clients: Microsoft names no port after an A-record lookup): each port is one reading of the sources, the
/// simulator runs each and says when the outcome depends on it.
public struct HostPorts: Hashable, Codable, Sendable {
    /// In the order tried (documented), or the readings with the one explanations show first (undocumented).
    public var values: [Int]
    public var documented: Bool
    public var source: String

    public init(values: [Int], documented: Bool, source: String) {
        self.values = values
        self.documented = documented
        self.source = source
    }
}

public enum Transport: String, Hashable, Codable, Sendable, CaseIterable {
    case tls = "TLS"
    case tcp = "TCP"
    case https = "HTTPS"
    /// The first Autodiscover request of mobile clients (port 80).
    case http = "HTTP"
}

public enum TrustRule: String, Hashable, Codable, Sendable {
    /// The server must prove `<sipdomain>` or `sip.<sipdomain>` over TLS (any name under it without strict naming).
    case strictDnsNaming
    /// A server outside the SIP domain and the trusted-domain list makes the client ask the user.
    case trustedDomainPrompt
}

public struct Fact: Hashable, Codable, Sendable {
    public var topic: String
    public var text: String
    public var source: String
    /// Set when the sources disagree or the fact is inferred.
    public var uncertain: Bool?
}

/// All profiles known to this run, by id.
public struct ClientCatalog: Hashable, Sendable {
    public var profiles: [String: ClientProfile]

    public init(profiles: [ClientProfile]) {
        self.profiles = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var ids: [String] { profiles.keys.sorted() }
    public subscript(id: String) -> ClientProfile? { profiles[id] }
}
