import SiteModel

/// **lower**'s output and **emit**'s input: the GPOs a site needs, where each is linked, and the registry records
/// each writes, every record traced to the policy and the line of the site description behind it.
public struct PolicyPlan: Hashable, Codable, Sendable {
    public var site: String
    public var gpos: [GPO]

    public init(site: String, gpos: [GPO]) {
        self.site = site
        self.gpos = gpos
    }
}

public struct GPO: Hashable, Codable, Sendable {
    /// The display name in GPMC, `sipgpo Contoso - Head office`.
    public var name: String
    /// The GPO's id, derived from its name, so rebuilding updates the same GPO.
    public var id: GUID
    /// The id of its backup folder under `GPOs/`, derived from the name and the content.
    public var backupID: GUID
    /// The DNS name of the domain the GPO lives in.
    public var domain: String
    /// One sentence for the GPO's comment: what it is for.
    public var comment: String
    public var links: [GPOLink]
    /// Records of `Machine/Registry.pol` and `User/Registry.pol`, in the order they are written.
    public var policy: [RegistryHive: [PlannedRecord]]
    /// Group Policy Preferences registry items (settings that are preferences, not policy).
    public var preferences: [PreferenceItem]

    public init(
        name: String, id: GUID, backupID: GUID, domain: String, comment: String, links: [GPOLink],
        policy: [RegistryHive: [PlannedRecord]], preferences: [PreferenceItem]
    ) {
        self.name = name
        self.id = id
        self.backupID = backupID
        self.domain = domain
        self.comment = comment
        self.links = links
        self.policy = policy
        self.preferences = preferences
    }

    public func records(_ hive: RegistryHive) -> [RegistryRecord] { (policy[hive] ?? []).map(\.record) }

    /// The GPO's content as text, one line per record or preference item, for its backup id. Spelled out here
    /// (not Swift's description of the values) so that renaming a type never changes a GUID:
    ///
    ///     backup <TAB> domain <TAB> name
    ///     policy <TAB> HKLM|HKCU <TAB> key <TAB> value name <TAB> REG_TYPE <TAB> data
    ///     preference <TAB> HKCU <TAB> key <TAB> value name <TAB> REG_TYPE <TAB> data <TAB> action <TAB> OU
    ///
    /// Records in file order, machine first; data as `RegistryData.canonicalText` writes it; the OU normalized.
    public var canonicalContent: String {
        var lines = ["backup\t\(domain)\t\(name)"]
        for hive in RegistryHive.allCases {
            for planned in policy[hive] ?? [] {
                let record = planned.record
                lines.append(
                    "policy\t\(hive.rawValue)\t\(record.key)\t\(record.valueName)\t\(record.data.canonicalText)")
            }
        }
        for item in preferences {
            lines.append(
                "preference\t\(item.hive.rawValue)\t\(item.key)\t\(item.valueName)\t\(item.data.canonicalText)\t\(item.action.rawValue)\t\(item.organizationalUnit.normalized)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// The backup id: a name-based GUID of `canonicalContent`.
    public var contentID: GUID { GUID(name: canonicalContent) }
}

/// Where a GPO is linked: a domain root or an OU, with its link order there (1 applies last and wins).
public struct GPOLink: Hashable, Codable, Sendable {
    public var target: DistinguishedName
    public var order: Int
    public var enforced: Bool

    public init(target: DistinguishedName, order: Int, enforced: Bool = false) {
        self.target = target
        self.order = order
        self.enforced = enforced
    }
}

/// A registry record and why it is there.
public struct PlannedRecord: Hashable, Codable, Sendable {
    public var record: RegistryRecord
    /// The ADMX policy that writes it (`L_PolicyConfigurationMode_1`), with its state.
    public var policy: String
    /// The line of the site description that decided it (`site.yaml:22:5`).
    public var source: String?

    public init(record: RegistryRecord, policy: String, source: String?) {
        self.record = record
        self.policy = policy
        self.source = source
    }
}

/// One Group Policy Preferences registry item ([MS-GPPREF] 2.2.1.17), targeted at the users of one OU.
public struct PreferenceItem: Hashable, Codable, Sendable {
    public enum Action: String, Hashable, Codable, Sendable {
        case create = "C"
        case replace = "R"
        case update = "U"
        case delete = "D"
    }

    public var hive: RegistryHive
    public var key: String
    public var valueName: String
    /// `REG_SZ` or `REG_DWORD` data, as the item shows it.
    public var data: RegistryData
    public var action: Action
    /// Item-level targeting: applies to users (or computers) in this OU and below.
    public var organizationalUnit: DistinguishedName
    /// Derived from the GPO, key and value name.
    public var uid: GUID
    public var source: String?

    public init(
        hive: RegistryHive, key: String, valueName: String, data: RegistryData, action: Action,
        organizationalUnit: DistinguishedName, uid: GUID, source: String?
    ) {
        self.hive = hive
        self.key = key
        self.valueName = valueName
        self.data = data
        self.action = action
        self.organizationalUnit = organizationalUnit
        self.uid = uid
        self.source = source
    }
}
