import SiteModel

/// The policy scope in force where each value is written: the defaults' scope, or a population's effective one.
public struct PolicyScopes: Sendable {
    var defaults: PolicyScope
    var byPopulation: [String: PolicyScope]

    public init(_ site: Site) {
        defaults = site.defaultsScope
        byPopulation = Dictionary(site.populations.map { ($0.name, $0.settings.scope.value) }, uniquingKeysWith: { first, _ in first })
    }

    func scope(at origin: SettingOrigin) -> PolicyScope? {
        switch origin {
        case .builtIn: nil
        case .defaults: defaults
        case .population(let name, _): byPopulation[name]
        }
    }
}

extension Population {
    /// The policy values this population receives, by the names Microsoft documents, each with its GPO and source.
    /// Only values the site writes are listed; a built-in default writes nothing (the policy stays not configured).
    ///
    /// A value comes from the GPO of the OU (or domain) that wrote it, unless that GPO writes it into the other hive:
    /// a population whose scope differs from its ancestor's must write the inherited value again, in its own GPO.
    public func policySettings(site: Site, profile: ClientProfile, scopes: PolicyScopes) -> [EffectiveSetting] {
        let scope = settings.scope.value
        let hive = scope == .machine ? "HKLM" : "HKCU"
        let ownGPO = GPOName.population(site: site.name, population: name)
        var out: [EffectiveSetting] = []
        func add(_ name: String, _ value: EffectiveSetting.Value, _ origin: SettingOrigin, note: String? = nil) {
            guard let span = origin.span, var gpo = GPOName.forOrigin(origin, site: site.name, population: self) else { return }
            if scopes.scope(at: origin) != scope { gpo = ownGPO }
            out.append(EffectiveSetting(name: name, value: value, hive: hive, gpo: gpo, source: span.description, note: note))
        }
        let signIn = settings.signIn
        switch signIn.value {
        case .automatic:
            add("ConfigurationMode", .number(0), signIn.origin)
        case .manual(let manual):
            add("ConfigurationMode", .number(1), signIn.origin)
            add("ServerAddressInternal", .text(manual.internalServer.description), signIn.origin)
            if let external = manual.externalServer {
                add("ServerAddressExternal", .text(external.description), signIn.origin)
            }
            if profile.isCommunicatorEra {
                add("Transport", .text(manual.transport.rawValue), signIn.origin,
                    note: "Microsoft documents Transport as TCP or TLS but not its policy encoding; sipgpo writes the name")
            }
        }
        if let trusted = settings.trustedDomains {
            add("TrustModelData", .text(trusted.value.map(\.description).joined(separator: ",")), trusted.origin)
        }
        if profile.isCommunicatorEra, settings.strictDnsNaming.origin != .builtIn {
            add("DisableStrictDNSNaming", .number(settings.strictDnsNaming.value ? 0 : 1), settings.strictDnsNaming.origin,
                note: "1 = enabled (suffix match allowed) is assumed from the ADM explain text; the ADM encoding is not public")
        }
        return out
    }
}
