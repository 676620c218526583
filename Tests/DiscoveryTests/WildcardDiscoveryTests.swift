import Discovery
import Rendering
import SiteModel
import Testing

/// Issue 10: a wildcard record in a site's DNS answers discovery's lookups as a DNS server would (RFC 4592).
@Suite struct WildcardDiscoveryTests {
    static let outside = ["_sip._tls 3600 IN SRV 0 0 443 sip", "* 3600 IN A 203.0.113.10"]

    /// The SRV target sip.contoso.com has no record of its own: the wildcard gives it an address.
    @Test func anSRVTargetResolvesThroughAWildcard() throws {
        let (_, outside, _) = try simulate(client: "communicator-2007-r2", inside: [], outside: Self.outside)
        #expect(outside.outcome.status == .connected)
        #expect(outside.outcome.via == "_sip._tls.contoso.com")
        #expect(outside.steps.contains { $0.lookup == "sip.contoso.com" && $0.answer == "203.0.113.10" })
    }

    /// A wildcard answers every name that does not exist, Autodiscover's too: Lync 2013 asks lyncdiscoverinternal
    /// first and finds it, outside as well (the field report in clients.md §5: wildcard DNS breaks Autodiscover
    /// checks).
    @Test func aWildcardAnswersAutodiscoverToo() throws {
        let (_, outside, _) = try simulate(client: "lync-2013", inside: [], outside: Self.outside)
        #expect(outside.outcome.via == "lyncdiscoverinternal.contoso.com")
    }
}
