import Testing

@testable import SiteModel

@Suite struct DistinguishedNameTests {
    @Test func parsesOUsAndDomain() throws {
        let dn = try DistinguishedName.parse("OU=Sales, OU=Branches,DC=emea,DC=contoso,DC=com").get()
        #expect(dn.description == "OU=Sales,OU=Branches,DC=emea,DC=contoso,DC=com")
        #expect(dn.domain == "emea.contoso.com")
        #expect(dn.depth == 2)
        #expect(dn.parent?.description == "OU=Branches,DC=emea,DC=contoso,DC=com")
    }

    @Test func escapesAndHexPairs() throws {
        let dn = try DistinguishedName.parse(#"OU=Sales\, Marketing,OU=R\2CD,DC=contoso,DC=com"#).get()
        #expect(dn.rdns[0].value == "Sales, Marketing")
        #expect(dn.rdns[1].value == "R,D")
        #expect(dn.description == #"OU=Sales\, Marketing,OU=R\,D,DC=contoso,DC=com"#)
    }

    @Test func comparesCaseInsensitively() throws {
        let a = try DistinguishedName.parse("OU=HQ,DC=contoso,DC=com").get()
        let b = try DistinguishedName.parse("ou=hq,dc=Contoso,dc=COM").get()
        #expect(a == b)
        let child = try DistinguishedName.parse("OU=Sales,OU=hq,DC=contoso,DC=com").get()
        #expect(child.isDescendant(of: a))
        #expect(!a.isDescendant(of: child))
    }

    @Test(arguments: [
        ("OU=HQ;DC=contoso,DC=com", 5, "';' must be escaped"),
        ("OU=HQ,DC=contoso,,DC=com", 17, "has no '='"),
        ("OU=HQ", 5, "no 'DC=' components"),
        ("DC=contoso,OU=HQ,DC=com", 0, "must come last"),
        ("UO=HQ,DC=contoso,DC=com", 0, "unknown attribute type 'UO'"),
        ("OU=,DC=contoso,DC=com", 3, "empty value"),
        ("OU=HQ,DC=con_toso,DC=com", 9, "not a valid DNS label"),
    ])
    func reportsWhereItIsMalformed(text: String, offset: Int, message: String) {
        guard case .failure(let error) = DistinguishedName.parse(text) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(error.offset == offset)
        #expect(error.message.contains(message), "\(error.message)")
    }
}
