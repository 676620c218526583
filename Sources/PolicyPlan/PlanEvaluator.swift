import PolicyCatalog
import SiteModel

/// What Group Policy does with a plan, for one OU: the registry values its users and computers end up with.
///
/// GPOs linked at the domain root apply first, then those linked at each OU from the top down to the OU itself, so
/// the closest link is applied last and wins; at one place, link order 1 is applied last. Records apply in file
/// order (`**del.` removes a value, `**delvals.` every value of a key). The client then reads HKLM before HKCU.
public enum PlanEvaluator {
    /// A value in force, and which GPO and line put it there.
    public struct Value: Hashable, Sendable {
        public var hive: RegistryHive
        public var key: String
        public var valueName: String
        public var data: RegistryData
        public var gpo: String
        public var policy: String
        public var source: String?
    }

    /// Values in force per hive, by lower-cased `key\valueName`.
    public static func applied(to ou: DistinguishedName, plan: PolicyPlan) -> [RegistryHive: [String: Value]] {
        var state: [RegistryHive: [String: Value]] = [.machine: [:], .user: [:]]
        for gpo in gposInApplicationOrder(for: ou, plan: plan) {
            for hive in RegistryHive.allCases {
                for planned in gpo.policy[hive] ?? [] {
                    let record = planned.record
                    let keyPrefix = record.key.lowercased() + "\\"
                    if record.valueName == "**delvals." {
                        state[hive] = state[hive]!.filter { !$0.key.hasPrefix(keyPrefix) || $0.key.dropFirst(keyPrefix.count).contains("\\") }
                    } else if let deleted = record.deletedValueName {
                        state[hive]![keyPrefix + deleted.lowercased()] = nil
                    } else {
                        state[hive]![keyPrefix + record.valueName.lowercased()] = Value(
                            hive: hive, key: record.key, valueName: record.valueName, data: record.data, gpo: gpo.name, policy: planned.policy,
                            source: planned.source)
                    }
                }
            }
        }
        return state
    }

    /// The values the client reads: HKLM policy wins over HKCU policy for the same value.
    public static func resultant(for ou: DistinguishedName, plan: PolicyPlan) -> [String: Value] {
        let state = applied(to: ou, plan: plan)
        return state[.user]!.merging(state[.machine]!) { _, machine in machine }
    }

    /// The GPOs that reach `ou`, least precedence first.
    static func gposInApplicationOrder(for ou: DistinguishedName, plan: PolicyPlan) -> [GPO] {
        // The domain root, then each OU from the top down to `ou`.
        var chain: [DistinguishedName] = []
        var current: DistinguishedName? = ou
        while let dn = current {
            chain.insert(dn, at: 0)
            current = dn.parent
        }
        let root = DistinguishedName(rdns: ou.rdns.filter { $0.type == "DC" })
        if chain.first != root { chain.insert(root, at: 0) }
        var out: [GPO] = []
        for place in chain {
            let linked = plan.gpos.compactMap { gpo in gpo.links.first { $0.target == place }.map { (gpo, $0.order) } }
            out += linked.sorted { $0.1 > $1.1 }.map(\.0)
        }
        return out
    }
}
