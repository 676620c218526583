import Testing

@testable import SiteModel

/// Issue 10: wildcard owners are valid zone content and must answer as a DNS server answers them (RFC 4592): a
/// query for a name that does not exist is answered from `*.<closest encloser>`, with the query name as owner; a
/// name that exists (with records of any type, or as an empty non-terminal above other names) is never answered
/// from a wildcard.
@Suite struct DNSIndexWildcardTests {
    func index(_ zone: String) -> DNSIndex {
        let parsed = ZoneParser.parse(zone, file: "z.zone", origin: DNSName("contoso.com")!)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))")
        return DNSIndex(records: parsed.records)
    }

    func name(_ text: String) -> DNSName { DNSName(text)! }

    func addresses(_ index: DNSIndex, _ text: String) -> [String] {
        index.records(named: name(text), type: .a).map { record in
            guard case .a(let address) = record.data else { return "?" }
            return "\(record.name) \(address)"
        }
    }

    /// RFC 4592 §2.2.1: `*.example.` answers `host3.example.`, with the query name as owner.
    @Test func aMissingNameIsSynthesizedFromTheWildcard() {
        let index = index("* 3600 IN A 203.0.113.10\npool01 3600 IN A 10.0.0.10")
        #expect(addresses(index, "sip.contoso.com") == ["sip.contoso.com 203.0.113.10"])
        #expect(index.records(named: name("sip.contoso.com")).first?.span.start.line == 1)
        // The closest encloser of a deeper name is still contoso.com (nothing exists under it on the way).
        #expect(addresses(index, "a.b.contoso.com") == ["a.b.contoso.com 203.0.113.10"])
        // An existing name answers for itself.
        #expect(addresses(index, "pool01.contoso.com") == ["pool01.contoso.com 10.0.0.10"])
    }

    /// A name that exists with records of another type answers no data, not the wildcard's (RFC 4592 §3.3.1: the
    /// wildcard applies only when the query name does not exist).
    @Test func aNameThatExistsIsNotAnsweredByTheWildcard() {
        let index = index("* 3600 IN A 203.0.113.10\nv6 3600 IN AAAA 2001:db8::1")
        #expect(addresses(index, "v6.contoso.com").isEmpty)
    }

    /// An empty non-terminal exists (RFC 4592 §2.2.2): `sub` exists because `x.sub` does, so neither `sub` nor
    /// `y.sub` (closest encloser `sub.contoso.com`, which has no wildcard) matches `*.contoso.com`.
    @Test func anEmptyNonTerminalBlocksTheWildcardAbove() {
        let index = index("* 3600 IN A 203.0.113.10\nx.sub 3600 IN A 10.0.0.1")
        #expect(addresses(index, "sub.contoso.com").isEmpty)
        #expect(addresses(index, "y.sub.contoso.com").isEmpty)
        #expect(addresses(index, "x.sub.contoso.com") == ["x.sub.contoso.com 10.0.0.1"])
    }

    /// SRV and wildcards (RFC 4592 §4.5): `*._tls.contoso.com` answers `_sip._tls.contoso.com`; `*.contoso.com`
    /// answers it too when nothing exists under `_tls.contoso.com`, but not `_sipinternal._tcp.contoso.com` once
    /// `_sipinternaltls._tcp.contoso.com` makes `_tcp.contoso.com` exist.
    @Test func serviceNamesFollowTheClosestEncloser() {
        let tls = index("*._tls 3600 IN SRV 0 0 443 sip.contoso.com.")
        #expect(tls.records(named: name("_sip._tls.contoso.com"), type: .srv).count == 1)
        #expect(tls.records(named: name("_sip._tcp.contoso.com"), type: .srv).isEmpty)
        let broad = index(
            "* 3600 IN SRV 0 0 443 sip.contoso.com.\n_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01.contoso.com.")
        #expect(broad.records(named: name("_sip._tls.contoso.com"), type: .srv).count == 1)
        #expect(broad.records(named: name("_sipinternal._tcp.contoso.com"), type: .srv).isEmpty)
        #expect(broad.records(named: name("_sipinternaltls._tcp.contoso.com"), type: .srv).first?.span.start.line == 2)
    }

    /// A CNAME at a wildcard is synthesized like any other type; the wildcard name asked literally answers itself.
    @Test func aWildcardAliasAndTheLiteralWildcardName() {
        let index = index("* 3600 IN CNAME pool01.contoso.com.\npool01 3600 IN A 10.0.0.10")
        let alias = index.records(named: name("lyncdiscover.contoso.com"), type: .cname)
        #expect(alias.first?.name == name("lyncdiscover.contoso.com"))
        #expect(index.records(named: name("contoso.com").prepending("*"), type: .cname).count == 1)
        // A wildcard does not match the name it is the wildcard of (contoso.com exists as its parent).
        #expect(index.records(named: name("contoso.com"), type: .cname).isEmpty)
    }

    /// End to end: a client outside resolves the SRV target through an outside wildcard.
    @Test func discoveryResolvesThroughAWildcard() {
        let index = index("_sip._tls 3600 IN SRV 0 0 443 sip.contoso.com.\n* 3600 IN A 203.0.113.10")
        #expect(addresses(index, "sip.contoso.com") == ["sip.contoso.com 203.0.113.10"])
        #expect(index.records(named: name("_sip._tls.contoso.com"), type: .srv).count == 1)
    }
}
