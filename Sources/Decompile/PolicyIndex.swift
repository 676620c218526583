import PolicyCatalog
import PolicyPlan
import SiteModel

/// Every registry value the policy catalog's policies write, by key and value name: the way back from a record to
/// the policy, the element and the site-description setting behind it.
public struct PolicyIndex: Sendable {
    /// One place a policy writes.
    public struct Entry: Hashable, Sendable {
        /// The policy family (`communicator`, `office15`, `office16`).
        public var family: String
        /// The ADMX policy (`L_PolicyConfigurationMode_1`).
        public var policy: String
        public var policyClass: PolicyDefinition.PolicyClass
        /// The element id, or nil for the policy's own value (its enabled/disabled value).
        public var element: String?
        /// The site-description setting the policy implements, when a binding names it.
        public var setting: BoundSetting?
        /// The part of that setting the value carries.
        public var role: BindingRole?
    }

    /// What a record is.
    public enum Finding: Hashable, Sendable {
        /// A value a policy writes (or, `deletes`, removes).
        case policy(Entry, deletes: Bool)
        /// `**delvals.` on a key policies write: the key's values are cleared first.
        case clearsKey(family: String)
        /// Under a key the catalog knows, but no policy of the catalog writes this value.
        case unknownValue(family: String)
        /// A key no policy of the catalog writes.
        case unknownKey
    }

    /// Lower-cased key → lower-cased value name → the policies that write it (a Machine and a User flavour).
    let entries: [String: [String: [Entry]]]
    /// Lower-cased key → family.
    let families: [String: String]

    public init(catalog: PolicyCatalog) {
        var entries: [String: [String: [Entry]]] = [:]
        var families: [String: String] = [:]
        for family in catalog.families.values.sorted(by: { $0.id < $1.id }) {
            var bound: [String: (BoundSetting, [String: BindingRole])] = [:]
            for binding in family.bindings.values {
                let roles = Dictionary(binding.elements.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
                bound[binding.machinePolicy] = (binding.setting, roles)
                bound[binding.userPolicy] = (binding.setting, roles)
            }
            for policy in family.policies.values.sorted(by: { $0.name < $1.name }) {
                let binding = bound[policy.name]
                func add(key: String, valueName: String, element: String?, role: BindingRole?) {
                    let folded = key.lowercased()
                    families[folded] = family.id
                    entries[folded, default: [:]][valueName.lowercased(), default: []].append(
                        Entry(
                            family: family.id, policy: policy.name, policyClass: policy.policyClass, element: element,
                            setting: binding?.0, role: binding == nil ? nil : role))
                }
                if let valueName = policy.valueName {
                    add(key: policy.key, valueName: valueName, element: nil, role: .policy)
                }
                for element in policy.elements {
                    guard let valueName = element.valueName else { continue }
                    add(
                        key: element.key ?? policy.key, valueName: valueName, element: element.id,
                        role: binding?.1[element.id])
                }
            }
        }
        self.entries = entries
        self.families = families
    }

    /// The family whose policies write under `key`, if any.
    public func family(ofKey key: String) -> String? { families[key.lowercased()] }

    /// What `record` is, read from the `hive` side of a GPO (nil when the file does not say).
    public func classify(_ record: RegistryRecord, hive: RegistryHive?) -> Finding {
        let key = record.key.lowercased()
        guard let family = families[key], let values = entries[key] else { return .unknownKey }
        var name = record.valueName
        var deletes = false
        switch RegistryDirective(name) {
        case .deleteAllValues: return .clearsKey(family: family)
        case .delete(let deleted):
            name = deleted
            deletes = true
        case .none: break
        }
        guard let candidates = values[name.lowercased()] else { return .unknownValue(family: family) }
        // The flavour of the policy whose class covers the side the record is on.
        let machine = hive == .machine
        let entry =
            candidates.first { hive != nil && ($0.policyClass == .both || ($0.policyClass == .machine) == machine) }
            ?? candidates[0]
        return .policy(entry, deletes: deletes)
    }
}
