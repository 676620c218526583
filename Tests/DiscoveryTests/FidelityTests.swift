import Compiler
import Discovery
import Rendering
import SipgpoTestSupport
import SiteModel
import Testing

/// Issue 9, point 12: the words of an explanation, held against the sources.
@Suite struct WordingTests {
    /// fd00::/8 is unique local (RFC 4193, "Unique Local IPv6 Unicast Addresses"), not RFC 1918, which is IPv4 only.
    @Test func uniqueLocalIPv6AddressCitesRFC4193() throws {
        let outside = ["_sip._tls 3600 IN SRV 0 0 443 sip", "sip 3600 IN AAAA fd00::10"]
        let (_, trace, _) = try simulate(client: "communicator-2007", inside: [], outside: outside)
        #expect(trace.outcome.status == .failed)
        let refused = try #require(trace.steps.first { $0.result == .unreachable })
        #expect(refused.detail.contains("fd00::10 is a private address (unique local, RFC 4193)"))
        #expect(!refused.detail.contains("RFC 1918"))
    }

    @Test func privateIPv4AddressStillCitesRFC1918() throws {
        let outside = ["_sip._tls 3600 IN SRV 0 0 443 sip", "sip 3600 IN A 192.168.1.10"]
        let (_, trace, _) = try simulate(client: "communicator-2007", inside: [], outside: outside)
        let refused = try #require(trace.steps.first { $0.result == .unreachable })
        #expect(refused.detail.contains("192.168.1.10 is a private address (RFC 1918)"))
    }

    /// Two SRV records that fail for the same reason: the reason is said once.
    @Test func aReasonIsNotPrintedTwice() throws {
        let inside = ["_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "_sip._tls 3600 IN SRV 0 0 443 pool01"]
        let (trace, _, _) = try simulate(client: "lync-2013", inside: inside, outside: [])
        #expect(trace.outcome.status == .failed)
        #expect(trace.outcome.reason.components(separatedBy: "unable to resolve pool01.contoso.com;").count == 2)
    }

    /// Lync 2013 does not query _sip._tcp (Microsoft's Lync Server 2013 "Determine DNS requirements" lists
    /// _sipinternaltls._tcp, _sipinternal._tcp and _sip._tls only; clients.md §1.4): a site with only _sip._tcp has
    /// SRV records, so "no DNS SRV records exist" would be false.
    @Test func srvRecordsTheClientDoesNotQueryAreNotCalledAbsent() throws {
        let outside = ["_sip._tcp 3600 IN SRV 0 0 5060 sip"]
        let (_, trace, _) = try simulate(client: "lync-2013", inside: [], outside: outside)
        #expect(trace.outcome.status == .failed)
        #expect(!trace.outcome.reason.contains("no DNS SRV records exist"))
        #expect(
            trace.outcome.reason.contains(
                "none of the SRV records Lync 2013 / Skype for Business 2015 queries exist for domain contoso.com: _sip._tcp.contoso.com exists, but"
            ))
    }

    @Test func hostFallbackDoesNotClaimSRVRecordsAreAbsentWhenUnqueriedOnesExist() throws {
        let outside = ["_sip._tcp 3600 IN SRV 0 0 5060 sip", "sip 3600 IN A 203.0.113.10"]
        let (_, trace, _) = try simulate(client: "lync-2013", inside: [], outside: outside)
        #expect(trace.outcome.server == "sip.contoso.com")
        #expect(!trace.outcome.reason.contains("no DNS SRV records exist"))
        #expect(trace.notes.contains { $0.hasPrefix("_sip._tcp.contoso.com exists in the outside DNS, but") })
    }

    /// Office Communicator 2007 R2's field order does query _sip._tcp (InsideOCS; R2 Beta docs): no such note.
    @Test func clientsThatQueryTheRecordGetNoNote() throws {
        let outside = ["_sip._tcp 3600 IN SRV 0 0 5060 sip", "sip 3600 IN A 203.0.113.10"]
        let (_, trace, _) = try simulate(client: "communicator-2007-r2", inside: [], outside: outside)
        #expect(!trace.notes.contains { $0.contains("does not query") })
    }

    /// The certificate's subject must match the FQDN the client connects to (InsideOCS, "Making Office Communicator
    /// sign-in work, part 2", http://blog.insideocs.com/2008/09/14/making-office-communicator-sign-in-work-part-2-%e2%80%93-ensuring-the-correct-subject-name-on-the-certificate/):
    /// a server configured by IP address over TLS cannot pass that check.
    @Test func manualServerGivenAsAnAddressFailsTheTLSNameCheck() throws {
        let (inside, _, _) = try simulate(
            client: "lync-2013", inside: ["pool01 3600 IN A 10.0.0.10"], outside: [],
            signIn: "{ mode: manual, internalServer: 10.0.0.10 }")
        #expect(inside.outcome.status == .failed)
        #expect(inside.outcome.reason.contains("10.0.0.10 is an IP address, which cannot pass the TLS name check"))
        let step = try #require(inside.steps.last)
        #expect(step.result == .refused)
    }

    /// Over TCP there is no certificate, so an address is accepted as configured.
    @Test func manualServerGivenAsAnAddressOverTCPConnects() throws {
        let (inside, _, _) = try simulate(
            client: "communicator-2007-r2", inside: [], outside: [],
            signIn: "{ mode: manual, internalServer: 10.0.0.10, transport: tcp }")
        #expect(inside.outcome.status == .connected)
    }
}

/// Issue 9, point 7: Lync 2010's variants say what they rest on, and Lync 2010 does not use Autodiscover.
@Suite struct Lync2010Tests {
    static let records = ["_sipinternaltls._tcp 3600 IN SRV 0 0 5061 sip", "sip 3600 IN A 10.0.0.10"]

    /// Neither failover rule of Lync 2010 is observed on Lync 2010 itself (clients.md §7 #9: "Lync 2010's failover
    /// between found records is not documented; label its variants by what each source says").
    @Test(arguments: [DiscoveryVariantName.field, .documented])
    func variantsSayWhatTheyRestOn(_ variant: DiscoveryVariantName) throws {
        let (inside, _, _) = try simulate(
            client: "lync-2010", inside: Self.records, outside: [], variant: variant)
        let note = try #require(inside.notes.first)
        #expect(note.hasPrefix("Lync 2010 order, \(variant.rawValue) variant ("))
        #expect(!note.contains("as observed on real clients"))
        #expect(!note.contains("as Microsoft documents it"))
        #expect(note.contains(variant == .field ? "not observed on Lync 2010" : "not Lync 2010's own documentation"))
        #expect(note.contains("no Autodiscover (lyncdiscover) for sign-in, which Lync 2013 adds"))
    }

    /// "How Lync clients locate services" (Lync Server 2013): Lync 2013 asks lyncdiscoverinternal and lyncdiscover
    /// first; Lync 2010 does not use Autodiscover for sign-in (clients.md §7 #9).
    @Test func lync2010DoesNotAskAutodiscoverAndLync2013Does() throws {
        let (lync2010, _, _) = try simulate(client: "lync-2010", inside: Self.records, outside: [])
        let (lync2013, _, _) = try simulate(client: "lync-2013", inside: Self.records, outside: [])
        #expect(!lync2010.steps.contains { $0.lookup.hasPrefix("lyncdiscover") })
        #expect(lync2013.steps.first?.lookup == "lyncdiscoverinternal.contoso.com")
        let profile = try #require(clients["lync-2010"])
        #expect(profile.facts.contains { $0.topic == "autodiscover" && $0.text.contains("does not use Autodiscover") })
    }

    /// Communicator-era clients without a basis keep the plain label.
    @Test func communicatorKeepsItsLabel() throws {
        let (inside, _, _) = try simulate(client: "communicator-2007-r2", inside: Self.records, outside: [])
        #expect(inside.notes.first?.contains("as observed on real clients") == true)
    }
}

/// Issue 9, point 6: Autodiscover over HTTP and HTTPS, and clients that use nothing else.
@Suite struct AutodiscoverTests {
    static let aliasOutside = [
        "lyncdiscover 3600 IN CNAME autodiscover.contoso.net.", "autodiscover.contoso.net. 3600 IN A 203.0.113.20",
    ]

    /// "No certificate changes are required if the initial query ... occurs over port 80" (Lync Server 2013,
    /// "Autodiscover service requirements"): the mobile client's first request names no certificate, and a CNAME to
    /// another domain is not an HTTPS redirection.
    @Test func firstRequestOverHTTPNeedsNoCertificateName() throws {
        let (_, outside, diagnostics) = try simulate(
            client: "lync-mobile", inside: [], outside: Self.aliasOutside, variant: .field)
        #expect(outside.outcome.status == .connected)
        #expect(outside.outcome.transport == "HTTP")
        #expect(outside.outcome.certificateNames == nil)
        #expect(!diagnostics.contains { $0.id == "autodiscover-cname-other-domain" })
    }

    /// "CNAME redirection to different domains is not supported over HTTPS" (Lync Server 2013, "DNS summary -
    /// Autodiscover"): the mobile client's documented variant asks over HTTPS and is warned.
    @Test func aliasToAnotherDomainOverHTTPSIsWarned() throws {
        let (_, outside, diagnostics) = try simulate(
            client: "lync-mobile", inside: [], outside: Self.aliasOutside, variant: .documented)
        #expect(outside.outcome.certificateNames == ["lyncdiscover.contoso.com"])
        #expect(outside.notes.contains { $0.contains("does not support CNAME redirection to a different domain") })
        let warning = try #require(diagnostics.first { $0.id == "autodiscover-cname-other-domain" })
        #expect(warning.severity == .warning)
    }

    /// Windows Store app: "There is no fallback to the other record types" (Lync Server 2013, "DNS requirements for
    /// automatic client sign-in"): it is not that the SRV and A records "were not queried".
    @Test func autodiscoverOnlyClientsHaveNoFallback() throws {
        let (_, outside, _) = try simulate(
            client: "lync-windows-store", inside: [], outside: ["lyncdiscover 3600 IN A 203.0.113.20"])
        #expect(outside.outcome.status == .connected)
        #expect(
            outside.notes.contains { $0.hasSuffix("uses Autodiscover only: there is no fallback to SRV or A records") })
        #expect(!outside.notes.contains { $0.contains("were not queried") })
    }

    /// Lync 2013 does fall back, so it keeps "only used if lyncdiscover does not resolve or respond".
    @Test func lync2013KeepsTheFavouredNote() throws {
        let (_, outside, _) = try simulate(
            client: "lync-2013", inside: [], outside: ["lyncdiscover 3600 IN A 203.0.113.20"])
        #expect(outside.notes.contains { $0.contains("were not queried") })
    }

    /// Inside, lyncdiscover answers while lyncdiscoverinternal is missing: internal clients get the external
    /// response ("DNS summary - Autodiscover"). With lyncdiscoverinternal published, no warning.
    @Test func externalAutodiscoverAnsweringInsideIsWarned() throws {
        let (inside, _, diagnostics) = try simulate(
            client: "lync-2013", inside: ["lyncdiscover 3600 IN A 10.0.0.20"], outside: [])
        #expect(inside.outcome.via == "lyncdiscover.contoso.com")
        #expect(diagnostics.contains { $0.id == "lyncdiscoverinternal-missing" && $0.span?.start.line == 9 })
        let (_, _, published) = try simulate(
            client: "lync-2013",
            inside: ["lyncdiscoverinternal 3600 IN A 10.0.0.20", "lyncdiscover 3600 IN A 10.0.0.20"], outside: [])
        #expect(!published.contains { $0.id == "lyncdiscoverinternal-missing" })
    }
}

/// Issue 9, point 5: SIP over TCP reaches a declared pool only when the site says it listens on TCP.
@Suite struct TCPTests {
    static let inside = ["pool01 3600 IN A 10.0.0.10"]
    static func pools(_ transports: String = "") -> String {
        "pools:\n  pool01.contoso.com: { role: frontEnd\(transports.isEmpty ? "" : ", transports: \(transports)") }"
    }

    /// "Lync Server no longer uses TCP port 5060" (Lync Server 2013, "Ports and protocols for internal servers";
    /// clients.md §7 #6): a declared pool is TLS only unless `transports` lists tcp.
    @Test func manualTCPToADeclaredPoolIsRefusedByDefault() throws {
        let (inside, _, _) = try simulate(
            client: "communicator-2007-r2", inside: Self.inside, outside: [],
            signIn: "{ mode: manual, internalServer: pool01.contoso.com, transport: tcp }", extra: Self.pools())
        #expect(inside.outcome.status == .failed)
        #expect(inside.outcome.reason.contains("pool01.contoso.com:5060 needs TCP, and Front End pool"))
        #expect(inside.outcome.reason.contains("listens on TLS only"))
        #expect(inside.steps.last?.result == .unreachable)
    }

    @Test func manualTCPToAPoolThatListensOnTCPConnects() throws {
        let (inside, _, _) = try simulate(
            client: "communicator-2007-r2", inside: Self.inside, outside: [],
            signIn: "{ mode: manual, internalServer: pool01.contoso.com, transport: tcp }",
            extra: Self.pools("[tls, tcp]"))
        #expect(inside.outcome.status == .connected)
        #expect(inside.outcome.transport == "TCP")
    }

    /// _sipinternal._tcp to a declared TLS-only pool: Lync 2010 (advance, clients.md §1.3) moves on to the next record.
    @Test func tcpServiceRecordToATLSOnlyPoolIsSkippedByClientsThatAdvance() throws {
        let records =
            [
                "_sipinternal._tcp 3600 IN SRV 0 0 5060 pool01", "_sip._tls 3600 IN SRV 0 0 443 pool01",
            ] + Self.inside
        let (inside, _, _) = try simulate(
            client: "lync-2010", inside: records, outside: [], extra: Self.pools(), variant: .field)
        #expect(inside.outcome.via == "_sip._tls.contoso.com")
        #expect(inside.notes.contains { $0.contains("listens on TLS only") })
    }

    /// lync15.admx has no Transport element (clients.md §3.3): a manual TCP transport for Lync 2013 is simulated as
    /// TLS, what Group Policy can deliver, and the existing warning says the setting has no policy.
    @Test func manualTCPForLync2013IsSimulatedAsTLS() throws {
        let (inside, _, diagnostics) = try simulate(
            client: "lync-2013", inside: Self.inside, outside: [],
            signIn: "{ mode: manual, internalServer: pool01.contoso.com, transport: tcp }", extra: Self.pools())
        #expect(inside.outcome.status == .connected)
        #expect(inside.outcome.transport == "TLS")
        #expect(inside.outcome.port == 5061)
        #expect(inside.notes.contains { $0.contains("so Group Policy cannot deliver 'transport: TCP'") })
        #expect(diagnostics.contains { $0.id == "setting-without-policy" })
    }
}

/// Issue 9, point 10: a server that resolves but does not answer (`hosts: { NAME: { down: true } }`), and what each
/// client does next (its profile's failure rule).
@Suite struct ServerDownTests {
    static let inside = [
        "_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "_sipinternaltls._tcp 3600 IN SRV 10 0 5061 pool02",
        "pool01 3600 IN A 10.0.0.10", "pool02 3600 IN A 10.0.0.11",
    ]
    static let down = "hosts:\n  pool01.contoso.com: { down: true }"

    /// OCS 2007 R2: "The client uses the SRV record that is returned and is successful. The client does not try any
    /// other SRV records." (https://learn.microsoft.com/zh-cn/previous-versions/office/dd572514(v=office.13))
    @Test func communicatorR2StopsWhenTheFirstServerDoesNotAnswer() throws {
        let (inside, _, diagnostics) = try simulate(
            client: "communicator-2007-r2", inside: Self.inside, outside: [], extra: Self.down)
        #expect(inside.outcome.status == .failed)
        #expect(
            inside.outcome.reason.contains("pool01.contoso.com resolves to 10.0.0.10, but the server does not answer"))
        #expect(inside.outcome.reason.contains("does not try any other record"))
        #expect(!inside.steps.contains { $0.lookup.hasPrefix("pool02") })
        #expect(diagnostics.contains { $0.id == "discovery-fails" })
    }

    /// Lync 2013: "the DNS query process continues until a successful query is returned, or the list of possible DNS
    /// records is exhausted" (Lync Server 2013, "Determine DNS requirements"; https://ucsorted.com/2014/02/17/client-log-in-discovery/).
    @Test func lync2013MovesOnToTheNextRecord() throws {
        let (inside, _, _) = try simulate(client: "lync-2013", inside: Self.inside, outside: [], extra: Self.down)
        #expect(inside.outcome.status == .connected)
        #expect(inside.outcome.server == "pool02.contoso.com")
        #expect(
            inside.notes.contains {
                $0.contains("gave up on: pool01.contoso.com resolves to 10.0.0.10, but the server does not answer")
            })
        let refused = try #require(inside.steps.first { $0.result == .unreachable })
        #expect(refused.detail.contains("declared down at site.yaml:"))
    }

    /// Without the declaration the first record wins: the record matches, and only `down` makes it fail.
    @Test func withoutTheDeclarationTheFirstServerWins() throws {
        let (inside, _, _) = try simulate(client: "communicator-2007-r2", inside: Self.inside, outside: [])
        #expect(inside.outcome.server == "pool01.contoso.com")
    }

    /// Each profile says what the client does when a found server does not answer, with its source.
    @Test func everyProfileStatesItsConnectionFailureBehaviour() {
        for id in clients.ids {
            let fact = clients[id]?.facts.first { $0.topic == "connectionFailure" }
            #expect(fact != nil, "\(id) has no connectionFailure fact")
            #expect(fact?.source.isEmpty == false)
        }
    }
}

/// Issue 9, point 11: the explanation lists the sign-in address preference a resource-forest population receives,
/// at its client version's own location.
@Suite struct ResourceForestPreferenceTests {
    static let yaml = """
        version: 1
        site: Fabrikam
        forests:
          fabrikam.com: { role: account }
          uc.fabrikam.net: { role: resource, usersFrom: [fabrikam.com] }
        sipDomains:
          fabrikam.com:
            dns:
              inside: [ "_sipinternaltls._tcp IN SRV 0 0 5061 pool01.uc.fabrikam.net.", "pool01.uc.fabrikam.net. IN A 10.20.0.11" ]
              outside: []
        defaults:
          signInAddress: "%LogonUser%@fabrikam.com"
        populations:
          - name: Old desks
            ou: OU=Old,DC=fabrikam,DC=com
            client: communicator-2007-r2
          - name: Desks
            ou: OU=Desks,DC=fabrikam,DC=com
            client: lync-2010
        """

    static func explanation() throws -> Explanation {
        let result = Compiler.compile(
            file: "site.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog)
        let site = try #require(result.site, "\(result.diagnostics.errors.map(\.message))")
        return Explanation(site: site, runs: result.runs, clients: clients)
    }

    /// Communicator 2007 / R2 keep it under HKCU\Software\Microsoft\Shared\UcClient (dd441264); Lync 2010 under
    /// HKCU\Software\Microsoft\Communicator (MSDN "Lync 2013 system registry keys", clients.md §7 #10), where the
    /// value name is not verified: the explanation says so.
    @Test func textNamesEachClientsOwnLocation() throws {
        let text = try Self.explanation().text()
        #expect(text.contains("HKCU\\Software\\Microsoft\\Shared\\UcClient\\ServerSipUri = '%LogonUser%@fabrikam.com'"))
        #expect(text.contains("HKCU\\Software\\Microsoft\\Communicator\\ServerSipUri = '%LogonUser%@fabrikam.com'"))
        #expect(text.contains("not documented for this client version"))
        // The build writes the preference: the explanation no longer says nothing is configured.
        #expect(!text.contains("policy: nothing configured"))
    }

    @Test func jsonCarriesThePreference() throws {
        let json = try Self.explanation().json()
        #expect(json.contains("\"preferences\""))
        #expect(json.contains("\"key\": \"Software\\\\Microsoft\\\\Communicator\""))
        #expect(json.contains("\"uncertain\": true"))
    }

    @Test func markdownListsIt() throws {
        let markdown = try Self.explanation().markdown()
        #expect(
            markdown.contains(
                "| `ServerSipUri` | `%LogonUser%@fabrikam.com` | `HKCU\\Software\\Microsoft\\Shared\\UcClient` |"))
    }
}

/// After discovery, the home pool a Director redirects to can be down too: the record matches, the client cannot
/// connect, and registration fails.
@Suite struct HomePoolDownTests {
    @Test func aDownHomePoolFailsRegistration() throws {
        let inside = [
            "_sipinternaltls._tcp 3600 IN SRV 0 0 5061 dir01", "dir01 3600 IN A 10.0.0.5", "pool01 3600 IN A 10.0.0.10",
        ]
        let extra = """
              homePool: pool01.contoso.com
            pools:
              dir01.contoso.com: { role: director }
              pool01.contoso.com: { role: frontEnd }
            hosts:
              pool01.contoso.com: { down: true }
            """
        let (trace, _, _) = try simulate(client: "lync-2013", inside: inside, outside: [], extra: extra)
        #expect(trace.outcome.status == .failed)
        #expect(trace.outcome.reason.contains("the server does not answer (declared down at site.yaml:"))
    }
}
