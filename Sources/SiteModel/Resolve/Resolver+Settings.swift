/// Settings as one block (defaults or a population) writes them, already validated; nil where not written.
struct PartialSettings: Hashable, Sendable {
    var client: Sourced<String>?
    var sipDomain: Sourced<DNSName>?
    var signIn: Sourced<SignIn>?
    var trustedDomains: Sourced<[DNSName]>?
    var strictDnsNaming: Sourced<Bool>?
    var scope: Sourced<PolicyScope>?
    var signInAddress: Sourced<String>?
    var homePool: Sourced<DNSName>?
    /// Keys written here or up the chain with a value already reported as an error (`client`, `sipDomain`), so a
    /// population left without them is explained by that error and gets no second one.
    var rejected: Set<String> = []

    /// Values written here win; the rest come from `parent` (the closest ancestor OU's population, or defaults).
    func inheriting(from parent: PartialSettings) -> PartialSettings {
        PartialSettings(
            client: client ?? parent.client, sipDomain: sipDomain ?? parent.sipDomain, signIn: signIn ?? parent.signIn,
            trustedDomains: trustedDomains ?? parent.trustedDomains,
            strictDnsNaming: strictDnsNaming ?? parent.strictDnsNaming,
            scope: scope ?? parent.scope, signInAddress: signInAddress ?? parent.signInAddress,
            homePool: homePool ?? parent.homePool, rejected: rejected.union(parent.rejected))
    }
}

extension Resolver {
    enum OriginKind {
        case defaults
        case population(String)

        func origin(_ span: SourceSpan) -> SettingOrigin {
            switch self {
            case .defaults: .defaults(span)
            case .population(let name): .population(name: name, span: span)
            }
        }
    }

    mutating func resolveSettings(_ written: SettingsSyntax, origin kind: OriginKind) -> PartialSettings {
        var settings = PartialSettings()
        if let client = written.client {
            if clients[client.value] != nil {
                settings.client = Sourced(client.value, from: kind.origin(client.span))
            } else {
                settings.rejected.insert("client")
                diagnostics.append(
                    .error(
                        .unknownClient, "unknown client '\(client.value)'", at: client.span,
                        help: Suggestion.help(for: client.value, in: clients.ids, noun: "client")
                            + (Suggestion.closest(to: client.value, in: clients.ids) == nil
                                ? " ('sipgpo clients' describes them)" : "")))
            }
        }
        if let domain = written.sipDomain {
            let declared = syntax.sipDomains.map(\.name.value)
            if let name = DNSName(domain.value), declaredSIPDomains.contains(name) {
                settings.sipDomain = Sourced(name, from: kind.origin(domain.span))
            } else {
                settings.rejected.insert("sipDomain")
                diagnostics.append(
                    .error(
                        .unknownSIPDomain, "unknown SIP domain '\(domain.value)'", at: domain.span,
                        help: Suggestion.closest(to: domain.value, in: declared).map { "did you mean '\($0)'?" }
                            ?? "declare it under 'sipDomains:' with its DNS views"))
            }
        }
        switch written.signIn {
        case .automatic(let span)?:
            settings.signIn = Sourced(.automatic, from: kind.origin(span))
        case .manual(let manual)?:
            if let signIn = resolveManual(manual) {
                settings.signIn = Sourced(.manual(signIn), from: kind.origin(manual.span))
            }
        case nil:
            break
        }
        if let list = written.trustedDomains {
            let names = list.value.compactMap { dnsName($0, what: "trusted domain") }
            if names.count == list.value.count {
                settings.trustedDomains = Sourced(names, from: kind.origin(list.span))
            }
        }
        if let strict = written.strictDnsNaming {
            settings.strictDnsNaming = Sourced(strict.value, from: kind.origin(strict.span))
        }
        if let scope = written.scope {
            if let value = PolicyScope(rawValue: scope.value) {
                settings.scope = Sourced(value, from: kind.origin(scope.span))
            } else {
                diagnostics.append(
                    .error(
                        .invalidValue, "unknown policy scope '\(scope.value)'", at: scope.span,
                        help: Suggestion.help(for: scope.value, in: PolicyScope.allCases.map(\.rawValue), noun: "scope")
                            + " (user writes HKCU policy, machine writes HKLM policy)"))
            }
        }
        if let address = written.signInAddress {
            // A SIP address, possibly with Group Policy Preferences variables such as %LogonUser%.
            let text = address.value.lowercased().hasPrefix("sip:") ? String(address.value.dropFirst(4)) : address.value
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, DNSName(String(parts[1])) != nil {
                settings.signInAddress = Sourced(text, from: kind.origin(address.span))
            } else {
                diagnostics.append(
                    .error(
                        .invalidValue, "sign-in address '\(address.value)' is not 'user@sipdomain'", at: address.span,
                        help:
                            "write it as '%LogonUser%@contoso.com' (Group Policy Preferences replaces %LogonUser% with the user's logon name)"
                    ))
            }
        }
        if let written = written.homePool {
            let declared = syntax.pools.map(\.fqdn.value)
            if let name = DNSName(written.value), let pool = declaredPools[name] {
                let role = pool.role.flatMap { PoolRole(rawValue: $0.value) }
                if let role, !role.homesUsers {
                    diagnostics.append(
                        .error(
                            .homePoolRole,
                            "home pool '\(written.value)' is a \(role.rawValue), which homes no users",
                            at: written.span,
                            help:
                                "point 'homePool' at a Front End pool or Standard Edition server (role frontEnd or standard)"
                        ))
                } else {
                    settings.homePool = Sourced(name, from: kind.origin(written.span))
                }
            } else {
                diagnostics.append(
                    .error(
                        .unknownHomePool, "unknown home pool '\(written.value)'", at: written.span,
                        help: Suggestion.closest(to: written.value, in: declared).map { "did you mean '\($0)'?" }
                            ?? "declare it under 'pools:' with 'role: frontEnd'"))
            }
        }
        return settings
    }

    private mutating func resolveManual(_ manual: ManualSignInSyntax) -> ManualSignIn? {
        guard let internalText = manual.internalServer else { return nil }  // reported by the loader
        let internalServer = serverAddress(internalText, what: "internal server")
        let externalServer = manual.externalServer.flatMap { serverAddress($0, what: "external server") }
        var transport = Transport.tls
        if let written = manual.transport {
            switch written.value.lowercased() {
            case "tls": transport = .tls
            case "tcp":
                transport = .tcp
                if manual.externalServer != nil {
                    diagnostics.append(
                        .warning(
                            .tcpOutside, "transport TCP cannot be used from outside the firewall", at: written.span,
                            help: "use 'transport: tls': the Edge accepts only TLS from outside"))
                }
            default:
                diagnostics.append(
                    .error(
                        .invalidValue, "unknown transport '\(written.value)'", at: written.span,
                        help: Suggestion.help(for: written.value.lowercased(), in: ["tls", "tcp"], noun: "transport")))
                return nil
            }
        }
        guard let internalServer, manual.externalServer == nil || externalServer != nil else { return nil }
        return ManualSignIn(internalServer: internalServer, externalServer: externalServer, transport: transport)
    }

    // MARK: populations

    mutating func resolvePopulations(forests: [Forest], sipDomains: [SIPDomain], defaults: PartialSettings)
        -> [Population]
    {
        struct Pending {
            var order: Int
            var syntax: PopulationSyntax
            var ou: DistinguishedName
            var forest: Forest
            var written: PartialSettings
        }
        var pending: [Pending] = []
        var namesSeen: [String: SourceSpan] = [:]
        var ousSeen: [DistinguishedName: (name: String, span: SourceSpan)] = [:]
        for population in syntax.populations {
            let name = population.name.value
            if let first = namesSeen[name.lowercased()] {
                diagnostics.append(
                    .error(
                        .duplicatePopulation, "population '\(name)' is declared twice", at: population.name.span,
                        help: "give each population its own name", notes: [.init("first declared here", at: first)]))
                continue
            }
            namesSeen[name.lowercased()] = population.name.span
            let written = resolveSettings(population.settings, origin: .population(name))
            guard let ou = distinguishedName(population.ou) else { continue }
            if let first = ousSeen[ou] {
                diagnostics.append(
                    .error(
                        .duplicateOU, "OU '\(ou)' is already the OU of population '\(first.name)'",
                        at: population.ou.span,
                        help: "merge the two populations, or point this one at its own OU",
                        notes: [.init("first used here", at: first.span)]))
                continue
            }
            ousSeen[ou] = (name, population.ou.span)
            guard let forest = forestOf(ou, written: population, forests: forests) else { continue }
            pending.append(Pending(order: pending.count, syntax: population, ou: ou, forest: forest, written: written))
        }

        checkGPONames(pending.map { ($0.syntax.name, $0.ou.domain) })

        // Parents before children, so each population inherits from a population already resolved.
        pending.sort { ($0.ou.depth, $0.order) < ($1.ou.depth, $1.order) }
        var effective: [DistinguishedName: (name: String, settings: PartialSettings)] = [:]
        var populations: [(order: Int, population: Population)] = []
        for item in pending {
            let ancestor = ancestorPopulation(of: item.ou, in: effective)
            let inherited = item.written.inheriting(from: ancestor?.settings ?? defaults)
            effective[item.ou] = (item.syntax.name.value, inherited)
            guard let settings = complete(inherited, for: item.syntax, sipDomains: sipDomains) else { continue }
            populations.append(
                (
                    item.order,
                    Population(
                        name: item.syntax.name.value, ou: item.ou, forest: item.forest.name, settings: settings,
                        parent: ancestor?.name,
                        span: item.syntax.name.span)
                ))
        }
        if syntax.populations.isEmpty {
            diagnostics.append(
                .warning(
                    .noPopulations, "the site declares no populations", at: syntax.site?.span,
                    help:
                        "add 'populations:' with at least one '- name: ..., ou: ...'; without them nothing is simulated or built"
                ))
        }
        return populations.sorted { $0.order < $1.order }.map(\.population)
    }

    /// A population's GPO must not take the name of a defaults GPO ("defaults (contoso.com)"): sipgpo finds its
    /// GPOs by name, so the two would merge into one, linked at the domain root.
    private mutating func checkGPONames(_ populations: [(name: Located<String>, domain: String)]) {
        let site = syntax.site?.value ?? ""
        let defaultsGPOs = Dictionary(
            Set(populations.map(\.domain)).map { (GPOName.defaults(site: site, domain: $0).lowercased(), $0) },
            uniquingKeysWith: { first, _ in first })
        for population in populations {
            let own = GPOName.population(site: site, population: population.name.value)
            guard let domain = defaultsGPOs[own.lowercased()] else { continue }
            diagnostics.append(
                .error(
                    .gpoNameClash,
                    "population '\(population.name.value)' would get the GPO name "
                        + "'\(GPOName.defaults(site: site, domain: domain))' of the defaults GPO of '\(domain)'",
                    at: population.name.span,
                    help: "rename the population; GPO names are matched without regard to case"))
        }
    }

    private func ancestorPopulation(
        of ou: DistinguishedName, in effective: [DistinguishedName: (name: String, settings: PartialSettings)]
    ) -> (name: String, settings: PartialSettings)? {
        var candidate = ou.parent
        while let current = candidate {
            if let found = effective[current] { return found }
            candidate = current.parent
        }
        return nil
    }

    private mutating func distinguishedName(_ written: Located<String>) -> DistinguishedName? {
        switch DistinguishedName.parse(written.value) {
        case .success(let dn):
            // Group Policy links to sites, domains and OUs only: every RDN above the DC= part must be OU=.
            if let notOU = dn.organizationalUnits.first(where: { $0.type != "OU" }) {
                diagnostics.append(
                    .error(
                        .ouNotLinkable,
                        "'\(written.value)' is not an OU: '\(notOU.type)=\(notOU.value)' is a "
                            + (notOU.type == "CN" ? "container" : "'\(notOU.type)' object"),
                        at: written.span,
                        help: "Group Policy links only to sites, domains and OUs; move the users into an OU "
                            + "(containers such as CN=Users cannot hold one) and name it here"))
                return nil
            }
            if dn.rdns.drop(while: { $0.type != "DC" }).contains(where: { $0.type != "DC" }) {
                diagnostics.append(
                    .error(
                        .ouNotLinkable, "'\(written.value)' has an OU= after its DC= components", at: written.span,
                        help: "write the OUs first, most specific first, then the domain: 'OU=Sales,DC=contoso,DC=com'")
                )
                return nil
            }
            if dn.organizationalUnits.isEmpty {
                diagnostics.append(
                    .warning(
                        .ouIsDomainRoot, "'\(written.value)' is a domain root, not an OU", at: written.span,
                        help:
                            "a GPO linked at the domain root reaches every user of the domain; put such settings under 'defaults:'"
                    ))
            }
            return dn
        case .failure(let error):
            var span = written.span
            span.start.column += error.offset + scalarOffset(of: written)
            span.end = SourceLocation(line: span.start.line, column: span.start.column + 1)
            diagnostics.append(
                .error(
                    .malformedDN, "malformed distinguished name '\(written.value)': \(error.message)", at: span,
                    help: error.help))
            return nil
        }
    }

    /// The forest whose root domain is the OU's domain or one of its parents.
    private mutating func forestOf(_ ou: DistinguishedName, written: PopulationSyntax, forests: [Forest]) -> Forest? {
        let domainText = ou.domain
        guard let domain = DNSName(domainText) else { return nil }
        let matching = forests.filter { domain.isSubdomain(of: $0.name) }.max {
            $0.name.labels.count < $1.name.labels.count
        }
        guard let forest = matching else {
            diagnostics.append(
                .error(
                    .unknownForest,
                    "OU '\(ou)' is in domain '\(domainText)', which is in no forest the site declares",
                    at: written.ou.span,
                    help: forests.isEmpty
                        ? "declare the forest under 'forests:' with 'role: account'"
                        : "declare its forest under 'forests:', or fix the DC= components (declared: \(forests.map { "'\($0.name)'" }.joined(separator: ", ")))"
                ))
            return nil
        }
        if let named = written.forest, DNSName(named.value) != forest.name {
            diagnostics.append(
                .error(
                    .forestMismatch,
                    "population says forest '\(named.value)' but its OU is in forest '\(forest.name)'",
                    at: named.span,
                    help: "remove 'forest:' (sipgpo reads it from the OU's DC= components) or fix the OU"))
            return nil
        }
        if forest.role == .resource {
            let accounts = forest.usersFrom.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.append(
                .warning(
                    .ouInResourceForest,
                    "OU '\(ou)' is in resource forest '\(forest.name)', where users never log on",
                    at: written.ou.span,
                    help:
                        "a GPO linked here reaches nobody: link it in the account forest\(accounts.isEmpty ? "" : " (\(accounts))") where the users' accounts live"
                ))
        }
        return forest
    }

    /// Fills the values nothing wrote with built-in defaults, or reports what must be written.
    private mutating func complete(
        _ settings: PartialSettings, for population: PopulationSyntax, sipDomains: [SIPDomain]
    ) -> EffectiveSettings? {
        var sipDomain = settings.sipDomain
        if sipDomain == nil, sipDomains.count == 1, syntax.sipDomains.count == 1 {
            sipDomain = Sourced(sipDomains[0].name, from: .builtIn)  // the only SIP domain is everyone's
        }
        var missing: [String] = []
        if settings.client == nil { missing.append("client") }
        if sipDomain == nil { missing.append("sipDomain") }
        guard missing.isEmpty, let client = settings.client, let sipDomain else {
            // Only report a gap that no other error explains: a client or SIP domain this population (or the block
            // it inherits from) wrote, but which was rejected, already has its own diagnostic.
            let unexplained = missing.filter { !settings.rejected.contains($0) }
            if !unexplained.isEmpty {
                diagnostics.append(
                    .error(
                        .missingSetting,
                        "population '\(population.name.value)' has no \(unexplained.map { "'\($0)'" }.joined(separator: " or "))",
                        at: population.name.span,
                        help: "set \(unexplained.joined(separator: " and ")) on the population or under 'defaults:'"))
            }
            return nil
        }
        return EffectiveSettings(
            client: client, sipDomain: sipDomain, signIn: settings.signIn ?? Sourced(.automatic, from: .builtIn),
            trustedDomains: settings.trustedDomains,
            strictDnsNaming: settings.strictDnsNaming ?? Sourced(true, from: .builtIn),
            scope: settings.scope ?? Sourced(.user, from: .builtIn), signInAddress: settings.signInAddress,
            homePool: settings.homePool)
    }
}
