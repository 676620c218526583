import PolicyCatalog
import PolicyPlan
import SiteModel

/// One GPO as read back: its identity (when the input tells it) and the records of its two `Registry.pol` files
/// that policies of the catalog write, each with where it was read.
public struct DecompiledGPO: Hashable, Sendable {
    /// `{GUID}` in upper case, from `bkupInfo.xml`, a Samba backup's folder or a SYSVOL folder.
    public var id: String?
    /// The display name (`GPODisplayName`, or `samba-tool gpo listall`), else the folder or file name.
    public var name: String
    /// The file or folder it was read from.
    public var origin: String
    /// The catalog's records, in file order, per side; `source` is `file:offset` or `file:line`.
    public var policy: [RegistryHive: [PlannedRecord]]
    /// Settings the GPO holds that no policy of the catalog defines, counted per side.
    public var unknownValues: Int

    public init(id: String?, name: String, origin: String) {
        self.id = id
        self.name = name
        self.origin = origin
        self.policy = [:]
        self.unknownValues = 0
    }
}

/// A value in force for a client, in the shape `explain --format json` reports settings.
public struct DecompiledSetting: Hashable, Codable, Sendable {
    public typealias Value = SettingValue

    public var name: String
    public var value: Value
    public var hive: String
    public var gpo: String
    /// The ADMX policy that writes it.
    public var policy: String
    /// Where the record was read (`…/registry.pol:1234` for a byte offset, `file.reg:12` for a line).
    public var source: String
}

/// What a client of one policy family does under the values in force: sign-in mode and servers, transport,
/// trusted domains and strict DNS naming, each read through the catalog's bindings.
public struct ClientBehaviour: Hashable, Codable, Sendable {
    public enum Mode: String, Hashable, Codable, Sendable {
        /// The sign-in policy is disabled: DNS discovery.
        case automatic
        /// The sign-in policy is enabled: the configured servers.
        case manual
        /// No sign-in policy value: the client keeps its own setting.
        case notConfigured = "not configured"
        /// The policy value is neither the policy's enabled nor its disabled value.
        case unrecognised
    }

    /// `communicator`, `office15`, `office16`.
    public var family: String
    /// The client profiles that read this family's policies.
    public var clients: [String]
    public var mode: Mode
    public var internalServer: String?
    public var externalServer: String?
    public var transport: String?
    public var trustedDomains: [String]?
    /// False when the policy allows any name under the SIP domain (`DisableStrictDNSNaming` enabled).
    public var strictDnsNaming: Bool?
    /// The values behind all this, in the order explain lists them.
    public var settings: [DecompiledSetting]
    public var notes: [String]

    /// True when no policy value reaches this family's clients.
    public var isEmpty: Bool { settings.isEmpty }
}

/// Reads the values in force through the catalog.
public struct Interpreter: Sendable {
    public var catalog: PolicyCatalog
    public var clients: ClientCatalog

    public init(catalog: PolicyCatalog, clients: ClientCatalog) {
        self.catalog = catalog
        self.clients = clients
    }

    /// The values a family's bound policies set, as `explain` lists a population's settings (the same walk:
    /// settings in catalog order, the Machine flavour first, the policy's own value, then elements by role).
    public func settings(family: PolicyFamily, resultant: [RegistryValueID: PlanEvaluator.Value])
        -> [DecompiledSetting]
    {
        var out: [DecompiledSetting] = []
        for (_, machine, _, key, valueName) in boundNames(family) {
            guard let value = resultant[RegistryValueID(key: key, valueName: valueName)],
                value.hive == (machine ? .machine : .user),
                !out.contains(where: { $0.name == value.valueName && $0.hive == value.hive.rawValue })
            else { continue }
            out.append(
                DecompiledSetting(
                    name: value.valueName, value: .init(value.data), hive: value.hive.rawValue, gpo: value.gpo,
                    policy: value.policy, source: value.source ?? ""))
        }
        return out
    }

    /// Every value name a family's bindings read, with its setting, class and role, in explain's order.
    func boundNames(_ family: PolicyFamily) -> [(BoundSetting, Bool, BindingRole, String, String)] {
        var out: [(BoundSetting, Bool, BindingRole, String, String)] = []
        for setting in BoundSetting.allCases {
            for machine in [true, false] {
                guard let (binding, policy) = family.policy(for: setting, machine: machine) else { continue }
                if let valueName = policy.valueName { out.append((setting, machine, .policy, policy.key, valueName)) }
                for (role, id) in binding.elements.sorted(by: { $0.key < $1.key }) {
                    guard let element = policy.element(id), let valueName = element.valueName else { continue }
                    out.append((setting, machine, role, element.key ?? policy.key, valueName))
                }
            }
        }
        return out
    }

    /// What a client of `family` does under `resultant` (the values in force, HKLM over HKCU).
    public func behaviour(family: PolicyFamily, resultant: [RegistryValueID: PlanEvaluator.Value]) -> ClientBehaviour {
        let settings = settings(family: family, resultant: resultant)
        var behaviour = ClientBehaviour(
            family: family.id,
            clients: clients.profiles.values.filter { $0.policyFamily == family.id }.map(\.id).sorted(),
            mode: .notConfigured, settings: settings, notes: [])
        func value(_ key: String, _ valueName: String) -> PlanEvaluator.Value? {
            resultant[RegistryValueID(key: key, valueName: valueName)]
        }
        func text(_ value: PlanEvaluator.Value?) -> String? {
            switch value?.data {
            case .string(let text)?, .expandString(let text)?: text
            case .dword(let number)?: String(number)
            default: nil
            }
        }
        func state(_ policy: PolicyDefinition) -> Bool? {
            guard let valueName = policy.valueName, let found = value(policy.key, valueName) else { return nil }
            func matches(_ expected: PolicyValue?, default number: UInt32) -> Bool {
                switch (expected, found.data) {
                case (.decimal(let want)?, .dword(let got)): want == got
                case (.string(let want)?, .string(let got)): want == got
                case (nil, .dword(let got)): got == number
                default: false
                }
            }
            if matches(policy.enabledValue, default: 1) { return true }
            if matches(policy.disabledValue, default: 0) { return false }
            behaviour.notes.append(
                "\(found.valueName) is \(DecompiledSetting.Value(found.data)), neither the enabled nor the disabled value of policy '\(policy.name)'"
            )
            return nil
        }
        // Which flavour applies: the Machine policy's values win where both are set (the client reads HKLM first).
        func flavour(_ setting: BoundSetting) -> (SettingBinding, PolicyDefinition)? {
            let machine = family.policy(for: setting, machine: true)
            let user = family.policy(for: setting, machine: false)
            guard let machine else { return user }
            if let valueName = machine.policy.valueName, value(machine.policy.key, valueName)?.hive == .machine {
                return machine
            }
            return user ?? machine
        }
        func element(_ binding: SettingBinding, _ policy: PolicyDefinition, _ role: BindingRole) -> PlanEvaluator.Value?
        {
            guard let id = binding.elements[role], let element = policy.element(id), let name = element.valueName
            else { return nil }
            return value(element.key ?? policy.key, name)
        }
        if let (binding, policy) = flavour(.signIn) {
            let hasValue = policy.valueName.flatMap { value(policy.key, $0) } != nil
            switch state(policy) {
            case true?:
                behaviour.mode = .manual
                behaviour.internalServer = text(element(binding, policy, .internalServer))
                behaviour.externalServer = text(element(binding, policy, .externalServer))
                behaviour.transport = text(element(binding, policy, .transport))
            case false?: behaviour.mode = .automatic
            case nil: behaviour.mode = hasValue ? .unrecognised : .notConfigured
            }
        }
        if let (binding, policy) = flavour(.trustedDomains), let list = text(element(binding, policy, .domains)) {
            behaviour.trustedDomains = list.split(separator: ",").map {
                String(String($0).trimmed(" \t"))
            }.filter { !$0.isEmpty }
        }
        if let (_, policy) = flavour(.strictDnsNaming), let enabled = state(policy) {
            // The policy allows non-standard names when enabled (see Lowering): strict naming is its disabled state.
            behaviour.strictDnsNaming = !enabled
        }
        for (role, note) in (flavour(.signIn)?.0.uncertain ?? [:]).sorted(by: { $0.key < $1.key })
        where role == .transport && behaviour.transport != nil {
            behaviour.notes.append("Transport: \(note)")
        }
        if let note = flavour(.strictDnsNaming)?.0.uncertain[.policy], behaviour.strictDnsNaming != nil {
            behaviour.notes.append("DisableStrictDNSNaming: \(note)")
        }
        return behaviour
    }
}

extension String {
    fileprivate func trimmed(_ set: String) -> Substring {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return slice
    }
}
