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
