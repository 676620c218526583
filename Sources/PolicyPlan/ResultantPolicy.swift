import PolicyCatalog
import SiteModel

/// What Group Policy gives one population under a plan, computed in one place for every consumer: the explanation's
/// settings, the population's `.reg` file, and verification.
public struct ResultantPolicy: Hashable, Sendable {
    /// A bound value in force, with the role it plays in its policy and why its encoding is uncertain, if it is.
    public struct Setting: Hashable, Sendable {
        public var id: RegistryValueID
        public var value: PlanEvaluator.Value
        public var role: BindingRole
        public var note: String?
    }

    /// The hive the population's own scope writes to.
    public var hive: RegistryHive
    /// The bound values the client reads (HKLM over HKCU), in the order the family's policies list them.
    public var settings: [Setting]
    /// What a test machine shows after `gpupdate` in the population's hive: the bound values in force there, and
    /// deletions of the bound values the model leaves unset under a key it writes.
    public var registry: [RegistryRecord]

    /// The resultant policy of every population of the site, by population name.
    public static func compute(
        site: Site, plan: PolicyPlan, evaluator: PlanEvaluator? = nil, clients: ClientCatalog, catalog: PolicyCatalog
    ) -> [String: ResultantPolicy] {
        let evaluator = evaluator ?? PlanEvaluator(plan)
        var out: [String: ResultantPolicy] = [:]
        for population in site.populations {
            out[population.name] = compute(population, evaluator: evaluator, clients: clients, catalog: catalog)
        }
        return out
    }

    public static func compute(
        _ population: Population, evaluator: PlanEvaluator, clients: ClientCatalog, catalog: PolicyCatalog
    ) -> ResultantPolicy {
        let hive: RegistryHive = population.settings.scope.value == .machine ? .machine : .user
        guard let profile = clients[population.settings.client.value], let family = catalog.family(profile.policyFamily)
        else { return ResultantPolicy(hive: hive, settings: [], registry: []) }
        return ResultantPolicy(
            hive: hive, settings: settings(population, family: family, evaluator: evaluator),
            registry: registry(
                population, hive: hive, family: family, evaluator: evaluator, clients: clients, catalog: catalog))
    }

    /// The values a bound policy can write, with their roles: the policy's own value first, then its elements.
    static func boundValues(_ binding: SettingBinding, _ policy: PolicyDefinition) -> [(
        id: RegistryValueID, key: String, valueName: String, role: BindingRole
    )] {
        var names: [(RegistryValueID, String, String, BindingRole)] = []
        if let valueName = policy.valueName {
            names.append((RegistryValueID(key: policy.key, valueName: valueName), policy.key, valueName, .policy))
        }
        for (role, id) in binding.elements.sorted(by: { $0.key < $1.key }) {
            guard let element = policy.element(id), let valueName = element.valueName else { continue }
            let key = element.key ?? policy.key
            names.append((RegistryValueID(key: key, valueName: valueName), key, valueName, role))
        }
        return names
    }

    static func settings(_ population: Population, family: PolicyFamily, evaluator: PlanEvaluator) -> [Setting] {
        let resultant = evaluator.resultant(for: population.ou)
        var out: [Setting] = []
        for setting in BoundSetting.allCases {
            for hive in RegistryHive.allCases {
                guard let (binding, policy) = family.policy(for: setting, machine: hive == .machine) else { continue }
                for name in boundValues(binding, policy) {
                    guard let value = resultant[name.id], value.hive == hive,
                        !out.contains(where: { $0.value.valueName == value.valueName && $0.value.hive == value.hive })
                    else { continue }
                    out.append(Setting(id: name.id, value: value, role: name.role, note: binding.uncertain[name.role]))
                }
            }
        }
        return out
    }

    static func registry(
        _ population: Population, hive: RegistryHive, family: PolicyFamily, evaluator: PlanEvaluator,
        clients: ClientCatalog, catalog: PolicyCatalog
    ) -> [RegistryRecord] {
        let applied = evaluator.applied(to: population.ou)[hive] ?? [:]
        let expected = Lowering.expectedValues(for: population, clients: clients, catalog: catalog)
        var records: [RegistryRecord] = []
        var deletions: [RegistryRecord] = []
        for setting in BoundSetting.allCases {
            guard let (_, policy) = family.policy(for: setting, machine: hive == .machine) else { continue }
            var names: [(key: String, valueName: String)] = []
            if let valueName = policy.valueName { names.append((policy.key, valueName)) }
            names += policy.elements.compactMap { element in element.valueName.map { (element.key ?? policy.key, $0) } }
            for name in names {
                if let value = applied[RegistryValueID(key: name.key, valueName: name.valueName)] {
                    records.append(RegistryRecord(key: value.key, valueName: value.valueName, data: value.data))
                } else if expected.keys.contains(where: { $0.isWithin(key: name.key) }) {
                    deletions.append(.delete(key: name.key, valueName: name.valueName))
                }
            }
        }
        return deletions + records
    }
}

extension PolicyPlan {
    /// The values in force at `ou` (HKLM over HKCU). For many OUs, keep one `PlanEvaluator`: it shares the work.
    public func resultant(for ou: DistinguishedName) -> [RegistryValueID: PlanEvaluator.Value] {
        PlanEvaluator(self).resultant(for: ou)
    }
}
