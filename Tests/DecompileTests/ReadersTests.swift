import Foundation
import PolicyPlan
import SipgpoTestSupport
import SiteModel
import Testing

@testable import Decompile

@Suite struct RegFileReaderTests {
    let lync = #"Software\Policies\Microsoft\Office\16.0\Lync"#

    func utf16WithBOM(_ text: String) -> [UInt8] {
        [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test func readsWhatRegeditWritesInBothEncodings() throws {
        let text = """
            Windows Registry Editor Version 5.00\r
            \r
            ; sipgpo: a comment\r
            [HKEY_CURRENT_USER\\\(lync)]\r
            "ServerAddressInternal"="pool01.contoso.com"\r
            "ConfigurationMode"=dword:00000001\r
            "Quoted \\"name\\""="a\\\\b"\r
            "ServerAddressExternal"=-\r
            "Hosts"=hex(7):61,00,00,00,62,00,00,00,\\\r
              00,00\r
            @=hex:01,ff\r
            \r
            [HKEY_LOCAL_MACHINE\\\(lync)]\r
            "TrustModelData"="contoso.com"\r

            """
        let expected: [TextRecord] = [
            .init(
                hive: .user,
                record: .init(key: lync, valueName: "ServerAddressInternal", data: .string("pool01.contoso.com")),
                line: 5),
            .init(hive: .user, record: .init(key: lync, valueName: "ConfigurationMode", data: .dword(1)), line: 6),
            .init(hive: .user, record: .init(key: lync, valueName: "Quoted \"name\"", data: .string("a\\b")), line: 7),
            .init(hive: .user, record: .delete(key: lync, valueName: "ServerAddressExternal"), line: 8),
            .init(hive: .user, record: .init(key: lync, valueName: "Hosts", data: .multiString(["a", "b"])), line: 9),
            .init(hive: .user, record: .init(key: lync, valueName: "", data: .binary([1, 0xFF])), line: 11),
            .init(
                hive: .machine, record: .init(key: lync, valueName: "TrustModelData", data: .string("contoso.com")),
                line: 14),
        ]
        #expect(try RegFileReader.read(utf16WithBOM(text)).get() == expected)
        #expect(try RegFileReader.read(Array(text.utf8)).get() == expected)
        let regedit4 = "REGEDIT4\n\n[HKEY_CURRENT_USER\\K]\n\"V\"=dword:0000000a\n"
        #expect(try RegFileReader.read(Array(regedit4.utf8)).get().map(\.record.data) == [.dword(10)])
    }

    @Test func refusesMalformedFilesWithTheLine() {
        func error(_ text: String) -> TextInputError? {
            if case .failure(let error) = RegFileReader.read(Array(text.utf8)) { return error }
            return nil
        }
        #expect(error("Windows Registry Editor\n")?.line == 1)
        let header = "Windows Registry Editor Version 5.00\n\n"
        #expect(
            error(header + "[HKEY_CLASSES_ROOT\\X]\n")?.message
                == "root 'HKEY_CLASSES_ROOT' is not HKEY_LOCAL_MACHINE or HKEY_CURRENT_USER")
        #expect(error(header + "\"V\"=dword:1\n")?.line == 3)  // value outside a section
        let section = header + "[HKEY_CURRENT_USER\\K]\n"
        #expect(error(section + "\"V\"=dword:1\n").map { ($0.line, $0.column) }! == (4, 11))
        #expect(error(section + "\"V\"=\"open\n")?.line == 4)
        #expect(error(section + "\"V\"=hex(4):01,00\n")?.message == "the bytes are not valid REG_DWORD data")
        #expect(error(section + "\"V\"=hex:1g\n")?.line == 4)
        #expect(error(section + "\"V\"=hex:01,\\\n")?.message == "hex value continued with '\\' but no bytes follow")
        #expect(error(header + "[-HKEY_CURRENT_USER\\K]\n")?.line == 3)
    }
}

@Suite struct LGPOTextReaderTests {
    @Test func readsStanzasAsSipgpoWritesThem() throws {
        let text = """
            ; sipgpo: GPO "x"\r
            \r
            ; L_PolicyConfigurationMode_1 (enabled) from site.yaml:1:1\r
            User\r
            software\\policies\\microsoft\\office\\15.0\\lync\r
            configurationmode\r
            DWORD:1\r
            \r
            Computer\r
            k\r
            old\r
            DELETE\r
            \r
            Computer\r
            k\r
            *\r
            DELETEALLVALUES\r
            User\r
            k\r
            m\r
            MULTISZ:a\\0b\r

            """
        let records = try LGPOTextReader.read(Array(text.utf8)).get()
        #expect(
            records == [
                .init(
                    hive: .user,
                    record: .init(
                        key: #"software\policies\microsoft\office\15.0\lync"#, valueName: "configurationmode",
                        data: .dword(1)), line: 6),
                .init(hive: .machine, record: .delete(key: "k", valueName: "old"), line: 11),
                .init(hive: .machine, record: .deleteAllValues(key: "k"), line: 16),
                .init(hive: .user, record: .init(key: "k", valueName: "m", data: .multiString(["a", "b"])), line: 20),
            ])
    }

    @Test func refusesMalformedStanzas() {
        func error(_ text: String) -> TextInputError? {
            if case .failure(let error) = LGPOTextReader.read(Array(text.utf8)) { return error }
            return nil
        }
        #expect(error("Machine\nk\nv\nDWORD:1\n")?.line == 1)
        #expect(error("User\nk\nv\nDWORD:x\n")?.line == 4)
        #expect(error("User\nk\nv\nDELETEKEYS\n")?.message == "unknown or unsupported action 'DELETEKEYS'")
        #expect(error("User\nk\nv\n")?.message == "incomplete stanza: 3 of 4 lines")
    }
}

@Suite struct DirectoryLinksTests {
    func dn(_ text: String) -> DistinguishedName { try! DistinguishedName.parse(text).get() }
    let a = "{AAAAAAAA-0000-0000-0000-000000000000}"
    let b = "{BBBBBBBB-0000-0000-0000-000000000000}"
    let c = "{CCCCCCCC-0000-0000-0000-000000000000}"
    let d = "{DDDDDDDD-0000-0000-0000-000000000000}"

    func link(_ guid: String, _ options: Int) -> String {
        "[LDAP://cn=\(guid.lowercased()),cn=policies,cn=system,DC=contoso,DC=com;\(options)]"
    }

    /// ldapsearch style: base64 value folded over lines, comments, and a GPO container with its name and flags.
    @Test func readsFoldedBase64LDIF() throws {
        let gpLink = link(a, 0) + link(b, 2)
        let encoded = Data(gpLink.utf8).base64EncodedString()
        let folded = String(encoded.prefix(60)) + "\n " + String(encoded.dropFirst(60))
        let ldif = """
            # extended LDIF
            version: 1

            dn: OU=Sales,DC=contoso,DC=com
            objectClass: organizationalUnit
            gPLink:: \(folded)
            gPOptions: 1

            dn: CN=\(c),CN=Policies,CN=System,DC=contoso,DC=com
            objectClass: groupPolicyContainer
            cn: \(c)
            displayName: Kiosks
            flags: 1

            """
        var links = DirectoryLinks()
        try links.readLDIF(ldif).get()
        let sales = try #require(links.containers[dn("OU=Sales,DC=contoso,DC=com")])
        #expect(sales.links.map(\.gpo) == [a, b])
        #expect(sales.links.map(\.enforced) == [false, true])
        #expect(sales.blocksInheritance)
        #expect(links.gpos[c] == .init(name: "Kiosks", flags: 1))
    }

    /// [MS-GPOL] order: root first, gPLink order within a place, blocked inheritance drops non-enforced links
    /// above, enforced links last with the one closest to the root last of all; disabled links are skipped.
    @Test func appliesLinksAsGroupPolicyDoes() throws {
        var links = DirectoryLinks()
        let ldif = """
            dn: DC=contoso,DC=com
            gPLink: \(link(a, 0))\(link(d, 2))

            dn: OU=Branches,DC=contoso,DC=com
            gPLink: \(link(b, 2))\(link(c, 1))

            dn: OU=Leeds,OU=Branches,DC=contoso,DC=com
            gPLink: \(link(c, 0))
            gPOptions: 1

            """
        try links.readLDIF(ldif).get()
        #expect(links.applicationOrder(for: dn("OU=Branches,DC=contoso,DC=com")) == [a, b, d])
        #expect(links.applicationOrder(for: dn("OU=Leeds,OU=Branches,DC=contoso,DC=com")) == [c, b, d])
        #expect(links.applicationOrder(for: dn("OU=Other,DC=contoso,DC=com")) == [a, d])
    }

    @Test func readsSambaToolListAll() throws {
        let text = """
            GPO          : \(a)
            display name : sipgpo Contoso - Head office
            path         : \\\\sipgpo.test\\sysvol\\sipgpo.test\\Policies\\\(a)
            dn           : CN=\(a),CN=Policies,CN=System,DC=sipgpo,DC=test
            version      : 65537
            flags        : GPO_FLAG_MACHINE_DISABLE

            """
        var links = DirectoryLinks()
        try links.readListAll(text).get()
        #expect(links.gpos[a] == .init(name: "sipgpo Contoso - Head office", flags: 2))
    }

    @Test func malformedLinksNameTheLine() {
        var links = DirectoryLinks()
        #expect(links.readLDIF("dn: OU=A,DC=x\ngPLink: [LDAP://cn=x;0]\n").failure?.line == 2)
        #expect(links.readLDIF("dn: OU=A,DC=x\ngPLink:: !!!\n").failure?.line == 2)
        #expect(links.readLDIF("dn: OU=A,DC=x\nbroken\n").failure?.line == 2)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

@Suite struct InterpretationTests {
    let index = PolicyIndex(catalog: bundledCatalog)
    let lync16 = #"Software\Policies\Microsoft\Office\16.0\Lync"#

    @Test func mapsValuesBackToTheirPolicyAndSetting() {
        let found = index.classify(
            .init(key: lync16, valueName: "ServerAddressInternal", data: .string("x")), hive: .user)
        guard case .policy(let entry, deletes: false) = found else {
            Issue.record("\(found)")
            return
        }
        #expect(entry.family == "office16")
        #expect(entry.policy == "L_PolicyConfigurationMode_1")
        #expect(entry.setting == .signIn)
        #expect(entry.role == .internalServer)
        guard
            case .policy(let machine, deletes: true) = index.classify(
                .delete(key: lync16.uppercased(), valueName: "serveraddressinternal"), hive: .machine)
        else {
            Issue.record("delete not mapped")
            return
        }
        #expect(machine.policy == "L_PolicyConfigurationMode")
        #expect(
            index.classify(.init(key: lync16, valueName: "SavePassword", data: .dword(1)), hive: .user)
                == .unknownValue(family: "office16"))
        #expect(
            index.classify(.init(key: #"Software\Other"#, valueName: "X", data: .dword(1)), hive: .user) == .unknownKey)
    }

    @Test func saysWhatEachClientDoesUnderAGPO() throws {
        let communicator = #"Software\Policies\Microsoft\Communicator"#
        var gpo = DecompiledGPO(id: nil, name: "g", origin: "g")
        gpo.policy[.user] = [
            PlannedRecord(
                record: .init(key: communicator, valueName: "ConfigurationMode", data: .dword(1)),
                policy: "ConfigurationMode", source: "f:8"),
            PlannedRecord(
                record: .init(key: communicator, valueName: "ServerAddressInternal", data: .string("pool.contoso.com")),
                policy: "ConfigurationMode", source: "f:9"),
            PlannedRecord(
                record: .init(key: communicator, valueName: "Transport", data: .string("TCP")),
                policy: "ConfigurationMode", source: "f:10"),
            PlannedRecord(
                record: .init(key: communicator, valueName: "TrustModelData", data: .string("a.com, b.com")),
                policy: "TrustModelData", source: "f:11"),
            PlannedRecord(
                record: .init(key: communicator, valueName: "DisableStrictDNSNaming", data: .dword(1)),
                policy: "DisableStrictDNSNaming", source: "f:12"),
        ]
        gpo.policy[.machine] = [
            PlannedRecord(
                record: .init(key: lync16, valueName: "ConfigurationMode", data: .dword(0)),
                policy: "L_PolicyConfigurationMode", source: "m:8")
        ]
        let clients = Resultant.behaviour(
            of: gpo, interpreter: Interpreter(catalog: bundledCatalog, clients: bundledClients))
        #expect(clients.map(\.family) == ["communicator", "office16"])
        let old = clients[0]
        #expect(old.clients == ["communicator-2007", "communicator-2007-r2", "lync-2010"])
        #expect(old.mode == .manual)
        #expect(old.internalServer == "pool.contoso.com")
        #expect(old.externalServer == nil)
        #expect(old.transport == "TCP")
        #expect(old.trustedDomains == ["a.com", "b.com"])
        #expect(old.strictDnsNaming == false)
        #expect(old.notes.count == 2)  // Transport and DisableStrictDNSNaming encodings are not documented
        #expect(clients[1].mode == .automatic)
        #expect(clients[1].settings.map(\.hive) == ["HKLM"])
    }
}
