import PolicyPlan
import Testing

@testable import Artifacts

@Suite struct LGPOTextTests {
    @Test func rendersASmallGPO() {
        let lync = #"Software\Policies\Microsoft\Office\16.0\Lync"#
        let list = #"Software\Policies\Microsoft\Office\16.0\Lync\Hosts"#
        let gpo = GPO(
            name: "sipgpo Contoso - Head office", id: GUID(name: "gpo"), backupID: GUID(name: "backup"),
            domain: "contoso.com", comment: "Lync sign-in for the head office", links: [],
            policy: [
                // User first in the dictionary literal: the renderer still writes Computer first.
                .user: [
                    PlannedRecord(
                        record: RegistryRecord(
                            key: lync, valueName: "ServerAddressExternal", data: .string("sip.contoso.com")),
                        policy: "L_PolicyConfigurationMode (enabled)", source: "site.yaml:12:5"),
                    PlannedRecord(
                        record: .delete(key: lync, valueName: "ServerAddressInternal"),
                        policy: "L_PolicyConfigurationMode (disabled)", source: nil),
                ],
                .machine: [
                    PlannedRecord(
                        record: RegistryRecord(key: lync, valueName: "ConfigurationMode", data: .dword(1)),
                        policy: "L_PolicyConfigurationMode (enabled)", source: "site.yaml:10:3"),
                    PlannedRecord(
                        record: .deleteAllValues(key: list), policy: "L_Hosts (enabled)", source: "site.yaml:20:3"),
                    PlannedRecord(
                        record: RegistryRecord(key: list, valueName: "1", data: .expandString("%ProgramFiles%\\Lync")),
                        policy: "L_Hosts (enabled)", source: "site.yaml:21:5"),
                    PlannedRecord(
                        record: RegistryRecord(key: list, valueName: "2", data: .multiString(["a", "b"])),
                        policy: "L_Hosts (enabled)", source: "site.yaml:22:5"),
                    PlannedRecord(
                        record: RegistryRecord(key: list, valueName: "3", data: .qword(1)),
                        policy: "L_Hosts (enabled)", source: "site.yaml:23:5"),
                ],
            ],
            preferences: [])
        let expected = [
            #"; sipgpo: GPO "sipgpo Contoso - Head office""#,
            "",
            "; L_PolicyConfigurationMode (enabled) from site.yaml:10:3",
            "Computer",
            lync,
            "ConfigurationMode",
            "DWORD:1",
            "",
            "; L_Hosts (enabled) from site.yaml:20:3",
            "Computer",
            list,
            "*",
            "DELETEALLVALUES",
            "",
            "; L_Hosts (enabled) from site.yaml:21:5",
            "Computer",
            list,
            "1",
            #"EXSZ:%ProgramFiles%\Lync"#,
            "",
            "; L_Hosts (enabled) from site.yaml:22:5",
            "Computer",
            list,
            "2",
            #"MULTISZ:a\0b"#,
            "",
            "; L_Hosts (enabled) from site.yaml:23:5",
            #"; skipped: REG_QWORD value '\#(list)\3' cannot be written as LGPO text"#,
            "",
            "; L_PolicyConfigurationMode (enabled) from site.yaml:12:5",
            "User",
            lync,
            "ServerAddressExternal",
            "SZ:sip.contoso.com",
            "",
            "; L_PolicyConfigurationMode (disabled)",
            "User",
            lync,
            "ServerAddressInternal",
            "DELETE",
        ]
        let text = LGPOText.render(gpo)
        #expect(text == expected.map { $0 + "\r\n" }.joined())
    }

    @Test func emptyGPOIsTheHeaderOnly() {
        let gpo = GPO(
            name: "Empty", id: GUID(name: "e"), backupID: GUID(name: "e"), domain: "contoso.com", comment: "",
            links: [], policy: [:], preferences: [])
        #expect(LGPOText.render(gpo) == "; sipgpo: GPO \"Empty\"\r\n")
    }
}
