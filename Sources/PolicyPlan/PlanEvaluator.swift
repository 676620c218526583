import PolicyCatalog
import SiteModel

/// What Group Policy does with a plan, for one OU: the registry values its users and computers end up with.
///
/// GPOs linked at the domain root apply first, then those linked at each OU from the top down to the OU itself, so
/// the closest link is applied last and wins; at one place, link order 1 is applied last. Records apply in file
/// order (`**del.` removes a value, `**delvals.` every value of a key). The client then reads HKLM before HKCU.
public final class PlanEvaluator: @unchecked Sendable {
    let plan: PolicyPlan
    /// GPO indices and link orders by the place they are linked, built once: sites have thousands of OUs.
    let linksByTarget: [DistinguishedName: [(gpo: Int, order: Int)]]
    /// What each place already evaluated ends up with. An OU starts from its parent's state, so each place is
    /// evaluated once however many populations sit below it. (Not thread-safe: one evaluator per thread.)
    private var cache: [DistinguishedName: [RegistryHive: [RegistryValueID: Value]]] = [:]

    public init(_ plan: PolicyPlan) {
        self.plan = plan
        var links: [DistinguishedName: [(gpo: Int, order: Int)]] = [:]
        for (index, gpo) in plan.gpos.enumerated() {
            for link in gpo.links { links[link.target, default: []].append((index, link.order)) }
        }
        linksByTarget = links
    }

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

    /// Values in force per hive.
    public static func applied(to ou: DistinguishedName, plan: PolicyPlan) -> [RegistryHive: [RegistryValueID: Value]] {
        PlanEvaluator(plan).applied(to: ou)
    }

    public static func resultant(for ou: DistinguishedName, plan: PolicyPlan) -> [RegistryValueID: Value] {
        PlanEvaluator(plan).resultant(for: ou)
    }

    public func applied(to ou: DistinguishedName) -> [RegistryHive: [RegistryValueID: Value]] {
        if let cached = cache[ou] { return cached }
        // The parent's state (the domain root has none), then the GPOs linked here, link order 1 last.
        var state = ou.parent.map(applied(to:)) ?? [.machine: [:], .user: [:]]
        let linked = (linksByTarget[ou] ?? []).sorted { ($0.order, $0.gpo) > ($1.order, $1.gpo) }
        for gpo in linked.map({ plan.gpos[$0.gpo] }) {
            for hive in RegistryHive.allCases {
                for planned in gpo.policy[hive] ?? [] {
                    let record = planned.record
                    guard let id = RegistryValueID(record) else {
                        // `**delvals.` removes every value directly under the key, not those of its subkeys.
                        state[hive] = state[hive]!.filter { !$0.key.isDirectly(under: record.key) }
                        continue
                    }
                    if record.deletedValueName != nil {
                        state[hive]![id] = nil
                    } else {
                        state[hive]![id] = Value(
                            hive: hive, key: record.key, valueName: record.valueName, data: record.data, gpo: gpo.name,
                            policy: planned.policy, source: planned.source)
                    }
                }
            }
        }
        cache[ou] = state
        return state
    }

    /// The values the client reads: HKLM policy wins over HKCU policy for the same value.
    public func resultant(for ou: DistinguishedName) -> [RegistryValueID: Value] {
        let state = applied(to: ou)
        return state[.user]!.merging(state[.machine]!) { _, machine in machine }
    }

}
