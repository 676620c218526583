import PolicyCatalog
import SiteModel

/// **lower**: `Site` → `PolicyPlan`.
///
/// Every value a population ends up with is written by the GPO of the place that decided it: the domain's defaults
/// GPO (linked at the domain root) or the GPO of the population whose OU carries it (linked at that OU), in the hive
/// of that place's scope. Group Policy then gives each OU what the model says, because the closest link wins. A
/// population whose scope differs from that place's writes the value again in its own GPO and hive. Registry
/// locations come from the policy catalog; nothing here spells a key or value name.
public enum Lowering {
    public struct Result: Sendable {
        public var plan: PolicyPlan
        public var diagnostics: [Diagnostic]
        /// The evaluator the plan was verified with, to read the values in force without evaluating again.
        public var evaluator: PlanEvaluator
    }

    /// One policy value a population needs: which setting, its value, where it was decided.
    struct Requirement: Hashable {
        var gpo: String
        var hive: RegistryHive
        var family: String
        var setting: BoundSetting
        var state: SettingState
        var source: SourceSpan?
    }

    /// The state of a bound setting, as the catalog's policy encodes it.
    enum SettingState: Hashable {
        case automatic
        case manual(ManualSignIn)
        case trustedDomains([DNSName])
        case strictNaming(Bool)
    }

    public static func lower(_ site: Site, clients: ClientCatalog, catalog: PolicyCatalog) -> Result {
        var diagnostics: [Diagnostic] = []
        var gpoDomains: [String: String] = [:]  // GPO name → domain
        var gpoLinks: [String: DistinguishedName] = [:]
        var gpoComments: [String: String] = [:]
        var requirements: [Requirement] = []
        var seen: Set<Requirement> = []
        let scopes = Dictionary(
            site.populations.map { ($0.name, $0.settings.scope.value) }, uniquingKeysWith: { first, _ in first })
        let byName = Dictionary(site.populations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        for population in site.populations {
            guard let profile = clients[population.settings.client.value],
                let family = catalog.family(profile.policyFamily)
            else {
                continue
            }
            let domain = population.ou.domain
            let ownGPO = GPOName.population(site: site.name, population: population.name)
            let scope = population.settings.scope.value

            func require(_ setting: BoundSetting, _ state: SettingState, origin: SettingOrigin) {
                guard let span = origin.span,
                    var gpo = GPOName.forOrigin(origin, site: site.name, population: population)
                else { return }
                let originScope: PolicyScope? =
                    switch origin {
                    case .builtIn: nil
                    case .defaults: site.defaultsScope
                    case .population(let name, _): scopes[name]
                    }
                if originScope != scope { gpo = ownGPO }
                // A GPO's link and comment follow from its name; work them out once per GPO.
                if gpoDomains[gpo] == nil {
                    if gpo == ownGPO {
                        gpoLinks[gpo] = population.ou
                        gpoComments[gpo] = comment(population: population.name, ou: population.ou, site: site)
                    } else if case .population(let name, _) = origin, let owner = byName[name] {
                        gpoLinks[gpo] = owner.ou
                        gpoComments[gpo] = comment(population: name, ou: owner.ou, site: site)
                    } else {
                        gpoLinks[gpo] = domainRoot(population.ou)
                        gpoComments[gpo] = defaultsComment(domain: domain, site: site)
                    }
                    gpoDomains[gpo] = domain
                }
                guard family.policy(for: setting, machine: scope == .machine) != nil else {
                    if setting == .strictDnsNaming { return }  // reported by the check 'setting-without-policy'
                    diagnostics.append(
                        .error(
                            "no-policy", "family '\(family.id)' has no policy for '\(setting.rawValue)'", at: span,
                            help: "the policy catalog (templates/policies/policy-bindings.xml) must bind it"))
                    return
                }
                let requirement = Requirement(
                    gpo: gpo, hive: scope == .machine ? .machine : .user, family: family.id, setting: setting,
                    state: state, source: span)
                if seen.insert(requirement).inserted { requirements.append(requirement) }
            }

            let settings = population.settings
            switch settings.signIn.value {
            case .automatic: require(.signIn, .automatic, origin: settings.signIn.origin)
            case .manual(let manual): require(.signIn, .manual(manual), origin: settings.signIn.origin)
            }
            if let trusted = settings.trustedDomains {
                require(.trustedDomains, .trustedDomains(trusted.value), origin: trusted.origin)
            }
            if settings.strictDnsNaming.origin != .builtIn {
                require(
                    .strictDnsNaming, .strictNaming(settings.strictDnsNaming.value),
                    origin: settings.strictDnsNaming.origin)
            }
        }

        // Records per GPO and hive, in the order requirements arose (site order), then canonical within each key.
        var records: [String: [RegistryHive: [PlannedRecord]]] = [:]
        for requirement in requirements {
            guard let family = catalog.family(requirement.family),
                let (binding, policy) = family.policy(for: requirement.setting, machine: requirement.hive == .machine)
            else { continue }
            let encoded = encode(requirement, binding: binding, policy: policy, diagnostics: &diagnostics)
            records[requirement.gpo, default: [:]][requirement.hive, default: []] += encoded
        }

        var gpos: [GPO] = []
        for name in orderedGPONames(site: site, requirements: requirements) {
            guard let domain = gpoDomains[name], let target = gpoLinks[name] else { continue }
            var policy: [RegistryHive: [PlannedRecord]] = [:]
            for (hive, list) in records[name] ?? [:] { policy[hive] = canonical(deduplicated(list)) }
            gpos.append(
                gpo(name: name, domain: domain, comment: gpoComments[name] ?? "", target: target, policy: policy))
        }
        var plan = PolicyPlan(site: site.name, gpos: gpos)
        plan.addSignInAddressPreferences(site: site, clients: clients, diagnostics: &diagnostics)
        let evaluator = PlanEvaluator(plan)
        diagnostics += verify(plan, site: site, clients: clients, catalog: catalog, evaluator: evaluator)
        return Result(plan: plan, diagnostics: diagnostics, evaluator: evaluator)
    }

    /// The registry values the model says a population must end up with, whatever GPO writes them: its effective
    /// settings encoded by its family's policies in its own hive.
    public static func expectedValues(for population: Population, clients: ClientCatalog, catalog: PolicyCatalog)
        -> [RegistryValueID: RegistryData]
    {
        guard let profile = clients[population.settings.client.value], let family = catalog.family(profile.policyFamily)
        else { return [:] }
        let machine = population.settings.scope.value == .machine
        var states: [(BoundSetting, SettingState)] = []
        let settings = population.settings
        if settings.signIn.origin != .builtIn {
            switch settings.signIn.value {
            case .automatic: states.append((.signIn, .automatic))
            case .manual(let manual): states.append((.signIn, .manual(manual)))
            }
        }
        if let trusted = settings.trustedDomains { states.append((.trustedDomains, .trustedDomains(trusted.value))) }
        if settings.strictDnsNaming.origin != .builtIn {
            states.append((.strictDnsNaming, .strictNaming(settings.strictDnsNaming.value)))
        }
        var values: [RegistryValueID: RegistryData] = [:]
        var ignored: [Diagnostic] = []
        for (setting, state) in states {
            guard let (binding, policy) = family.policy(for: setting, machine: machine) else { continue }
            let requirement = Requirement(
                gpo: "", hive: machine ? .machine : .user, family: family.id, setting: setting, state: state,
                source: nil)
            for planned in encode(requirement, binding: binding, policy: policy, diagnostics: &ignored) {
                let record = planned.record
                guard let id = RegistryValueID(record) else { continue }
                values[id] = record.deletedValueName == nil ? record.data : nil
            }
        }
        return values
    }

    /// The values a family's bound policies can write.
    static func boundValueNames(_ family: PolicyFamily) -> Set<RegistryValueID> {
        var names: Set<RegistryValueID> = []
        for binding in family.bindings.values {
            for name in [binding.machinePolicy, binding.userPolicy] {
                guard let policy = family.policies[name] else { continue }
                if let valueName = policy.valueName {
                    names.insert(RegistryValueID(key: policy.key, valueName: valueName))
                }
                for element in policy.elements {
                    if let valueName = element.valueName {
                        names.insert(RegistryValueID(key: element.key ?? policy.key, valueName: valueName))
                    }
                }
            }
        }
        return names
    }

    /// The property the plan must have: Group Policy, applying the plan's GPOs to each population's OU, gives it
    /// exactly the values the model says. Where it cannot (HKLM policy from an ancestor outranks the population's
    /// own HKCU policy), say so: the design asks for something Group Policy will not do.
    public static func verify(
        _ plan: PolicyPlan, site: Site, clients: ClientCatalog, catalog: PolicyCatalog, evaluator: PlanEvaluator? = nil
    ) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let evaluator = evaluator ?? PlanEvaluator(plan)
        var relevantByFamily: [String: Set<RegistryValueID>] = [:]
        for population in site.populations {
            guard let profile = clients[population.settings.client.value],
                let family = catalog.family(profile.policyFamily)
            else { continue }
            let relevant = relevantByFamily[family.id] ?? boundValueNames(family)
            relevantByFamily[family.id] = relevant
            let expected = expectedValues(for: population, clients: clients, catalog: catalog)
            let actual = evaluator.resultant(for: population.ou).filter { relevant.contains($0.key) }
            for name in Set(expected.keys).union(actual.keys).sorted() where expected[name] != actual[name]?.data {
                let got = actual[name].map { "\($0.data) from '\($0.gpo)' (\($0.hive.rawValue))" } ?? "not set"
                out.append(
                    .error(
                        "plan-mismatch",
                        "Group Policy would give population '\(population.name)' \(name) = \(got), not \(expected[name].map { "\($0)" } ?? "unset") as the site says",
                        at: population.span,
                        help:
                            "machine (HKLM) policy outranks user (HKCU) policy: give this population and the place it inherits from the same 'scope', or set the value where the scope matches"
                    ))
            }
        }
        return out
    }

    /// A GPO of the plan. Its id derives from its name and domain, so a rebuild updates the same GPO; its backup id
    /// also from its content (`GPO.canonicalContent`), so a changed GPO gets a new backup folder.
    static func gpo(
        name: String, domain: String, comment: String, target: DistinguishedName,
        policy: [RegistryHive: [PlannedRecord]]
    ) -> GPO {
        var gpo = GPO(
            name: name, id: GUID(name: "gpo:\(domain):\(name)"), backupID: GUID(name: ""),
            domain: domain, comment: comment, links: [GPOLink(target: target, order: 1)], policy: policy,
            preferences: [])
        gpo.backupID = gpo.contentID
        return gpo
    }

    static func comment(population: String, ou: DistinguishedName, site: Site) -> String {
        "sign-in policy for population '\(population)' (\(ou)), written by sipgpo from \(site.sourceName)"
    }

    static func defaultsComment(domain: String, site: Site) -> String {
        "sign-in defaults of site '\(site.name)' for domain \(domain), written by sipgpo from \(site.sourceName)"
    }

    /// Domain GPOs first, then population GPOs parent before child (by OU depth), then by name.
    static func orderedGPONames(site: Site, requirements: [Requirement]) -> [String] {
        let names = Set(requirements.map(\.gpo))
        let depth = Dictionary(
            site.populations.map { (GPOName.population(site: site.name, population: $0.name), $0.ou.depth) },
            uniquingKeysWith: { a, _ in a })
        return names.sorted { (depth[$0] ?? 0, $0) < (depth[$1] ?? 0, $1) }
    }

    /// `DC=contoso,DC=com` for any DN in contoso.com.
    static func domainRoot(_ dn: DistinguishedName) -> DistinguishedName {
        DistinguishedName(rdns: dn.rdns.filter { $0.type == "DC" })
    }

    /// The same record twice (two populations needing the same value from one GPO) is written once.
    static func deduplicated(_ records: [PlannedRecord]) -> [PlannedRecord] {
        // Directives count as their own names here: `**del.X` and `X` are two records.
        var seen: Set<RegistryValueID> = []
        return records.filter {
            seen.insert(RegistryValueID(key: $0.record.key, valueName: $0.record.valueName)).inserted
        }
    }

    /// Keys in first-appearance order; within a key `**delvals.`, then `**del.`, then values (formats.md §2.2).
    static func canonical(_ records: [PlannedRecord]) -> [PlannedRecord] {
        RegistryOrder.canonical(records) { $0.record }
    }

    /// The records a policy writes for a state (formats.md §1.7: enabled writes enabledValue and elements; disabled
    /// writes disabledValue and deletes every element's value).
    static func encode(
        _ requirement: Requirement, binding: SettingBinding, policy: PolicyDefinition, diagnostics: inout [Diagnostic]
    ) -> [PlannedRecord] {
        let source = requirement.source?.description
        var out: [PlannedRecord] = []
        func add(_ record: RegistryRecord, _ state: String) {
            out.append(PlannedRecord(record: record, policy: "\(policy.name) (\(state))", source: source))
        }
        func value(_ policyValue: PolicyValue?, name: String?, state: String) {
            guard let name else { return }
            switch policyValue {
            case .decimal(let number)?:
                add(RegistryRecord(key: policy.key, valueName: name, data: .dword(number)), state)
            case .string(let text)?: add(RegistryRecord(key: policy.key, valueName: name, data: .string(text)), state)
            case .delete?: add(.delete(key: policy.key, valueName: name), state)
            case nil:
                add(RegistryRecord(key: policy.key, valueName: name, data: .dword(state == "enabled" ? 1 : 0)), state)
            }
        }
        func element(_ role: BindingRole) -> PolicyElement? { binding.elements[role].flatMap(policy.element) }
        func setText(_ role: BindingRole, _ text: String?) {
            guard let element = element(role), let valueName = element.valueName else { return }
            let key = element.key ?? policy.key
            if let text {
                add(RegistryRecord(key: key, valueName: valueName, data: .string(text)), "enabled")
            } else {
                if element.required {
                    diagnostics.append(
                        .warning(
                            "required-element-missing",
                            "policy '\(policy.name)' requires '\(element.id)', which the site does not give",
                            at: requirement.source,
                            help:
                                "set it in the site description; sipgpo removes the value instead, and the Group Policy editor will show the policy as incomplete"
                        ))
                }
                add(.delete(key: key, valueName: valueName), "enabled")
            }
        }
        func deleteElements() {
            for element in policy.elements {
                guard let valueName = element.valueName else { continue }
                add(.delete(key: element.key ?? policy.key, valueName: valueName), "disabled")
            }
        }

        switch requirement.state {
        case .automatic:
            value(policy.disabledValue, name: policy.valueName, state: "disabled")
            deleteElements()
        case .manual(let manual):
            value(policy.enabledValue, name: policy.valueName, state: "enabled")
            setText(.internalServer, manual.internalServer.description)
            setText(.externalServer, manual.externalServer?.description)
            if let element = element(.transport), let valueName = element.valueName {
                guard case .string(let text)? = element.enumValue(manual.transport.rawValue) else {
                    diagnostics.append(
                        .error(
                            "no-policy", "policy '\(policy.name)' has no transport '\(manual.transport.rawValue)'",
                            at: requirement.source,
                            help: "the policy catalog's Transport enum must list TLS and TCP"))
                    break
                }
                add(
                    RegistryRecord(key: element.key ?? policy.key, valueName: valueName, data: .string(text)), "enabled"
                )
            }
        case .trustedDomains(let domains):
            value(policy.enabledValue, name: policy.valueName, state: "enabled")
            setText(.domains, domains.map(\.description).joined(separator: ","))
        case .strictNaming(let strict):
            // The policy allows non-standard names when enabled: strict naming is its disabled state.
            value(
                strict ? policy.disabledValue : policy.enabledValue, name: policy.valueName,
                state: strict ? "disabled" : "enabled")
        }
        return out
    }
}

extension PolicyPlan {
    /// Pre-populates the sign-in address (a preference, not a policy) for users whose SIP address lives on a
    /// resource-forest object: their account forest is listed in a resource forest's `usersFrom`. One item per
    /// population in the domain defaults GPO, targeted at the population's OU.
    mutating func addSignInAddressPreferences(site: Site, clients: ClientCatalog, diagnostics: inout [Diagnostic]) {
        let accountForests = Set(site.forests.filter { $0.role == .resource }.flatMap(\.usersFrom))
        for population in site.populations where accountForests.contains(population.forest) {
            guard let profile = clients[population.settings.client.value],
                let location = profile.signInAddressPreference
            else { continue }
            guard let address = population.settings.signInAddress else {
                diagnostics.append(
                    .warning(
                        "sign-in-address-not-set",
                        "users of '\(population.name)' have their SIP address in a resource forest, and sipgpo does not know it",
                        at: population.span,
                        help:
                            "set 'signInAddress' (for example '%LogonUser%@\(population.settings.sipDomain.value)') so the client starts with the right sign-in address"
                    ))
                continue
            }
            let domain = population.ou.domain
            let gpoName = GPOName.defaults(site: site, domain: domain)
            if !gpos.contains(where: { $0.name == gpoName }) {
                gpos.insert(
                    Lowering.gpo(
                        name: gpoName, domain: domain, comment: Lowering.defaultsComment(domain: domain, site: site),
                        target: Lowering.domainRoot(population.ou), policy: [:]),
                    at: 0)
            }
            let index = gpos.firstIndex { $0.name == gpoName }!
            let item = PreferenceItem(
                hive: .user, key: location.key, valueName: location.valueName, data: .string(address.value),
                action: .update,
                organizationalUnit: population.ou,
                uid: GUID(name: "gpp:\(gpoName):\(population.ou.normalized):\(location.key)\\\(location.valueName)"),
                source: address.origin.span?.description)
            gpos[index].preferences.append(item)
            gpos[index].backupID = gpos[index].contentID
        }
    }
}

extension GPOName {
    static func defaults(site: Site, domain: String) -> String { defaults(site: site.name, domain: domain) }
}
