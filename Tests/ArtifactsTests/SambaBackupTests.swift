import PolicyPlan
import SipgpoTestSupport
import SiteModel
import Testing

@testable import Artifacts

@Suite struct SambaBackupTests {
    static let lync = #"Software\Policies\Microsoft\Office\16.0\Lync"#

    static func dn(_ text: String) throws -> DistinguishedName { try DistinguishedName.parse(text).get() }

    static func gpo(
        _ name: String, machine: [RegistryRecord] = [], user: [RegistryRecord] = [],
        preferences: [PreferenceItem] = [], links: [GPOLink] = []
    ) -> GPO {
        func planned(_ records: [RegistryRecord]) -> [PlannedRecord] {
            records.map { PlannedRecord(record: $0, policy: "L_PolicyConfigurationMode_1", source: nil) }
        }
        return GPO(
            name: name, id: GUID(bytes: Array(repeating: 0x11, count: 16)),
            backupID: GUID(bytes: Array(repeating: 0x22, count: 16)), domain: "contoso.com", comment: "for tests",
            links: links, policy: [.machine: planned(machine), .user: planned(user)], preferences: preferences)
    }

    static let site = SambaDeployScript.SiteFacts(name: "Contoso", file: "site.yaml", populationOUs: [])

    static func text(_ files: [(path: String, bytes: [UInt8])], _ path: String) -> String? {
        files.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func layoutIsWhatSambaToolRestoreReads() throws {
        let record = RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(1))
        let item = PreferenceItem(
            hive: .user, key: Self.lync, valueName: "SignInAddress", data: .string("%LogonUser%@contoso.com"),
            action: .update, organizationalUnit: try Self.dn("OU=Staff,DC=contoso,DC=com"),
            uid: GUID(bytes: Array(repeating: 0x33, count: 16)), source: nil)
        let plan = PolicyPlan(
            site: "Contoso",
            gpos: [
                Self.gpo("sipgpo Contoso - defaults", user: [record], preferences: [item]),
                Self.gpo("sipgpo Contoso - Kiosks", machine: [record]),
            ])
        let files = SambaBackup.files(plan: plan, site: Self.site, library: bundledScripts.samba)
        let kiosks = "policy/sipgpo-Contoso---Kiosks"
        let defaults = "policy/sipgpo-Contoso---defaults"
        #expect(
            files.map(\.path) == [
                "deploy.sh",
                "\(kiosks)/GPT.INI.SAMBABACKUP", "\(kiosks)/GPT.INI.xml",
                "\(kiosks)/Machine/Registry.pol.SAMBABACKUP", "\(kiosks)/Machine/Registry.pol.xml",
                "\(kiosks)/gPCMachineExtensionNames.SAMBAEXT",
                "\(defaults)/GPT.INI.SAMBABACKUP", "\(defaults)/GPT.INI.xml",
                "\(defaults)/User/Preferences/Registry/Registry.xml.SAMBABACKUP",
                "\(defaults)/User/Preferences/Registry/Registry.xml.xml",
                "\(defaults)/User/Registry.pol.SAMBABACKUP", "\(defaults)/User/Registry.pol.xml",
                "\(defaults)/gPCUserExtensionNames.SAMBAEXT",
            ])
        #expect(
            files.first { $0.path == "\(kiosks)/Machine/Registry.pol.SAMBABACKUP" }?.bytes
                == RegistryPol.encode([record]))
        // Samba has no parser for GPP files: the placeholder makes restore copy the raw file.
        #expect(
            Self.text(files, "\(defaults)/User/Preferences/Registry/Registry.xml.xml")
                == #"<?xml version="1.0" encoding="utf-8"?><UnknownFile/>"#)
        #expect(
            Self.text(files, "\(defaults)/User/Preferences/Registry/Registry.xml.SAMBABACKUP")
                == PreferencesXML.registryXML([item]))
    }

    @Test func extensionNamesAndVersions() throws {
        let record = RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(1))
        let item = PreferenceItem(
            hive: .user, key: Self.lync, valueName: "SignInAddress", data: .string("x"), action: .update,
            organizationalUnit: try Self.dn("OU=Staff,DC=contoso,DC=com"),
            uid: GUID(bytes: Array(repeating: 0x33, count: 16)), source: nil)
        let files = SambaBackup.gpoFiles(Self.gpo("g", machine: [record], user: [record], preferences: [item]))
        #expect(
            Self.text(files, "gPCMachineExtensionNames.SAMBAEXT")
                == "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]")
        #expect(
            Self.text(files, "gPCUserExtensionNames.SAMBAEXT")
                == "[{00000000-0000-0000-0000-000000000000}{BEE07A6A-EC9F-4659-B8C9-0B1937907C83}]"
                + "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F73-3407-48AE-BA88-E8213C6761F1}]"
                + "[{B087BE9D-ED37-454F-AF9C-04291E351182}{BEE07A6A-EC9F-4659-B8C9-0B1937907C83}]")
        #expect(Self.text(files, "GPT.INI.SAMBABACKUP") == "[General]\r\nVersion=65537\r\n")
        #expect(
            Self.text(files, "GPT.INI.xml")
                == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<IniFile>\n\t<Section name=\"General\">\n"
                + "\t\t<Parameter>\n\t\t\t<Key>Version</Key>\n\t\t\t<Value>65537</Value>\n\t\t</Parameter>\n"
                + "\t</Section>\n</IniFile>\n")
        #expect(SambaBackup.version(Self.gpo("m", machine: [record])) == 1)
        #expect(SambaBackup.version(Self.gpo("u", user: [record])) == 0x1_0000)
        #expect(SambaBackup.gpoFiles(Self.gpo("u", user: [record])).allSatisfy { !$0.path.hasPrefix("gPCMachine") })
    }

    /// Both expectations are what Samba 4.17's `GPPolParser().write_xml()` wrote for `RegistryPol.encode(records)`.
    @Test func polFileXMLIsSambas() {
        let small = [
            RegistryRecord.delete(key: Self.lync, valueName: "ServerAddressInternal"),
            RegistryRecord(
                key: Self.lync, valueName: "ServerAddressExternal", data: .string(#"sip.contoso.com:443 & "<edge>""#)),
            RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(1)),
        ]
        #expect(
            SambaBackup.polFileXML(small)
                == """
                <?xml version="1.0" encoding="utf-8"?>
                <PolFile num_entries="3" signature="PReg" version="1">
                \t<Entry type="1" type_name="REG_SZ">
                \t\t<Key>Software\\Policies\\Microsoft\\Office\\16.0\\Lync</Key>
                \t\t<ValueName>**del.ServerAddressInternal</ValueName>
                \t\t<Value> </Value>
                \t</Entry>
                \t<Entry type="1" type_name="REG_SZ">
                \t\t<Key>Software\\Policies\\Microsoft\\Office\\16.0\\Lync</Key>
                \t\t<ValueName>ServerAddressExternal</ValueName>
                \t\t<Value>sip.contoso.com:443 &amp; &quot;&lt;edge&gt;&quot;</Value>
                \t</Entry>
                \t<Entry type="4" type_name="REG_DWORD">
                \t\t<Key>Software\\Policies\\Microsoft\\Office\\16.0\\Lync</Key>
                \t\t<ValueName>ConfigurationMode</ValueName>
                \t\t<Value>1</Value>
                \t</Entry>
                </PolFile>

                """)
        let tricky = [
            RegistryRecord(key: "k", valueName: "", data: .none),
            RegistryRecord(key: "k", valueName: "multi", data: .multiString(["\u{FEFF}a", "", "b", "", ""])),
            RegistryRecord(key: "k", valueName: "empty", data: .multiString([])),
            RegistryRecord(key: "k", valueName: "bin", data: .binary([0, 1, 2, 255, 7])),
            RegistryRecord(key: "k", valueName: "be", data: .dwordBigEndian(258)),
            RegistryRecord(key: "k", valueName: "qw", data: .qword(.max)),
            RegistryRecord(key: "k", valueName: "text", data: .expandString("a\r\nb\rc é 😀")),
        ]
        #expect(
            SambaBackup.polFileXML(tricky)
                == """
                <?xml version="1.0" encoding="utf-8"?>
                <PolFile num_entries="7" signature="PReg" version="1">
                \t<Entry type="0" type_name="REG_NONE">
                \t\t<Key>k</Key>
                \t\t<ValueName/>
                \t\t<Value>None</Value>
                \t</Entry>
                \t<Entry type="7" type_name="REG_MULTI_SZ">
                \t\t<Key>k</Key>
                \t\t<ValueName>multi</ValueName>
                \t\t<Value>a</Value>
                \t\t<Value/>
                \t\t<Value>b</Value>
                \t</Entry>
                \t<Entry type="7" type_name="REG_MULTI_SZ">
                \t\t<Key>k</Key>
                \t\t<ValueName>empty</ValueName>
                \t\t<Value/>
                \t</Entry>
                \t<Entry type="3" type_name="REG_BINARY">
                \t\t<Key>k</Key>
                \t\t<ValueName>bin</ValueName>
                \t\t<Value>AAEC/wc=</Value>
                \t</Entry>
                \t<Entry type="5" type_name="REG_DWORD_BIG_ENDIAN">
                \t\t<Key>k</Key>
                \t\t<ValueName>be</ValueName>
                \t\t<Value>258</Value>
                \t</Entry>
                \t<Entry type="11" type_name="REG_QWORD">
                \t\t<Key>k</Key>
                \t\t<ValueName>qw</ValueName>
                \t\t<Value>18446744073709551615</Value>
                \t</Entry>
                \t<Entry type="2" type_name="REG_EXPAND_SZ">
                \t\t<Key>k</Key>
                \t\t<ValueName>text</ValueName>
                \t\t<Value>a
                b
                c é 😀</Value>
                \t</Entry>
                </PolFile>

                """)
        #expect(
            SambaBackup.polFileXML([])
                == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<PolFile num_entries=\"0\" signature=\"PReg\" version=\"1\"/>\n"
        )
    }

    @Test func base64MatchesPython() {
        #expect(SambaBackup.base64([]) == "")
        #expect(SambaBackup.base64([7]) == "Bw==")
        #expect(SambaBackup.base64([7, 8]) == "Bwg=")
        #expect(SambaBackup.base64([1, 2, 3, 4, 5]) == "AQIDBAU=")
        #expect(SambaBackup.base64(Array("sipgpo".utf8)) == "c2lwZ3Bv")
    }

    @Test func deployScriptCreatesOUsParentsFirstAndLinksInLinkOrder() throws {
        let record = RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(1))
        let branches = try Self.dn("OU=Branches,DC=contoso,DC=com")
        let plan = PolicyPlan(
            site: "Contoso",
            gpos: [
                Self.gpo("sipgpo Contoso - second", user: [record], links: [GPOLink(target: branches, order: 2)]),
                Self.gpo(
                    "sipgpo Contoso - O'Brien's", user: [record],
                    links: [GPOLink(target: branches, order: 1, enforced: true)]),
                Self.gpo(
                    "sipgpo Contoso - defaults", user: [record],
                    links: [GPOLink(target: try Self.dn("DC=contoso,DC=com"), order: 1)]),
            ])
        let site = SambaDeployScript.SiteFacts(
            name: "Contoso", file: "site.yaml",
            populationOUs: [
                try Self.dn("OU=Leeds,OU=Branches,DC=contoso,DC=com"), try Self.dn("OU=Head Office,DC=contoso,DC=com"),
            ])
        let script = SambaDeployScript.render(
            plan: plan, site: site, folders: FileName.unique(plan.gpos.map(\.name)), library: bundledScripts.samba)
        let calls = script.split(separator: "\n").filter {
            $0.hasPrefix("ensure_ou ") || $0.hasPrefix("deploy_gpo ") || $0.hasPrefix("link_gpo ")
                || $0.hasPrefix("site_domain ")
        }
        #expect(
            calls == [
                "site_domain 'contoso.com'",
                "ensure_ou 'contoso.com' 'OU=Branches'",
                "ensure_ou 'contoso.com' 'OU=Head Office'",
                "ensure_ou 'contoso.com' 'OU=Leeds,OU=Branches'",
                "deploy_gpo 'contoso.com' 'sipgpo Contoso - second' 'sipgpo-Contoso---second' '65536'",
                #"deploy_gpo 'contoso.com' 'sipgpo Contoso - O'\''Brien'\''s' 'sipgpo-Contoso---O-Brien-s' '65536'"#,
                "deploy_gpo 'contoso.com' 'sipgpo Contoso - defaults' 'sipgpo-Contoso---defaults' '65536'",
                // Domain root first, then OUs top down; link order 1 first, as setlink makes each new link last.
                "link_gpo 'contoso.com' '' 'sipgpo Contoso - defaults' '1' 'no'",
                #"link_gpo 'contoso.com' 'OU=Branches' 'sipgpo Contoso - O'\''Brien'\''s' '1' 'yes'"#,
                "link_gpo 'contoso.com' 'OU=Branches' 'sipgpo Contoso - second' '2' 'no'",
            ])
        #expect(script.hasPrefix("#!/usr/bin/env bash\n"))
        #expect(script.contains("samba-tool gpo restore \"$name\" \"$backup\" --tmpdir"))
        #expect(script.contains("--restore-metadata"))
        #expect(script.hasSuffix("\nfinish\n"))
    }

    @Test func deployScriptForASiteWithoutGPOsCreatesItsOUs() throws {
        let site = SambaDeployScript.SiteFacts(
            name: "Fabrikam", file: "site.yaml", populationOUs: [try Self.dn("OU=Desks,DC=corp,DC=fabrikam,DC=com")])
        let script = SambaDeployScript.render(
            plan: PolicyPlan(site: "Fabrikam", gpos: []), site: site, folders: [:], library: bundledScripts.samba)
        #expect(script.contains("\nsite_domain 'corp.fabrikam.com'\nbegin \"$@\"\n"))
        #expect(script.contains("\nensure_ou 'corp.fabrikam.com' 'OU=Desks'\n"))
        #expect(script.contains("none: the site needs no policy"))
    }

    @Test func twoRunsGiveTheSameBytes() {
        let record = RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(0))
        let plan = PolicyPlan(site: "Contoso", gpos: [Self.gpo("b", user: [record]), Self.gpo("a", machine: [record])])
        let first = SambaBackup.files(plan: plan, site: Self.site, library: bundledScripts.samba)
        let second = SambaBackup.files(plan: plan, site: Self.site, library: bundledScripts.samba)
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
    }
}
