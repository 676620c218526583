/// The resolved site: names bound to things, settings inherited along the OU tree, DNS parsed.
public struct Site: Hashable, Codable, Sendable {
    public var name: String
    public var file: String
    public var discoveryVariant: Sourced<DiscoveryVariantName>?
    public var forests: [Forest]
    public var sipDomains: [SIPDomain]
    /// In the order the site description lists them (each inherits from its closest ancestor OU, wherever listed).
    public var populations: [Population]
    /// The policy scope of `defaults` (user unless written), which decides the hive of the domain GPO.
    public var defaultsScope: PolicyScope
    /// The servers the site declares (`pools:`); empty when the site describes DNS only.
    public var pools: [Pool] = []
    /// Servers that resolve but do not answer (`hosts: { NAME: { down: true } }`), with where that is written.
    public var downHosts: [DownHost] = []

    public func sipDomain(_ name: DNSName) -> SIPDomain? { sipDomains.first { $0.name == name } }

    /// Everything one network's DNS answers. A network has one namespace: a record written under one SIP domain
    /// (a pool in another domain, a CNAME target) answers for every population on that network.
    public func dns(_ network: NetworkLocation) -> DNSIndex {
        DNSIndex(records: sipDomains.flatMap { $0.view(network).records })
    }
    public func forest(_ name: DNSName) -> Forest? { forests.first { $0.name == name } }
}

/// A server the site declares down: its name resolves, and nothing answers the client's connection.
public struct DownHost: Hashable, Codable, Sendable {
    public var name: DNSName
    public var span: SourceSpan

    public init(name: DNSName, span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

extension Array where Element == DownHost {
    public func named(_ name: DNSName) -> DownHost? { first { $0.name == name } }
}

public enum ForestRole: String, Hashable, Codable, Sendable, CaseIterable {
    /// Users and computers log on here; GPOs are linked here.
    case account
    /// Hosts the Lync/OCS servers and disabled user objects that carry the SIP addresses.
    case resource
    /// Users and servers in one forest.
    case single
}

public struct Forest: Hashable, Codable, Sendable {
    public var name: DNSName
    public var role: ForestRole
    public var usersFrom: [DNSName]
    public var span: SourceSpan
}

public enum NetworkLocation: String, Hashable, Codable, Sendable, CaseIterable {
    case inside
    case outside
}

public struct SIPDomain: Hashable, Codable, Sendable {
    public var name: DNSName
    public var inside: DNSView
    public var outside: DNSView
    public var span: SourceSpan

    public func view(_ network: NetworkLocation) -> DNSView { network == .inside ? inside : outside }
}

/// The records one network sees. A client inside resolves against `inside`, outside against `outside`.
public struct DNSView: Hashable, Codable, Sendable {
    public var records: [ResourceRecord]
    /// The zone file the view came from, or nil for inline records.
    public var file: String?
    public var span: SourceSpan?

    public init(records: [ResourceRecord], file: String? = nil, span: SourceSpan? = nil) {
        self.records = records
        self.file = file
        self.span = span
    }

    public func records(named name: DNSName) -> [ResourceRecord] { records.filter { $0.name == name } }
    public func records(named name: DNSName, type: RecordType) -> [ResourceRecord] {
        records.filter { $0.name == name && $0.data.type == type }
    }
}

/// Records by owner name, for lookups in constant time, answered as a DNS server answers them, wildcards included
/// (RFC 4592): a name that exists answers with its own records only; a name that does not exist is answered from
/// the wildcard `*.<closest encloser>` if there is one, with the query name as the owner (the span stays the
/// wildcard record's).
public struct DNSIndex: Sendable {
    private var byName: [DNSName: [ResourceRecord]] = [:]
    /// Every name that exists: each owner and each of its ancestors (empty non-terminals exist too, RFC 4592 §2.2.2).
    private var existing: Set<DNSName> = []

    public init(records: [ResourceRecord]) {
        for record in records {
            byName[record.name, default: []].append(record)
            var name: DNSName? = record.name
            while let current = name, existing.insert(current).inserted { name = current.parent }
        }
    }

    public func records(named name: DNSName) -> [ResourceRecord] {
        if let own = byName[name] { return own }
        if existing.contains(name) { return [] }
        // The closest encloser: the nearest ancestor that exists (RFC 4592 §3.3.1); its wildcard is the source of
        // synthesis, and no wildcard higher up applies.
        var ancestor = name.parent
        while let current = ancestor, !existing.contains(current) { ancestor = current.parent }
        guard let encloser = ancestor, let wildcard = byName[encloser.prepending("*")] else { return [] }
        return wildcard.map { record in
            var synthesized = record
            synthesized.name = name
            return synthesized
        }
    }
    public func records(named name: DNSName, type: RecordType) -> [ResourceRecord] {
        records(named: name).filter { $0.data.type == type }
    }
}

/// A value of the effective settings and the place it came from.
public struct Sourced<Value: Hashable & Codable & Sendable>: Hashable, Codable, Sendable {
    public var value: Value
    public var origin: SettingOrigin

    public init(_ value: Value, from origin: SettingOrigin) {
        self.value = value
        self.origin = origin
    }
}

/// Where an effective value was decided: the site's defaults, a population (itself or an ancestor OU), or sipgpo's
/// built-in default when nothing was written.
public enum SettingOrigin: Hashable, Codable, Sendable, CustomStringConvertible {
    case builtIn
    case defaults(SourceSpan)
    case population(name: String, span: SourceSpan)

    public var span: SourceSpan? {
        switch self {
        case .builtIn: nil
        case .defaults(let span), .population(_, let span): span
        }
    }

    /// The population whose OU carries the value, nil for defaults and built-ins.
    public var population: String? {
        if case .population(let name, _) = self { return name }
        return nil
    }

    public var description: String {
        switch self {
        case .builtIn: "built-in default"
        case .defaults(let span): "defaults (\(span))"
        case .population(let name, let span): "population '\(name)' (\(span))"
        }
    }
}

public enum PolicyScope: String, Hashable, Codable, Sendable, CaseIterable {
    /// HKCU, from the GPO's User Configuration: follows the user.
    case user
    /// HKLM, from Computer Configuration: follows the computer, and wins over user policy.
    case machine
}

/// A server named in manual sign-in, with an optional port (`pool01.contoso.com:5061`) or an IP address.
public struct ServerAddress: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Host: Hashable, Codable, Sendable {
        case name(DNSName)
        case ipv4(IPv4Address)
        case ipv6(IPv6Address)
    }

    public var host: Host
    public var port: Int?
    public var span: SourceSpan

    public var hostDescription: String {
        switch host {
        case .name(let name): name.description
        case .ipv4(let address): address.description
        case .ipv6(let address): address.description
        }
    }

    /// As written into the policy value: `host` or `host:port`.
    public var description: String {
        guard let port else { return hostDescription }
        if case .ipv6 = host { return "[\(hostDescription)]:\(port)" }
        return "\(hostDescription):\(port)"
    }
}

public enum SignIn: Hashable, Codable, Sendable {
    case automatic
    case manual(ManualSignIn)

    public var mode: String {
        switch self {
        case .automatic: "automatic"
        case .manual: "manual"
        }
    }
}

public struct ManualSignIn: Hashable, Codable, Sendable {
    public var internalServer: ServerAddress
    public var externalServer: ServerAddress?
    public var transport: Transport
}

/// Every setting a population ends up with, each traced to the line that decided it.
public struct EffectiveSettings: Hashable, Codable, Sendable {
    public var client: Sourced<String>
    public var sipDomain: Sourced<DNSName>
    public var signIn: Sourced<SignIn>
    /// `TrustModelData`; nil when nothing was written (the client keeps its built-in list).
    public var trustedDomains: Sourced<[DNSName]>?
    public var strictDnsNaming: Sourced<Bool>
    public var scope: Sourced<PolicyScope>
    /// The sign-in address to pre-populate as a preference; nil when not written.
    public var signInAddress: Sourced<String>?
    /// The pool the users are homed on; nil when not written.
    public var homePool: Sourced<DNSName>?
}

public struct Population: Hashable, Codable, Sendable {
    public var name: String
    public var ou: DistinguishedName
    /// The forest the OU lives in (its DC= components name a domain of that forest).
    public var forest: DNSName
    public var settings: EffectiveSettings
    /// The population whose OU is the closest ancestor of this one, which it inherits from.
    public var parent: String?
    public var span: SourceSpan
}

extension Site {
    /// The site description's file name without its folders: what generated files call it, so GPO comments and
    /// scripts carry none of the builder's folders into the domain. Messages for the terminal use `file`.
    public var sourceName: String {
        file.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? file
    }
}
