/// The shape of the site description (version 1), as data: every mapping's keys, which are required, and the type
/// of each value. The loader checks keys against these shapes (`SchemaReader.mapping(_:_:shape:)`), and
/// `SiteFormat.jsonSchema` writes the same shapes as a JSON Schema for editors, so the two cannot drift apart.
///
/// The loader stays the authority on values: the schema's enumerations come from the same enums the resolver
/// parses (`ForestRole`, `PoolRole`, `PolicyScope`, `DiscoveryVariantName`), client names from the client catalog.
public enum SiteFormat {
    /// The shape of one value.
    public indirect enum Shape: Sendable {
        /// A mapping with fixed keys.
        case object(ObjectShape)
        /// A mapping from names the site chooses (forests, SIP domains, pools, hosts) to values of one shape.
        case namedMap(key: String, value: Shape)
        /// A YAML sequence.
        case list(Shape)
        case string(StringShape)
        /// The name of a client profile (the resolver looks it up in the client catalog).
        case clientName
        case integer(allowed: [Int])
        case boolean
        /// A list of strings; one string alone is read as a list of one.
        case stringList(StringShape)
        /// A port (1 to 65535) or a non-empty list of ports.
        case portList
        /// A zone: zone-file lines, the path of a zone file, or nothing.
        case zoneSource
        /// Any one of the shapes.
        case anyOf([Shape])
    }

    /// A string, optionally one of a fixed set of values (compared ignoring case when `ignoringCase`).
    public struct StringShape: Sendable {
        public var values: [String]
        public var ignoringCase: Bool
        public init(values: [String] = [], ignoringCase: Bool = false) {
            self.values = values
            self.ignoringCase = ignoringCase
        }
        public static let any = StringShape()
    }

    /// A mapping with fixed keys, in the order the documentation lists them.
    public struct ObjectShape: Sendable {
        public var properties: [Property]
        public var required: [String]
        /// Keys required only when another key has a given value (`mode: manual` needs `internalServer`).
        public var requiredWhen: [Condition] = []
        public var keys: [String] { properties.map(\.name) }
    }

    public struct Condition: Sendable {
        public var key: String
        public var value: String
        public var required: [String]
    }

    public struct Property: Sendable {
        public var name: String
        public var description: String
        public var shape: Shape
    }

    static func property(_ name: String, _ shape: Shape, _ description: String) -> Property {
        Property(name: name, description: description, shape: shape)
    }

    // MARK: the mappings the loader reads

    /// The top level of a site description.
    public static let site = ObjectShape(
        properties: [
            property("version", .integer(allowed: [1]), "The format version; only 1 exists."),
            property("site", .string(.any), "The site's name, used in GPO names and documentation."),
            property(
                "discoveryVariant", .string(StringShape(values: DiscoveryVariantName.allCases.map(\.rawValue))),
                "Where sources disagree on discovery order: 'field' (observed on real clients, the default) or "
                    + "'documented' (Microsoft's text)."),
            property(
                "forests", .namedMap(key: "forest DNS name", value: .object(forest)), "The Active Directory forests."),
            property(
                "sipDomains", .namedMap(key: "SIP domain", value: .object(sipDomain)),
                "The SIP domains and the DNS each network sees for them."),
            property(
                "pools", .namedMap(key: "pool FQDN", value: .object(pool)),
                "The servers (Front End pools, Directors, Edges), so explain follows the client to its home pool."),
            property("defaults", .object(defaults), "Settings every population inherits."),
            property("populations", .list(.object(population)), "The user populations, one OU each."),
            property(
                "hosts", .namedMap(key: "server FQDN", value: .object(host)),
                "The state of servers by name: 'down: true' resolves but does not answer."),
        ],
        required: ["version", "site"])

    public static let forest = ObjectShape(
        properties: [
            property(
                "role", .string(StringShape(values: ForestRole.allCases.map(\.rawValue))),
                "'account' (users log on here; GPOs are linked here), 'resource' (hosts the servers) or 'single'."),
            property(
                "usersFrom", .stringList(.any), "For a resource forest: the account forests whose users it serves."),
        ],
        required: ["role"])

    public static let host = ObjectShape(
        properties: [property("down", .boolean, "The server resolves but does not answer.")], required: ["down"])

    public static let pool = ObjectShape(
        properties: [
            property(
                "role", .string(StringShape(values: PoolRole.allCases.map(\.rawValue))),
                "frontEnd, director, edge or standard."),
            property("region", .string(.any), "Where the pool is, for the documentation."),
            property("certificate", .object(certificate), "The names on the pool's certificate."),
            property(
                "transports", .stringList(StringShape(values: ["tls", "tcp"], ignoringCase: true)),
                "The SIP transports the pool listens on ([tls] unless written)."),
            property(
                "ports", .portList, "The ports the pool takes SIP clients on (an Edge: [443] unless written)."),
        ],
        required: ["role"])

    public static let certificate = ObjectShape(
        properties: [
            property("names", .stringList(.any), "The subject and subject alternative names."),
            property("trustedIssuer", .boolean, "Whether clients trust the issuing authority."),
        ],
        required: ["names"])

    public static let sipDomain = ObjectShape(
        properties: [property("dns", .object(dns), "The records each network resolves.")], required: ["dns"])

    public static let dns = ObjectShape(
        properties: [
            property(
                "inside", .zoneSource,
                "What a client inside the firewall resolves: zone-file lines, or a zone file relative to the site."),
            property(
                "outside", .zoneSource,
                "What a client outside the firewall resolves: zone-file lines, or a zone file relative to the site."),
        ],
        required: [])

    /// The keys of `signIn: { mode: manual, ... }`.
    public static let signIn = ObjectShape(
        properties: [
            property("mode", .string(StringShape(values: ["automatic", "manual"])), "automatic or manual."),
            property("internalServer", .string(.any), "HOST[:PORT] of the pool users reach inside the firewall."),
            property("externalServer", .string(.any), "HOST[:PORT] of the Edge users reach outside."),
            property(
                "transport", .string(StringShape(values: ["tls", "tcp"], ignoringCase: true)), "tls (default) or tcp."),
        ],
        required: ["mode"],
        requiredWhen: [Condition(key: "mode", value: "manual", required: ["internalServer"])])

    /// The settings `defaults` provides and each population may override.
    public static let settings: [Property] = [
        property("client", .clientName, "The client version's profile (see 'sipgpo clients')."),
        property("sipDomain", .string(.any), "The SIP domain of the users' sign-in addresses."),
        property(
            "signIn", .anyOf([.string(StringShape(values: ["automatic"])), .object(signIn)]),
            "automatic, or { mode: manual, internalServer: ..., externalServer: ..., transport: tls|tcp }."),
        property(
            "trustedDomains", .stringList(.any), "Domains the client trusts for discovered servers (TrustModelData)."),
        property("strictDnsNaming", .boolean, "false writes DisableStrictDNSNaming (Communicator-era clients)."),
        property(
            "scope", .string(StringShape(values: PolicyScope.allCases.map(\.rawValue))),
            "user (HKCU) or machine (HKLM) policy."),
        property("signInAddress", .string(.any), "The sign-in address to pre-fill, such as %LogonUser%@contoso.com."),
        property("homePool", .string(.any), "The pool the users are homed on (a key of 'pools')."),
    ]

    public static let defaults = ObjectShape(properties: settings, required: [])

    public static let population = ObjectShape(
        properties: [
            property("name", .string(.any), "The population's name."),
            property("ou", .string(.any), "The OU's distinguished name, such as OU=HQ,DC=contoso,DC=com."),
            property("forest", .string(.any), "The forest of the OU, when its DC= components do not name it."),
        ] + settings,
        required: ["name", "ou"])
}

extension SchemaReader {
    /// `mapping(_:_:keys:required:)` with the keys and required keys of a shape of the format.
    mutating func mapping(_ node: SyntaxNode, _ what: String, shape: SiteFormat.ObjectShape) -> MappingView? {
        mapping(node, what, keys: shape.keys, required: shape.required)
    }
}
