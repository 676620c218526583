/// The site description as written: shape-checked, not yet resolved. Every value keeps its span.
public struct SiteSyntax: Hashable, Sendable {
    public var file: String
    public var version: Located<Int>?
    public var site: Located<String>?
    public var discoveryVariant: Located<String>?
    public var forests: [ForestSyntax] = []
    public var sipDomains: [SIPDomainSyntax] = []
    public var defaults: SettingsSyntax?
    public var populations: [PopulationSyntax] = []
    public var pools: [PoolSyntax] = []
    /// `hosts:`: the state of servers by name (`down: true`).
    public var hosts: [HostSyntax] = []
    public var span: SourceSpan
}

/// A server by name and its state: `pool01.contoso.com: { down: true }` resolves but does not answer.
public struct HostSyntax: Hashable, Sendable {
    public var name: Located<String>
    public var down: Located<Bool>?
}

/// A server the site declares: a Front End pool, Director, Edge or Standard Edition server, by FQDN.
public struct PoolSyntax: Hashable, Sendable {
    public var fqdn: Located<String>
    public var role: Located<String>?
    public var region: Located<String>?
    public var certificate: CertificateSyntax?
    /// The SIP transports the pool listens on (`[tls]` unless written).
    public var transports: Located<[Located<String>]>?
    /// The ports the pool takes SIP clients on (an Edge: `[443]` unless written).
    public var ports: Located<[Located<String>]>?
}

public struct CertificateSyntax: Hashable, Sendable {
    public var names: Located<[Located<String>]>?
    public var trustedIssuer: Located<Bool>?
    public var span: SourceSpan
}

public struct ForestSyntax: Hashable, Sendable {
    public var name: Located<String>
    public var role: Located<String>?
    public var usersFrom: [Located<String>] = []
}

public struct SIPDomainSyntax: Hashable, Sendable {
    public var name: Located<String>
    public var inside: ZoneSourceSyntax?
    public var outside: ZoneSourceSyntax?
}

/// Where a DNS view's records come from.
public enum ZoneSourceSyntax: Hashable, Sendable {
    /// Zone-file lines written in the site description, one record each.
    case inline([Located<String>], span: SourceSpan)
    /// A BIND-format zone file, relative to the site description.
    case file(Located<String>)
}

/// The settings a population may set and `defaults` provides; all optional, inherited when absent.
public struct SettingsSyntax: Hashable, Sendable {
    public var client: Located<String>?
    public var sipDomain: Located<String>?
    public var signIn: SignInSyntax?
    public var trustedDomains: Located<[Located<String>]>?
    public var strictDnsNaming: Located<Bool>?
    public var scope: Located<String>?
    /// The sign-in address to pre-populate (Group Policy Preferences), such as `%LogonUser%@fabrikam.com`.
    public var signInAddress: Located<String>?
    /// The FQDN of the pool the users are homed on (a key of `pools`).
    public var homePool: Located<String>?

    public static var keys: [String] { SiteFormat.defaults.keys }
}

public enum SignInSyntax: Hashable, Sendable {
    case automatic(SourceSpan)
    case manual(ManualSignInSyntax)
}

public struct ManualSignInSyntax: Hashable, Sendable {
    public var internalServer: Located<String>?
    public var externalServer: Located<String>?
    public var transport: Located<String>?
    public var span: SourceSpan
}

public struct PopulationSyntax: Hashable, Sendable {
    public var name: Located<String>
    public var ou: Located<String>
    public var forest: Located<String>?
    public var settings: SettingsSyntax
    public var span: SourceSpan
}
