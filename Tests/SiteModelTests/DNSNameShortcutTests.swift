import Testing

@testable import SiteModel

/// `DNSName.parse` reads well-formed ASCII names in one pass over the bytes and everything else character by
/// character; the two must agree on every name the first accepts, and the first must accept the common forms.
@Suite struct DNSNameShortcutTests {
    static let origin = DNSName("contoso.com")!

    static func agree(_ text: String, origin: DNSName?) {
        let slow = DNSName.parseScalarByScalar(text, origin: origin)
        if let fast = DNSName.parseWellFormedASCII(text, origin: origin) {
            #expect(slow == .success(fast), "\(text.debugDescription)")
            #expect(fast.description == fast.labels.joined(separator: "."), "\(text.debugDescription)")
        }
        #expect(DNSName.parse(text, origin: origin) == slow, "\(text.debugDescription)")
    }

    @Test(arguments: [
        "pool01.contoso.com", "Pool01.CONTOSO.com.", "_sip._tls.contoso.com", "sip", "a", "a.", "x-y.z_w.example",
        String(repeating: "a", count: 63) + ".com",
    ])
    func commonNamesTakeTheShortcut(text: String) {
        #expect(DNSName.parseWellFormedASCII(text, origin: Self.origin) != nil)
        Self.agree(text, origin: Self.origin)
    }

    @Test(arguments: [
        "", ".", "@", "..", "a..b", "-a.com", "a-.com", "a b.com", "zürich.com", "*.contoso.com", "a.com..",
        String(repeating: "a", count: 64) + ".com", String(repeating: "abcdefghi.", count: 26), "\u{0}.com",
    ])
    func everythingElseGoesTheLongWay(text: String) {
        #expect(DNSName.parseWellFormedASCII(text, origin: Self.origin) == nil)
        Self.agree(text, origin: Self.origin)
        Self.agree(text, origin: nil)
    }

    @Test func randomNamesParseAlikeBothWays() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09-_.@* ü") + ["\u{0}", "\t"]
        for _ in 0..<5_000 {
            let text = String(
                (0..<Int.random(in: 0...14, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                })
            Self.agree(text, origin: Bool.random(using: &generator) ? Self.origin : nil)
        }
    }

    @Test func namesCompareAndHashByTheirText() {
        let upper = DNSName("POOL01.Contoso.COM.")!
        let lower = DNSName("pool01.contoso.com")!
        #expect(upper == lower && upper.hashValue == lower.hashValue)
        #expect(DNSName.root.description == "." && DNSName.root != DNSName("com")!)
        #expect(lower.isSubdomain(of: Self.origin) && !Self.origin.isSubdomain(of: lower))
    }
}
