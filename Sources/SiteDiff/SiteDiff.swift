import Discovery
import PolicyPlan
import SiteModel

/// **diff**: two compiled sites (or a site and a deployment read back by `decompile`) → what changes for each
/// population on each network, then what changes in the GPOs, their links and the registry values they write.
///
/// A pure function of typed values: the discovery runs (`DiscoveryRun`) and the policy plans (`PolicyPlan`) of both
/// sides. Outcomes are compared on what decides where a client signs in (`OutcomeKey`), never on their words.
public struct SiteDiff: Hashable, Sendable {
    /// Per population and network whose outcome differs, in the new site's order (then populations only the old
    /// site has).
    public var outcomes: [OutcomeDifference]
    /// GPOs added, removed or changed, by name.
    public var gpos: [GPOChange]

    public init(outcomes: [OutcomeDifference], gpos: [GPOChange]) {
        self.outcomes = outcomes
        self.gpos = gpos
    }

    /// Nothing differs: no outcome, GPO, link or registry value.
    public var isEmpty: Bool { outcomes.isEmpty && gpos.isEmpty }

    /// Whether any population's outcome differs (what `--exit-code` tests).
    public var changesOutcome: Bool { !outcomes.isEmpty }

    /// Compares two sides. `old` and `new` carry the runs of every population × network and the plan.
    public static func compare(old: Side, new: Side, matching: Matching = .name) -> SiteDiff {
        SiteDiff(
            outcomes: outcomeChanges(from: old.runs, to: new.runs, matching: matching),
            gpos: gpoChanges(from: old.plan?.gpos ?? [], to: new.plan?.gpos ?? []))
    }

    /// One side of a comparison: a compiled site's runs and plan.
    public struct Side: Sendable {
        public var runs: [DiscoveryRun]
        public var plan: PolicyPlan?

        public init(runs: [DiscoveryRun], plan: PolicyPlan?) {
            self.runs = runs
            self.plan = plan
        }
    }

    // MARK: outcomes

    /// How the populations of the two sides are paired.
    public enum Matching: Sendable {
        /// By name: two site descriptions.
        case name
        /// By OU: a site and a deployment read back by `decompile`, whose populations are named after their OUs.
        case ou
    }

    struct RunID: Hashable {
        var population: String
        var network: NetworkLocation

        init(_ run: DiscoveryRun, _ matching: Matching) {
            switch matching {
            case .name: population = run.population
            case .ou: population = (try? DistinguishedName.parse(run.ou).get().normalized) ?? run.ou
            }
            network = run.network
        }
    }

    /// The runs whose outcome differs, matched by population (name or OU) and network; a population on one side
    /// only is a change from (or to) nothing. Matched by OU, a change carries the old side's population name.
    public static func outcomeChanges(
        from old: [DiscoveryRun], to new: [DiscoveryRun], matching: Matching = .name
    ) -> [OutcomeDifference] {
        var oldByID: [RunID: DiscoveryRun] = [:]
        for run in old where oldByID[RunID(run, matching)] == nil { oldByID[RunID(run, matching)] = run }
        var seen: Set<RunID> = []
        var changes: [OutcomeDifference] = []
        for run in new {
            let id = RunID(run, matching)
            guard seen.insert(id).inserted else { continue }
            guard let before = oldByID[id] else {
                changes.append(
                    OutcomeDifference(population: run.population, network: run.network, before: nil, after: run))
                continue
            }
            if OutcomeKey(before) != OutcomeKey(run) {
                changes.append(
                    OutcomeDifference(population: before.population, network: run.network, before: before, after: run))
            }
        }
        for run in old {
            let id = RunID(run, matching)
            guard seen.insert(id).inserted else { continue }
            changes.append(OutcomeDifference(population: run.population, network: run.network, before: run, after: nil))
        }
        return changes
    }

    // MARK: GPOs

    /// GPOs matched by name (sorted by name): one on a single side is added or removed with all it holds.
    public static func gpoChanges(from old: [GPO], to new: [GPO]) -> [GPOChange] {
        var oldByName: [String: GPO] = [:]
        for gpo in old where oldByName[gpo.name] == nil { oldByName[gpo.name] = gpo }
        var newByName: [String: GPO] = [:]
        for gpo in new where newByName[gpo.name] == nil { newByName[gpo.name] = gpo }
        var changes: [GPOChange] = []
        for name in Set(oldByName.keys).union(newByName.keys).sorted() {
            let before = oldByName[name]
            let after = newByName[name]
            let change = GPOChange(
                name: name,
                kind: before == nil ? .added : after == nil ? .removed : .changed,
                links: linkChanges(from: before?.links ?? [], to: after?.links ?? []),
                values: valueChanges(from: before, to: after),
                preferences: preferenceChanges(from: before?.preferences ?? [], to: after?.preferences ?? []))
            if change.kind != .changed || !change.links.isEmpty || !change.values.isEmpty
                || !change.preferences.isEmpty
            {
                changes.append(change)
            }
        }
        return changes
    }

    /// Links matched by target: added, removed, or with another order or enforcement.
    static func linkChanges(from old: [GPOLink], to new: [GPOLink]) -> [LinkChange] {
        let targets = Set(old.map(\.target)).union(new.map(\.target)).sorted()
        return targets.compactMap { target in
            let before = old.first { $0.target == target }
            let after = new.first { $0.target == target }
            return before == after ? nil : LinkChange(target: target, before: before, after: after)
        }
    }

    /// Registry values matched by hive, key and value name (case-insensitively, as the registry does).
    static func valueChanges(from old: GPO?, to new: GPO?) -> [ValueChange] {
        var changes: [ValueChange] = []
        for hive in RegistryHive.allCases {
            let before = values(old?.policy[hive] ?? [])
            let after = values(new?.policy[hive] ?? [])
            for id in Set(before.keys).union(after.keys).sorted() {
                let was = before[id]
                let now = after[id]
                guard was?.record.data != now?.record.data else { continue }
                let shown = now ?? was!
                changes.append(
                    ValueChange(
                        hive: hive, key: shown.record.key, valueName: shown.record.valueName, before: was?.record.data,
                        after: now?.record.data, policy: shown.policy, source: now?.source ?? was?.source))
            }
        }
        return changes
    }

    /// The records of one `Registry.pol` by value: the last record of a value is the one in force.
    static func values(_ records: [PlannedRecord]) -> [RegistryValueID: PlannedRecord] {
        var out: [RegistryValueID: PlannedRecord] = [:]
        for planned in records {
            out[RegistryValueID(key: planned.record.key, valueName: planned.record.valueName)] = planned
        }
        return out
    }

    /// Group Policy Preferences items matched by hive, key, value name and the OU they target.
    static func preferenceChanges(from old: [PreferenceItem], to new: [PreferenceItem]) -> [PreferenceChange] {
        struct ID: Hashable, Comparable {
            var value: RegistryValueID
            var hive: RegistryHive
            var ou: DistinguishedName
            static func < (lhs: ID, rhs: ID) -> Bool { (lhs.ou, lhs.hive, lhs.value) < (rhs.ou, rhs.hive, rhs.value) }
        }
        func id(_ item: PreferenceItem) -> ID {
            ID(
                value: RegistryValueID(key: item.key, valueName: item.valueName), hive: item.hive,
                ou: item.organizationalUnit)
        }
        var before: [ID: PreferenceItem] = [:]
        for item in old { before[id(item)] = item }
        var after: [ID: PreferenceItem] = [:]
        for item in new { after[id(item)] = item }
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            let was = before[key]
            let now = after[key]
            guard was?.data != now?.data || was?.action != now?.action else { return nil }
            let shown = now ?? was!
            return PreferenceChange(
                hive: shown.hive, key: shown.key, valueName: shown.valueName,
                organizationalUnit: shown.organizationalUnit,
                before: was?.data, after: now?.data)
        }
    }
}

/// A population on one network whose outcome differs; `before` or `after` is nil for a population one side lacks.
public struct OutcomeDifference: Hashable, Sendable {
    public var population: String
    public var network: NetworkLocation
    public var before: DiscoveryRun?
    public var after: DiscoveryRun?
}

/// A GPO added, removed, or changed in its links, registry values or preference items.
public struct GPOChange: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case added
        case removed
        case changed
    }

    public var name: String
    public var kind: Kind
    public var links: [LinkChange]
    public var values: [ValueChange]
    public var preferences: [PreferenceChange]
}

/// A link added (`before` nil), removed (`after` nil), or with another link order or enforcement.
public struct LinkChange: Hashable, Sendable {
    public var target: DistinguishedName
    public var before: GPOLink?
    public var after: GPOLink?
}

/// A registry value of a GPO's `Registry.pol` added, removed or set to other data.
public struct ValueChange: Hashable, Sendable {
    public var hive: RegistryHive
    public var key: String
    public var valueName: String
    public var before: RegistryData?
    public var after: RegistryData?
    /// The ADMX policy that writes the value (of the new side when it has it).
    public var policy: String
    /// The line of the site description that decided it.
    public var source: String?
}

/// A Group Policy Preferences registry item added, removed or set to other data or action.
public struct PreferenceChange: Hashable, Sendable {
    public var hive: RegistryHive
    public var key: String
    public var valueName: String
    public var organizationalUnit: DistinguishedName
    public var before: RegistryData?
    public var after: RegistryData?
}
