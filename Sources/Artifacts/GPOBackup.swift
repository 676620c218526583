import PolicyPlan

/// A GPO as a GPMC backup folder, the input of `Import-GPO -BackupId … -Path …` (formats.md §4.1): `Backup.xml`,
/// `bkupInfo.xml` and the `DomainSysvol` files they list. No `gpreport.xml`: public scripts that feed
/// `Import-GPO` leave it out too.
public enum GPOBackup {
    static let namespace = "http://www.microsoft.com/GroupPolicy/GPOOperations"
    static let manifestNamespace = "http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest"
    static let declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    /// GPMC records when the backup was taken. A fixed time keeps two builds of the same site byte-identical;
    /// Import-GPO only displays it.
    static let backupTime = "2000-01-01T00:00:00"

    /// Client-side extensions and their tool GUIDs (formats.md §0.5, §2.5, §3.3).
    enum Extension {
        static let registry = "{35378EAC-683F-11D2-A89A-00C04FBBCFA2}"
        static let registryMachineTool = "{D02B1F72-3407-48AE-BA88-E8213C6761F1}"
        static let registryUserTool = "{D02B1F73-3407-48AE-BA88-E8213C6761F1}"
        /// GPMC merges every preference tool GUID into one group under the null CSE GUID.
        static let preferencesTools = "{00000000-0000-0000-0000-000000000000}"
        static let preferencesRegistry = "{B087BE9D-ED37-454F-AF9C-04291E351182}"
        static let preferencesRegistryTool = "{BEE07A6A-EC9F-4659-B8C9-0B1937907C83}"
        /// The id under which GPMC backups list preference files (`bkp:DescName="Unknown Extension"`).
        static let preferencesBackup = "{F15C46CD-82A0-4C2D-A210-5D0D3182A418}"
    }

    /// What one side (`Machine` or `User`) of a GPO holds.
    struct Side {
        var hive: RegistryHive
        var hasPolicy: Bool
        var hasPreferences: Bool
        var hasContent: Bool { hasPolicy || hasPreferences }

        /// `%GPO_MACH_FSPATH%` or `%GPO_USER_FSPATH%`: where the file lives in the GPO.
        var pathVariable: String { hive == .machine ? "%GPO_MACH_FSPATH%" : "%GPO_USER_FSPATH%" }
        /// `DomainSysvol\GPO\Machine`: where the file lives in the backup.
        var location: String { "DomainSysvol\\GPO\\\(hive.gpoFolder)" }

        /// `[{CSE}{tool}…]` groups in ascending CSE GUID order, tools ascending within a group ([MS-GPOL] 2.2.4).
        var extensionGuids: String {
            var groups: [String: Set<String>] = [:]
            if hasPolicy {
                groups[Extension.registry, default: []].insert(
                    hive == .machine ? Extension.registryMachineTool : Extension.registryUserTool)
            }
            if hasPreferences {
                groups[Extension.preferencesTools, default: []].insert(Extension.preferencesRegistryTool)
                groups[Extension.preferencesRegistry, default: []].insert(Extension.preferencesRegistryTool)
            }
            return groups.keys.sorted().map { "[" + $0 + groups[$0, default: []].sorted().joined() + "]" }.joined()
        }
    }

    static func sides(_ gpo: GPO) -> [Side] {
        RegistryHive.allCases.sorted().map { hive in
            Side(
                hive: hive, hasPolicy: !gpo.records(hive).isEmpty,
                hasPreferences: gpo.preferences.contains { $0.hive == hive })
        }
    }

    /// The backup's files, paths relative to the backup root and sorted, all under `{BackupID}/`.
    ///
    /// `registryPol` and `preferences` hold the encoded `Registry.pol` and `Registry.xml` of each side; every side
    /// with records (or preference items) must have an entry, and entries for empty sides are ignored.
    public static func files(
        for gpo: GPO, registryPol: [RegistryHive: [UInt8]], preferences: [RegistryHive: String]
    ) -> [(path: String, bytes: [UInt8])] {
        let root = gpo.backupID.description
        var files: [(path: String, bytes: [UInt8])] = [
            ("\(root)/Backup.xml", Array(backupXML(gpo).utf8)),
            ("\(root)/bkupInfo.xml", Array(backupInfoXML(gpo).utf8)),
        ]
        for side in sides(gpo) {
            let folder = "\(root)/DomainSysvol/GPO/\(side.hive.gpoFolder)"
            if side.hasPolicy {
                guard let bytes = registryPol[side.hive] else {
                    preconditionFailure("no Registry.pol bytes for the \(side.hive.gpoFolder) side of '\(gpo.name)'")
                }
                files.append(("\(folder)/registry.pol", bytes))
            }
            if side.hasPreferences {
                guard let text = preferences[side.hive] else {
                    preconditionFailure("no Registry.xml for the \(side.hive.gpoFolder) side of '\(gpo.name)'")
                }
                files.append(("\(folder)/Preferences/Registry/Registry.xml", Array(text.utf8)))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// `Backup.xml`: the GPO's core settings and, per client-side extension, the files the backup holds.
    static func backupXML(_ gpo: GPO) -> String {
        let sides = sides(gpo)
        let machine = sides[0]
        let user = sides[1]
        // Real backups look like (AD version << 16) | SYSVOL version per side; 65537 says "version 1 of both" for
        // a side that has content. Unverified: Import-GPO may recompute them.
        func version(_ side: Side) -> String { side.hasContent ? "65537" : "0" }
        let core = [
            XMLText.cdataElement("ID", gpo.id.description),
            XMLText.cdataElement("Domain", gpo.domain),
            // Left empty: Import-GPO keeps the target GPO's permissions.
            XMLText.cdataElement("SecurityDescriptor", ""),
            XMLText.cdataElement("DisplayName", gpo.name),
            XMLText.cdataElement("Options", "0"),
            XMLText.cdataElement("UserVersionNumber", version(user)),
            XMLText.cdataElement("MachineVersionNumber", version(machine)),
            XMLText.cdataElement("MachineExtensionGuids", machine.extensionGuids),
            XMLText.cdataElement("UserExtensionGuids", user.extensionGuids),
            "<WMIFilter/>",
        ]
        var lines = [
            declaration,
            XMLText.openTag(
                "GroupPolicyBackupScheme",
                [
                    ("bkp:version", "2.0"), ("bkp:type", "GroupPolicyBackupTemplate"), ("xmlns:bkp", namespace),
                    ("xmlns", namespace),
                ]) + ">",
            "    <GroupPolicyObject>",
            "        <SecurityGroups/>",
            "        <FilePaths/>",
            "        <GroupPolicyCoreSettings>" + core.joined() + "</GroupPolicyCoreSettings>",
        ]
        // Extensions in ascending id order, as GPMC lists them.
        let policySides = sides.filter(\.hasPolicy)
        if !policySides.isEmpty {
            lines.append("        " + extensionTag(Extension.registry, "Registry"))
            for side in policySides { lines.append("            " + fsObject("FSObjectFile", side, "registry.pol")) }
            lines.append("        </GroupPolicyExtension>")
        }
        let preferenceSides = sides.filter(\.hasPreferences)
        if !preferenceSides.isEmpty {
            lines.append("        " + extensionTag(Extension.preferencesBackup, "Unknown Extension"))
            for side in preferenceSides {
                lines.append("            " + fsObject("FSObjectDir", side, "Preferences"))
                lines.append("            " + fsObject("FSObjectDir", side, "Preferences\\Registry"))
                lines.append("            " + fsObject("FSObjectFile", side, "Preferences\\Registry\\Registry.xml"))
            }
            lines.append("        </GroupPolicyExtension>")
        }
        lines += ["    </GroupPolicyObject>", "</GroupPolicyBackupScheme>"]
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func extensionTag(_ id: String, _ name: String) -> String {
        XMLText.openTag("GroupPolicyExtension", [("bkp:ID", id), ("bkp:DescName", name)]) + ">"
    }

    /// One file or folder of an extension: where it lives in the GPO (`bkp:Path`) and in the backup
    /// (`bkp:Location`), both Windows paths.
    static func fsObject(_ element: String, _ side: Side, _ relativePath: String) -> String {
        XMLText.openTag(
            element,
            [
                ("bkp:Path", "\(side.pathVariable)\\\(relativePath)"),
                ("bkp:Location", "\(side.location)\\\(relativePath)"),
            ]
        ) + "/>"
    }

    /// `bkupInfo.xml`: the backup's entry, by which `Import-GPO -BackupGpoName` finds it (`GPODisplayName`).
    static func backupInfoXML(_ gpo: GPO) -> String {
        let lines =
            [declaration, XMLText.openTag("BackupInst", [("xmlns", manifestNamespace)]) + ">"]
            + backupInstFields(gpo).map { "  " + $0 } + ["</BackupInst>"]
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// `manifest.xml` at the backup root: one `BackupInst` per GPO, in the order given.
    public static func manifest(_ gpos: [GPO]) -> String {
        var lines = [
            declaration,
            XMLText.openTag(
                "Backups", [("xmlns", manifestNamespace), ("xmlns:mfst", manifestNamespace), ("mfst:version", "1.0")])
                + ">",
        ]
        for gpo in gpos {
            lines.append("  <BackupInst>")
            lines += backupInstFields(gpo).map { "    " + $0 }
            lines.append("  </BackupInst>")
        }
        lines.append("</Backups>")
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func backupInstFields(_ gpo: GPO) -> [String] {
        [
            XMLText.cdataElement("GPOGuid", gpo.id.description),
            XMLText.cdataElement("GPODomain", gpo.domain),
            // The real domain's GUID is unknown offline; one derived from its name is stable across builds.
            XMLText.cdataElement("GPODomainGuid", GUID(name: gpo.domain.lowercased()).description),
            XMLText.cdataElement("GPODomainController", ""),
            XMLText.cdataElement("BackupTime", backupTime),
            XMLText.cdataElement("ID", gpo.backupID.description),
            XMLText.cdataElement("Comment", gpo.comment),
            XMLText.cdataElement("GPODisplayName", gpo.name),
        ]
    }
}
