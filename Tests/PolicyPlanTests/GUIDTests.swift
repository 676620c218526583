import Testing

@testable import PolicyPlan

@Suite struct GUIDTests {
    /// RFC 4122 appendix B's errata example: the version 5 UUID of "www.example.com" in the DNS namespace.
    @Test func matchesTheVersion5ReferenceValue() {
        let dns = GUID(bytes: [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
        ])
        #expect(GUID(name: "www.example.com", namespace: dns).description == "{2ED6657D-E927-568B-95E1-2665A8AEA6A2}")
    }

    @Test func sha1OfAbc() {
        let digest = SHA1.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(digest == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func sameNameSameGUID() {
        #expect(GUID(name: "sipgpo Contoso - Head office") == GUID(name: "sipgpo Contoso - Head office"))
        #expect(GUID(name: "a") != GUID(name: "b"))
    }
}

/// A GPO's backup id hashes an explicit canonical text of its content, never Swift's description of a value.
@Suite struct BackupIDTests {
    static let gpo = GPO(
        name: "sipgpo Contoso - Desks", id: GUID(name: "gpo:contoso.com:sipgpo Contoso - Desks"),
        backupID: GUID(name: ""), domain: "contoso.com", comment: "",
        links: [],
        policy: [
            .user: [
                PlannedRecord(
                    record: RegistryRecord(
                        key: #"Software\Policies\Microsoft\Communicator"#, valueName: "ConfigurationMode",
                        data: .dword(1)), policy: "p", source: nil),
                PlannedRecord(
                    record: RegistryRecord(
                        key: #"Software\Policies\Microsoft\Communicator"#, valueName: "ServerAddressInternal",
                        data: .string("pool01.contoso.com\tx\\y")), policy: "p", source: nil),
            ]
        ], preferences: [])

    @Test func canonicalContentIsSpelledOut() {
        #expect(
            Self.gpo.canonicalContent == """
                backup\tcontoso.com\tsipgpo Contoso - Desks
                policy\tHKCU\tSoftware\\Policies\\Microsoft\\Communicator\tConfigurationMode\tREG_DWORD\t1
                policy\tHKCU\tSoftware\\Policies\\Microsoft\\Communicator\tServerAddressInternal\tREG_SZ\tpool01.contoso.com\\tx\\\\y
                """)
        // Pinned: a change here changes every backup folder name of every site.
        #expect(Self.gpo.contentID.description == "{C7C58929-B553-5648-8B4A-20BB8D179426}")
    }

    @Test func theIDFollowsTheContentNotTheProvenance() {
        var other = Self.gpo
        other.policy[.user]![0].source = "site.yaml:3:5"
        other.policy[.user]![0].policy = "another policy"
        #expect(other.contentID == Self.gpo.contentID)
        other.policy[.user]![0].record.data = .dword(0)
        #expect(other.contentID != Self.gpo.contentID)
    }
}
