/// What a server does for sign-in.
public enum PoolRole: String, Hashable, Codable, Sendable, CaseIterable {
    /// An Enterprise Edition Front End pool: registers the users homed on it.
    case frontEnd
    /// Authenticates and redirects clients to their home pool; homes nobody.
    case director
    /// The Access Edge: accepts clients outside the firewall (TLS only) and proxies them inside.
    case edge
    /// A Standard Edition server: a pool of one.
    case standard

    /// Pools that users can be homed on.
    public var homesUsers: Bool { self == .frontEnd || self == .standard }
}

/// A certificate a server presents. An Edge's is the one it shows outside.
public struct Certificate: Hashable, Codable, Sendable {
    /// Subject and subject alternative names; `*.contoso.com` wildcards allowed.
    public var names: [CertificateName]
    /// Whether clients trust the issuing CA.
    public var trustedIssuer: Bool
    public var span: SourceSpan

    /// Whether the certificate proves `name`: exactly, or through a wildcard covering one label.
    public func covers(_ name: DNSName) -> Bool { names.contains { $0.covers(name) } }
}

/// A name on a certificate: a DNS name, or a wildcard for one label under a domain.
public struct CertificateName: Hashable, Codable, Sendable, CustomStringConvertible {
    public var name: DNSName
    public var isWildcard: Bool

    public init(name: DNSName, isWildcard: Bool) {
        self.name = name
        self.isWildcard = isWildcard
    }

    public func covers(_ other: DNSName) -> Bool {
        isWildcard ? other.parent == name : other == name
    }

    public var description: String { isWildcard ? "*.\(name)" : name.description }
}

public struct Pool: Hashable, Codable, Sendable {
    public var fqdn: DNSName {
        get { storage.value.fqdn }
        _modify { yield &storage.value.fqdn }
    }
    public var role: PoolRole {
        get { storage.value.role }
        _modify { yield &storage.value.role }
    }
    public var region: String? {
        get { storage.value.region }
        _modify { yield &storage.value.region }
    }
    public var certificate: Certificate? {
        get { storage.value.certificate }
        _modify { yield &storage.value.certificate }
    }
    public var span: SourceSpan {
        get { storage.value.span }
        _modify { yield &storage.value.span }
    }
    /// The SIP transports the pool accepts clients on. TLS only unless the site says otherwise: "Lync Server no
    /// longer uses TCP port 5060" by default (Lync Server 2013, "Ports and protocols for internal servers").
    public var transports: [Transport] {
        get { storage.value.transports }
        _modify { yield &storage.value.transports }
    }
    /// The ports the server takes SIP clients on, when known: an Access Edge takes them on 443 unless the site lists
    /// `ports` ("Ports and protocols for internal servers", Lync Server 2013); nil for other roles unless written
    /// (not checked).
    public var ports: [Int]? {
        get { storage.value.ports }
        _modify { yield &storage.value.ports }
    }

    /// The fields, copied only when a shared pool is changed: discovery hands pools around for every population
    /// (hops, reasons).
    private var storage: CopyOnWrite<Fields>

    private struct Fields: Hashable, Codable, Sendable {
        var fqdn: DNSName
        var role: PoolRole
        var region: String?
        var certificate: Certificate?
        var span: SourceSpan
        var transports: [Transport] = [.tls]
        var ports: [Int]?
    }

    public init(fqdn: DNSName, role: PoolRole, region: String?, certificate: Certificate?, span: SourceSpan) {
        storage = CopyOnWrite(Fields(fqdn: fqdn, role: role, region: region, certificate: certificate, span: span))
    }

    public init(from decoder: any Decoder) throws { storage = CopyOnWrite(try Fields(from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try storage.value.encode(to: encoder) }

    public var label: String {
        let what: String =
            switch role {
            case .frontEnd: "Front End pool"
            case .director: "Director"
            case .edge: "Access Edge"
            case .standard: "Standard Edition server"
            }
        return region.map { "\($0) \(what) \(fqdn)" } ?? "\(what) \(fqdn)"
    }
}

extension Array where Element == Pool {
    /// The declared server a client reaches by connecting to `name`: the pool with that FQDN, else one whose
    /// certificate names it (an Edge published as sip.contoso.com, a pool answering lyncdiscoverinternal).
    public func reached(as name: DNSName, preferring roles: [PoolRole] = []) -> Pool? {
        if let exact = first(where: { $0.fqdn == name }) { return exact }
        let candidates = filter { $0.certificate?.covers(name) == true }
        return candidates.first { roles.contains($0.role) } ?? candidates.first
    }

    public func named(_ fqdn: DNSName) -> Pool? { first { $0.fqdn == fqdn } }
}
