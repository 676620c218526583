import Foundation
import Testing

@testable import SiteModel

@Suite struct DNSNameTests {
    private let contoso = DNSName("contoso.com")!

    @Test func parsesAbsoluteNamesLowercaseWithoutTrailingDot() {
        #expect(DNSName("Pool01.Contoso.COM.")?.labels == ["pool01", "contoso", "com"])
        #expect(DNSName("pool01.contoso.com")?.description == "pool01.contoso.com")
        #expect(DNSName("pool01.contoso.com")?.presentation == "pool01.contoso.com.")
        #expect(DNSName("_sip._tls.contoso.com")?.labels == ["_sip", "_tls", "contoso", "com"])
        #expect(DNSName(".") == .root)
        #expect(DNSName.root.description == ".")
        #expect(DNSName.root.labels.isEmpty)
        #expect(DNSName("@") == nil)
        #expect(DNSName("a..b") == nil)
    }

    @Test func resolvesRelativeNamesAndTheOrigin() throws {
        #expect(try DNSName.parse("sip", origin: contoso).get().description == "sip.contoso.com")
        #expect(try DNSName.parse("sip.fabrikam.com.", origin: contoso).get().description == "sip.fabrikam.com")
        #expect(try DNSName.parse("@", origin: contoso).get() == contoso)
        #expect(try DNSName.parse(".", origin: contoso).get() == .root)
        #expect(try DNSName.parse("sip.contoso.com.", origin: nil).get().description == "sip.contoso.com")
    }

    @Test(arguments: [
        ("", "empty name", 0),
        ("a..b", "empty label", 2),
        (".a", "empty label", 0),
        ("a.b..", "empty label", 4),
        ("pool 01", "character ' ' is not allowed", 4),
        ("sip.contöso.com", "character 'ö' is not allowed", 8),
        ("-sip.contoso.com", "label '-sip' starts with a hyphen", 0),
        ("sip.contoso-.com", "label 'contoso-' ends with a hyphen", 11),
        ("sip.\(String(repeating: "a", count: 64)).com", "label is 64 octets long, more than 63", 4),
        ("pool01", "relative name without an origin", 0),
        ("@", "relative name without an origin", 0),
    ])
    func reportsWhatIsWrongAndWhere(text: String, message: String, offset: Int) {
        guard case .failure(let error) = DNSName.parse(text, origin: nil) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(error.message == message)
        #expect(error.offset == offset)
        #expect(!error.help.isEmpty)
    }

    @Test func limitsNameLengthTo253() {
        let label = String(repeating: "a", count: 63)
        let longest = [label, label, label, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(longest.count == 253)
        #expect(DNSName(longest) != nil)
        guard case .failure(let error) = DNSName.parse("c", origin: DNSName(longest)!) else {
            Issue.record("a 255-octet name parsed")
            return
        }
        #expect(error.message == "name is 255 octets long, more than 253")
        #expect(DNSName(String(repeating: "a", count: 63)) != nil)
    }

    @Test func subdomains() {
        let pool = DNSName("pool01.contoso.com")!
        #expect(pool.isSubdomain(of: contoso))
        #expect(contoso.isSubdomain(of: contoso))
        #expect(pool.isSubdomain(of: .root))
        #expect(!contoso.isSubdomain(of: pool))
        #expect(!DNSName("notcontoso.com")!.isSubdomain(of: contoso))
        #expect(!DNSName("contoso.com.au")!.isSubdomain(of: contoso))
    }

    @Test func parentAndPrepending() {
        #expect(DNSName("pool01.contoso.com")!.parent == contoso)
        #expect(DNSName("com")!.parent == .root)
        #expect(DNSName.root.parent == nil)
        #expect(contoso.prepending("SIP") == DNSName("sip.contoso.com"))
        #expect(contoso.prepending("_tls").prepending("_sip").description == "_sip._tls.contoso.com")
    }

    @Test func comparesByTextAndCodesAsOneString() throws {
        let names = ["sip.contoso.com", "contoso.com", "_sip._tls.contoso.com"].map { DNSName($0)! }
        #expect(names.sorted().map(\.description) == ["_sip._tls.contoso.com", "contoso.com", "sip.contoso.com"])

        let json = try JSONEncoder().encode([contoso, .root])
        #expect(String(decoding: json, as: UTF8.self) == #"["contoso.com","."]"#)
        #expect(try JSONDecoder().decode([DNSName].self, from: json) == [contoso, .root])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DNSName].self, from: Data(#"["a..b"]"#.utf8)) }
    }
}
