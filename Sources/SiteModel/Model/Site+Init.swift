/// Public makers, for sites made in code rather than loaded from a description (the live probe builds one from what
/// DNS answers). Static functions, because a public init with the memberwise signature would redeclare it.
extension Site {
    public static func make(
        name: String, file: String, discoveryVariant: Sourced<DiscoveryVariantName>? = nil, forests: [Forest] = [],
        sipDomains: [SIPDomain], populations: [Population], defaultsScope: PolicyScope = .user, pools: [Pool] = []
    ) -> Self {
        Self(
            name: name, file: file, discoveryVariant: discoveryVariant, forests: forests, sipDomains: sipDomains,
            populations: populations, defaultsScope: defaultsScope, pools: pools)
    }
}

extension SIPDomain {
    public static func make(name: DNSName, inside: DNSView, outside: DNSView, span: SourceSpan) -> Self {
        Self(name: name, inside: inside, outside: outside, span: span)
    }
}

extension Population {
    public static func make(
        name: String, ou: DistinguishedName, forest: DNSName, settings: EffectiveSettings, parent: String? = nil,
        span: SourceSpan
    ) -> Self {
        Self(name: name, ou: ou, forest: forest, settings: settings, parent: parent, span: span)
    }
}

extension EffectiveSettings {
    public static func make(
        client: Sourced<String>, sipDomain: Sourced<DNSName>, signIn: Sourced<SignIn>,
        trustedDomains: Sourced<[DNSName]>? = nil, strictDnsNaming: Sourced<Bool>, scope: Sourced<PolicyScope>,
        signInAddress: Sourced<String>? = nil, homePool: Sourced<DNSName>? = nil
    ) -> Self {
        Self(
            client: client, sipDomain: sipDomain, signIn: signIn, trustedDomains: trustedDomains,
            strictDnsNaming: strictDnsNaming, scope: scope, signInAddress: signInAddress, homePool: homePool)
    }
}

extension Certificate {
    public static func make(names: [CertificateName], trustedIssuer: Bool, span: SourceSpan) -> Self {
        Self(names: names, trustedIssuer: trustedIssuer, span: span)
    }
}
