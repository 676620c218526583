import Analysis
import Compiler
import Discovery
import Rendering
import SiteModel
import Testing

/// What happens after discovery (issue "The explanation, held against the sources", points 1 and 2): a Director
/// proxies outside and redirects inside, and every server the client is sent to is resolved in the population's
/// network DNS, must be reachable from it, and passes the client's trust rule.
@Suite struct AfterDiscoveryTests {
    func compile(_ yaml: String) throws -> Compiler.Compilation {
        let result = Compiler.compile(
            file: "site.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog)
        try #require(
            result.site != nil, "\(result.diagnostics.errors.map { "\($0.span?.description ?? ""): \($0.message)" })")
        return result
    }

    /// Inside, SRV leads to the Director, which redirects to pool-sin; `insideHome` is pool-sin's inside records.
    static func site(insideHome: String, client: String = "lync-2013", homeDomain: String = "contoso.com") -> String {
        """
        version: 1
        site: Contoso
        forests: { contoso.com: { role: single } }
        sipDomains:
          contoso.com:
            dns:
              inside: ["_sipinternaltls._tcp IN SRV 0 0 5061 dir-atl.contoso.com.", "dir-atl IN A 10.1.0.5"\(insideHome)]
              outside: ["_sip._tls IN SRV 0 0 443 sip.contoso.com.", "sip IN A 203.0.113.10"]
        pools:
          sip.contoso.com: { role: edge, region: Atlanta }
          dir-atl.contoso.com: { role: director, region: Atlanta }
          pool-sin.\(homeDomain): { role: frontEnd, region: Singapore }
        populations:
          - name: Singapore
            ou: OU=Singapore,DC=contoso,DC=com
            client: \(client)
            homePool: pool-sin.\(homeDomain)
        """
    }

    /// Inside, the Director redirects (the client opens its own connection to the home pool), so that pool's name
    /// is looked up in the inside DNS and shown as a step.
    @Test func insideTheDirectorRedirectsAndTheHomePoolIsResolved() throws {
        let result = try compile(Self.site(insideHome: #", "pool-sin IN A 10.4.0.10""#))
        let inside = try #require(result.traces.first { $0.network == .inside })
        #expect(inside.hops.map(\.action) == [.redirect, .register])
        #expect(inside.outcome.status == .connected)
        #expect(inside.outcome.registrar == "pool-sin.contoso.com")
        #expect(inside.steps.last?.lookup == "pool-sin.contoso.com")
        #expect(inside.steps.last?.answer == "10.4.0.10")
    }

    /// The issue's case: a deleted A record for the home pool used to still report "registers with", and `check`
    /// was clean.
    @Test func aHomePoolWithoutAnAddressFailsAndCheckSaysSo() throws {
        let result = try compile(Self.site(insideHome: ""))
        let inside = try #require(result.traces.first { $0.network == .inside })
        #expect(inside.outcome.status == .failed)
        #expect(
            inside.outcome.reason
                == "discovery reached dir-atl.contoso.com, but registration fails: pool-sin.contoso.com has no address in the inside DNS, so the client cannot connect to it"
        )
        #expect(inside.steps.last?.result == .notFound)
        #expect(result.diagnostics.warnings.contains { $0.id == "discovery-fails" })
        // Outside, the Director proxies: the client never looks the pool up, and signs in.
        let outside = try #require(result.traces.first { $0.network == .outside })
        #expect(outside.outcome.status == .connected)
        #expect(outside.hops.map(\.action) == [.proxy, .proxy, .register])
    }

    /// Lync 2013 asks the user to trust a server outside the SIP domain that Autodiscover hands it (KB 2833618,
    /// scenario 1; clients.md §7, fact 2). Whether a redirect target is trusted is disputed: sipgpo follows the
    /// field report (trusted) and says so in a note.
    @Test func aRedirectOutsideTheSIPDomainIsTrustedWithANoteOnTheDispute() throws {
        let yaml = Self.site(insideHome: "", homeDomain: "fabrikam.com").replacingOccurrences(
            of: #""dir-atl IN A 10.1.0.5""#, with: #""dir-atl IN A 10.1.0.5", "pool-sin.fabrikam.com. IN A 10.4.0.10""#)
        let result = try compile(yaml)
        let inside = try #require(result.traces.first { $0.network == .inside })
        #expect(inside.outcome.status == .connected)
        #expect(
            inside.notes.contains { $0.contains("sources disagree on whether a server reached by redirect is trusted") }
        )
    }

    /// Autodiscover inside names the home pool: the client connects to it, so it must resolve; outside it names
    /// the Edge, which must have a public address.
    @Test func autodiscoverChecksThePoolAndTheEdgeItNames() throws {
        let yaml = """
            version: 1
            site: Contoso
            forests: { contoso.com: { role: single } }
            sipDomains:
              contoso.com:
                dns:
                  inside: ["lyncdiscoverinternal IN A 10.1.0.5", "pool01.fabrikam.com. IN A 10.0.0.10"]
                  outside: ["lyncdiscover IN A 203.0.113.30", "sip IN A 10.9.9.9"]
            pools:
              sip.contoso.com: { role: edge }
              pool01.fabrikam.com: { role: frontEnd }
            populations:
              - { name: Desks, ou: "OU=Desks,DC=contoso,DC=com", client: lync-2013, homePool: pool01.fabrikam.com }
            """
        let result = try compile(yaml)
        let inside = try #require(result.traces.first { $0.network == .inside })
        #expect(inside.outcome.status == .prompt)
        #expect(inside.notes.contains { $0.contains("KB 2833618") && $0.contains("pool01.fabrikam.com") })
        let outside = try #require(result.traces.first { $0.network == .outside })
        #expect(outside.outcome.status == .failed)
        #expect(
            outside.outcome.reason.hasSuffix(
                "sip.contoso.com resolves only to the private address 10.9.9.9, which a client outside the firewall cannot reach"
            ))
    }
}

/// Issue 9, point 8: one warning grouped over several populations says each client's own effect.
@Suite struct TrustWordingTests {
    @Test func aGroupedWarningSaysEachClientsEffect() throws {
        let yaml = """
            version: 1
            site: Litware
            forests: { litwareinc.com: { role: single } }
            sipDomains:
              litwareinc.com:
                dns:
                  inside: ["_sipinternaltls._tcp IN SRV 0 0 5061 pool01.fabrikam.com.", "pool01.fabrikam.com. IN A 10.1.0.10"]
                  outside: []
            populations:
              - { name: Old, ou: "OU=Old,DC=litwareinc,DC=com", client: communicator-2007-r2 }
              - { name: New, ou: "OU=New,DC=litwareinc,DC=com", client: lync-2010 }
            """
        let result = Compiler.compile(
            file: "site.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog)
        let warning = try #require(result.diagnostics.warnings.first { $0.id == "srv-target-outside-domain" })
        #expect(warning.message.contains("populations 'New', 'Old'"))
        #expect(
            warning.message.contains("refuses it unless its certificate carries sip.litwareinc.com (strict DNS naming)")
        )
        #expect(warning.message.contains("Lync 2010 asks the user whether to trust it"))
    }
}

/// Issue 9, point 3: SRV weights are a probability (RFC 2782), and Communicator 2007 R2 uses only the record it picks
/// ("does not try any other SRV records", OCS 2007 R2 documentation, in its profile), so the outcome is a share.
@Suite struct WeightedSRVTests {
    static func site(client: String) -> String {
        """
        version: 1
        site: Contoso
        forests: { contoso.com: { role: single } }
        sipDomains:
          contoso.com:
            dns:
              inside:
                - _sipinternaltls._tcp 3600 IN SRV 0 90 5061 pool01.contoso.com.
                - _sipinternaltls._tcp 3600 IN SRV 0 10 5061 pool-dead.contoso.com.
                - pool01 3600 IN A 10.1.0.10
              outside: []
        populations:
          - { name: Staff, ou: "OU=Staff,DC=contoso,DC=com", client: \(client) }
        """
    }

    @Test func aFirstRecordClientSignsInForTheShareOfAttemptsThatPickAWorkingRecord() throws {
        let result = Compiler.compile(
            file: "site.yaml", text: Self.site(client: "communicator-2007-r2"), sources: InMemorySources([:]),
            clients: clients, catalog: catalog)
        let run = try #require(result.runs.first { $0.network == .inside })
        #expect(run.outcome.branches.map(\.share) == [0.9, 0.1])
        #expect(run.outcome.branches.map(\.status) == [.connected, .failed])
        let trace = run.trace
        #expect(trace.outcome.share == 0.9)
        #expect(
            trace.outcome.shares?.hasSuffix(
                "it signs in for 90% of attempts, fails for 10% of attempts (pool-dead.contoso.com: unable to resolve pool-dead.contoso.com)."
            )
                == true)
        let warning = try #require(result.diagnostics.warnings.first { $0.id == "srv-weighted-failure" })
        #expect(warning.message.contains("10% of sign-in attempts inside pick pool-dead.contoso.com:5061"))
    }

    /// Lync 2013 goes on to the next record ("continues until a successful query", Lync Server 2013 docs): no share.
    @Test func aClientThatTriesTheOtherRecordsHasNoShare() throws {
        let result = Compiler.compile(
            file: "site.yaml", text: Self.site(client: "lync-2013"), sources: InMemorySources([:]),
            clients: clients, catalog: catalog)
        let run = try #require(result.runs.first { $0.network == .inside })
        #expect(run.outcome.branches.isEmpty)
        #expect(!result.diagnostics.warnings.contains { $0.id == "srv-weighted-failure" })
    }

    @Test func percentagesKeepOneDecimal() {
        #expect(Phrases.percent(0.9) == "90")
        #expect(Phrases.percent(1.0 / 3) == "33.3")
        #expect(Phrases.percent(0) == "0")
    }
}
