import SipgpoDiagnostics

/// One policy as an ADMX defines it: where it writes and what its states write.
public struct PolicyDefinition: Hashable, Sendable {
    public enum PolicyClass: String, Hashable, Sendable {
        case machine = "Machine"
        case user = "User"
        case both = "Both"

        func covers(_ machine: Bool) -> Bool { self == .both || (self == .machine) == machine }
    }

    public var name: String
    public var policyClass: PolicyClass
    /// Without hive, as written in the ADMX (case preserved: Microsoft's Office templates use lower case).
    public var key: String
    public var valueName: String?
    public var enabledValue: PolicyValue?
    public var disabledValue: PolicyValue?
    public var elements: [PolicyElement]
    /// Where it is defined, for diagnostics.
    public var file: String
    public var line: Int

    public func element(_ id: String) -> PolicyElement? { elements.first { $0.id == id } }
}

/// A value in `enabledValue`, `disabledValue` or an enum item.
public enum PolicyValue: Hashable, Sendable {
    case decimal(UInt32)
    case string(String)
    case delete
}

public struct PolicyElement: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case text(expandable: Bool)
        case decimal
        case boolean
        /// The items' display name ids and values.
        case enumeration([(String, PolicyValue)])
        case list
        case multiText

        public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        public var name: String {
            switch self {
            case .text: "text"
            case .decimal: "decimal"
            case .boolean: "boolean"
            case .enumeration: "enum"
            case .list: "list"
            case .multiText: "multiText"
            }
        }
    }

    public var id: String
    public var kind: Kind
    /// The element's own key, when it overrides the policy's.
    public var key: String?
    public var valueName: String?
    public var required: Bool

    /// The enum item whose value is `value`, if this is an enum.
    public func enumValue(_ text: String) -> PolicyValue? {
        guard case .enumeration(let items) = kind else { return nil }
        return items.first { item in
            if case .string(let string) = item.1 { return string == text }
            if case .decimal(let number) = item.1 { return String(number) == text }
            return false
        }?.1
    }
}

/// The settings of a site description that policies implement.
public enum BoundSetting: String, Hashable, Sendable, CaseIterable {
    case signIn
    case trustedDomains
    case strictDnsNaming
}

/// What a value of a bound policy carries: the policy's own value, or the part an element holds. The order of the
/// cases is the order explanations list the values in.
public enum BindingRole: String, Hashable, Sendable, CaseIterable, Comparable {
    case policy
    case internalServer
    case externalServer
    case transport
    case domains

    public static func < (lhs: BindingRole, rhs: BindingRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which policy (Machine and User flavour) implements a setting, and which of its elements carry which part.
public struct SettingBinding: Hashable, Sendable {
    public var setting: BoundSetting
    public var machinePolicy: String
    public var userPolicy: String
    /// Role → element id.
    public var elements: [BindingRole: String]
    /// Why a value this binding writes is not documented by Microsoft, by value role (`policy` for the policy's own
    /// value); shown next to the value wherever sipgpo explains it.
    public var uncertain: [BindingRole: String]
    public var line: Int
}

/// The policies of one client family (`communicator`, `office15`, `office16`).
public struct PolicyFamily: Hashable, Sendable {
    public var id: String
    /// The ADMX base name (`sipgpo-communicator`, `lync16`).
    public var template: String
    /// The ADMX target namespace, by which the Central Store copy is found.
    public var namespace: String
    /// True when sipgpo ships the ADMX (the Communicator family), false for Microsoft's own templates.
    public var shipped: Bool
    public var source: String?
    public var bindings: [BoundSetting: SettingBinding]
    public var policies: [String: PolicyDefinition]

    /// The policy that sets `setting` for the given hive's class, if the family has one.
    public func policy(for setting: BoundSetting, machine: Bool) -> (binding: SettingBinding, policy: PolicyDefinition)?
    {
        guard let binding = bindings[setting],
            let policy = policies[machine ? binding.machinePolicy : binding.userPolicy],
            policy.policyClass.covers(machine)
        else { return nil }
        return (binding, policy)
    }
}
