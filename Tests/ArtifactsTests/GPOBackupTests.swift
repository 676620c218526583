import PolicyPlan
import SiteModel
import Testing

@testable import Artifacts

@Suite struct GPOBackupTests {
    static let lync = #"Software\Policies\Microsoft\Office\16.0\Lync"#
    static let gpoID = GUID(bytes: [
        0x31, 0xB2, 0xF3, 0x40, 0x01, 0x6D, 0x11, 0xD2, 0x94, 0x5F, 0x00, 0xC0, 0x4F, 0xB9, 0x84, 0xF9,
    ])
    static let backupID = GUID(bytes: Array(repeating: 0xAB, count: 16))

    static func crlf(_ lines: [String]) -> String { lines.map { $0 + "\r\n" }.joined() }

    static func gpo(machine: [RegistryRecord] = [], user: [RegistryRecord] = [], preferences: [PreferenceItem] = [])
        -> GPO
    {
        func planned(_ records: [RegistryRecord]) -> [PlannedRecord] {
            records.map { PlannedRecord(record: $0, policy: "L_PolicyConfigurationMode_1", source: nil) }
        }
        return GPO(
            name: "sipgpo Contoso & Co - Head office", id: gpoID, backupID: backupID, domain: "contoso.com",
            comment: "Lync sign-in for <Head office>", links: [],
            policy: [.machine: planned(machine), .user: planned(user)], preferences: preferences)
    }

    static func text(_ files: [(path: String, bytes: [UInt8])], _ path: String) -> String? {
        files.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func machinePolicyOnly() {
        let record = RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(1))
        let gpo = Self.gpo(machine: [record])
        let pol: [UInt8] = [0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]
        let files = GPOBackup.files(for: gpo, registryPol: [.machine: pol], preferences: [:])
        let root = "{ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB}"
        #expect(
            files.map(\.path) == [
                "\(root)/Backup.xml", "\(root)/DomainSysvol/GPO/Machine/registry.pol", "\(root)/bkupInfo.xml",
            ])
        #expect(files[1].bytes == pol)
        #expect(
            Self.text(files, "\(root)/Backup.xml")
                == Self.crlf([
                    #"<?xml version="1.0" encoding="utf-8"?>"#,
                    #"<GroupPolicyBackupScheme bkp:version="2.0" bkp:type="GroupPolicyBackupTemplate" xmlns:bkp="http://www.microsoft.com/GroupPolicy/GPOOperations" xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations">"#,
                    "    <GroupPolicyObject>",
                    "        <SecurityGroups/>",
                    "        <FilePaths/>",
                    "        <GroupPolicyCoreSettings>"
                        + "<ID><![CDATA[{31B2F340-016D-11D2-945F-00C04FB984F9}]]></ID><Domain><![CDATA[contoso.com]]></Domain>"
                        + "<SecurityDescriptor/><DisplayName><![CDATA[sipgpo Contoso & Co - Head office]]></DisplayName>"
                        + "<Options><![CDATA[0]]></Options><UserVersionNumber><![CDATA[0]]></UserVersionNumber>"
                        + "<MachineVersionNumber><![CDATA[65537]]></MachineVersionNumber>"
                        + "<MachineExtensionGuids><![CDATA[[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]]]></MachineExtensionGuids>"
                        + "<UserExtensionGuids/><WMIFilter/></GroupPolicyCoreSettings>",
                    #"        <GroupPolicyExtension bkp:ID="{35378EAC-683F-11D2-A89A-00C04FBBCFA2}" bkp:DescName="Registry">"#,
                    #"            <FSObjectFile bkp:Path="%GPO_MACH_FSPATH%\registry.pol" bkp:Location="DomainSysvol\GPO\Machine\registry.pol"/>"#,
                    "        </GroupPolicyExtension>",
                    "    </GroupPolicyObject>",
                    "</GroupPolicyBackupScheme>",
                ]))
        #expect(
            Self.text(files, "\(root)/bkupInfo.xml")
                == Self.crlf([
                    #"<?xml version="1.0" encoding="utf-8"?>"#,
                    #"<BackupInst xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest">"#,
                    "  <GPOGuid><![CDATA[{31B2F340-016D-11D2-945F-00C04FB984F9}]]></GPOGuid>",
                    "  <GPODomain><![CDATA[contoso.com]]></GPODomain>",
                    // GUID(name: "contoso.com")
                    "  <GPODomainGuid><![CDATA[{91C3169E-F3F9-5195-978B-318AE808785B}]]></GPODomainGuid>",
                    "  <GPODomainController/>",
                    "  <BackupTime><![CDATA[2000-01-01T00:00:00]]></BackupTime>",
                    "  <ID><![CDATA[{ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB}]]></ID>",
                    "  <Comment><![CDATA[Lync sign-in for <Head office>]]></Comment>",
                    "  <GPODisplayName><![CDATA[sipgpo Contoso & Co - Head office]]></GPODisplayName>",
                    "</BackupInst>",
                ]))
    }

    @Test func userPolicyAndPreferences() throws {
        let ou = try DistinguishedName.parse("OU=EMEA,DC=contoso,DC=com").get()
        let item = PreferenceItem(
            hive: .user, key: Self.lync, valueName: "ServerAddressInternal", data: .string("sip-emea.contoso.com"),
            action: .update, organizationalUnit: ou, uid: GUID(name: "item"), source: nil)
        let gpo = Self.gpo(
            user: [RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(1))], preferences: [item]
        )
        let xml = PreferencesXML.registryXML([item])
        let files = GPOBackup.files(for: gpo, registryPol: [.user: [0x50]], preferences: [.user: xml])
        let root = "{ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB}"
        #expect(
            files.map(\.path) == [
                "\(root)/Backup.xml",
                "\(root)/DomainSysvol/GPO/User/Preferences/Registry/Registry.xml",
                "\(root)/DomainSysvol/GPO/User/registry.pol",
                "\(root)/bkupInfo.xml",
            ])
        #expect(Self.text(files, "\(root)/DomainSysvol/GPO/User/Preferences/Registry/Registry.xml") == xml)
        let backup = try #require(Self.text(files, "\(root)/Backup.xml"))
        #expect(
            backup.contains(
                "<UserVersionNumber><![CDATA[65537]]></UserVersionNumber><MachineVersionNumber><![CDATA[0]]></MachineVersionNumber>"
            ))
        #expect(
            backup.contains(
                "<MachineExtensionGuids/><UserExtensionGuids><![CDATA["
                    + "[{00000000-0000-0000-0000-000000000000}{BEE07A6A-EC9F-4659-B8C9-0B1937907C83}]"
                    + "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F73-3407-48AE-BA88-E8213C6761F1}]"
                    + "[{B087BE9D-ED37-454F-AF9C-04291E351182}{BEE07A6A-EC9F-4659-B8C9-0B1937907C83}]"
                    + "]]></UserExtensionGuids>"))
        #expect(
            backup.contains(
                Self.crlf([
                    #"        <GroupPolicyExtension bkp:ID="{35378EAC-683F-11D2-A89A-00C04FBBCFA2}" bkp:DescName="Registry">"#,
                    #"            <FSObjectFile bkp:Path="%GPO_USER_FSPATH%\registry.pol" bkp:Location="DomainSysvol\GPO\User\registry.pol"/>"#,
                    "        </GroupPolicyExtension>",
                    #"        <GroupPolicyExtension bkp:ID="{F15C46CD-82A0-4C2D-A210-5D0D3182A418}" bkp:DescName="Unknown Extension">"#,
                    #"            <FSObjectDir bkp:Path="%GPO_USER_FSPATH%\Preferences" bkp:Location="DomainSysvol\GPO\User\Preferences"/>"#,
                    #"            <FSObjectDir bkp:Path="%GPO_USER_FSPATH%\Preferences\Registry" bkp:Location="DomainSysvol\GPO\User\Preferences\Registry"/>"#,
                    #"            <FSObjectFile bkp:Path="%GPO_USER_FSPATH%\Preferences\Registry\Registry.xml" bkp:Location="DomainSysvol\GPO\User\Preferences\Registry\Registry.xml"/>"#,
                    "        </GroupPolicyExtension>",
                ])))
    }

    @Test func manifestListsEveryBackup() {
        let manifest = GPOBackup.manifest([Self.gpo(), Self.gpo()])
        #expect(
            manifest.hasPrefix(
                #"<?xml version="1.0" encoding="utf-8"?>"# + "\r\n"
                    + #"<Backups xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest" xmlns:mfst="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest" mfst:version="1.0">"#
            ))
        #expect(manifest.ranges(of: "  <BackupInst>\r\n    <GPOGuid>").count == 2)
        #expect(manifest.hasSuffix("  </BackupInst>\r\n</Backups>\r\n"))
    }

    @Test func deterministic() throws {
        let ou = try DistinguishedName.parse("OU=EMEA,DC=contoso,DC=com").get()
        let item = PreferenceItem(
            hive: .machine, key: Self.lync, valueName: "V", data: .dword(3), action: .update, organizationalUnit: ou,
            uid: GUID(name: "item"), source: nil)
        let gpo = Self.gpo(machine: [.init(key: Self.lync, valueName: "V", data: .dword(1))], preferences: [item])
        let run = { GPOBackup.files(for: gpo, registryPol: [.machine: [1, 2]], preferences: [.machine: "x"]) }
        let (first, second) = (run(), run())
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
    }
}
