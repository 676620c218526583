import Compiler
import Discovery
import Rendering
import SiteModel
import Testing

/// Hops after discovery and certificate checks, on small sites written here.
@Suite struct TopologyTests {
    func compile(_ yaml: String) throws -> Compiler.Compilation {
        let result = Compiler.compile(
            file: "site.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog)
        try #require(
            result.site != nil, "\(result.diagnostics.errors.map { "\($0.span?.description ?? ""): \($0.message)" })")
        return result
    }

    static let global = """
        version: 1
        site: Contoso
        forests: { contoso.com: { role: single } }
        sipDomains:
          contoso.com:
            dns:
              inside: ["pool-sin IN A 10.4.0.10", "dir-atl IN A 10.1.0.5"]
              outside: ["_sip._tls IN SRV 0 0 443 sip.contoso.com.", "sip IN A 203.0.113.10"]
        pools:
          sip.contoso.com: { role: edge, region: Atlanta }
          dir-atl.contoso.com: { role: director, region: Atlanta }
          pool-atl.contoso.com: { role: frontEnd, region: Atlanta }
          pool-sin.contoso.com: { role: frontEnd, region: Singapore }
        populations:
          - name: Singapore
            ou: OU=Singapore,DC=contoso,DC=com
            client: lync-2010
            homePool: pool-sin.contoso.com
        """

    /// An external user reaches the Director through the Access Edge, and the Director proxies to the home pool:
    /// "Redirecting an external user makes no sense since the external Communicator client cannot contact the pool
    /// directly" (blogs.technet.com/dougl, "The Director Component in OCS"; clients.md §7, fact 1).
    @Test func outsideUserHomedInSingaporeGoesThroughTheAtlantaEdgeAndDirector() throws {
        let result = try compile(Self.global)
        let trace = try #require(result.traces.first { $0.network == .outside })
        #expect(trace.outcome.server == "sip.contoso.com")
        #expect(trace.outcome.registrar == "pool-sin.contoso.com")
        #expect(
            trace.hops.map { "\($0.server) \($0.role) \($0.action.rawValue)" } == [
                "sip.contoso.com edge proxy", "dir-atl.contoso.com director proxy",
                "pool-sin.contoso.com frontEnd register",
            ])
        #expect(trace.hops[1].reason.contains("Singapore"))
    }

    static func fabrikam(
        poolNames: String, directorNames: String = "[dir01.fabrikam.com, lyncdiscoverinternal.fabrikam.com]"
    ) -> String {
        """
        version: 1
        site: Fabrikam
        forests: { fabrikam.com: { role: single } }
        sipDomains:
          fabrikam.com:
            dns:
              inside:
                - lyncdiscoverinternal IN CNAME dir01.fabrikam.com.
                - _sipinternaltls._tcp IN SRV 0 0 5061 pool01.fabrikam.com.
                - dir01 IN A 10.5.0.5
                - pool01 IN A 10.5.0.10
              outside: []
        pools:
          dir01.fabrikam.com: { role: director, certificate: { names: \(directorNames) } }
          pool01.fabrikam.com: { role: frontEnd, certificate: { names: \(poolNames) } }
        defaults: { homePool: pool01.fabrikam.com }
        populations:
          - { name: Desks, ou: "OU=Desks,DC=fabrikam,DC=com", client: communicator-2007-r2 }
          - { name: Laptops, ou: "OU=Laptops,DC=fabrikam,DC=com", client: lync-2013 }
        """
    }

    @Test func communicatorR2FailsWhenThePoolCertificateLacksSipNameAndConnectsOnceAdded() throws {
        let without = try compile(Self.fabrikam(poolNames: "[pool01.fabrikam.com]"))
        let failing = try #require(without.traces.first { $0.population == "Desks" && $0.network == .inside })
        #expect(failing.outcome.status == .failed)
        #expect(
            failing.outcome.reason.contains(
                "strict DNS naming: the certificate of Front End pool pool01.fabrikam.com carries neither sip.fabrikam.com nor fabrikam.com"
            ))
        #expect(without.diagnostics.all.contains { $0.id == "certificate-name-missing" && $0.span?.start.line == 15 })

        let with = try compile(Self.fabrikam(poolNames: "[pool01.fabrikam.com, sip.fabrikam.com]"))
        let connecting = try #require(with.traces.first { $0.population == "Desks" && $0.network == .inside })
        #expect(connecting.outcome.status == .connected)
        #expect(connecting.outcome.reason.contains("its certificate carries sip.fabrikam.com"))
        #expect(connecting.outcome.registrar == "pool01.fabrikam.com")
    }

    @Test func lync2013IsToldItsAutodiscoverServerLacksLyncdiscoverinternal() throws {
        let result = try compile(
            Self.fabrikam(poolNames: "[pool01.fabrikam.com, sip.fabrikam.com]", directorNames: "[dir01.fabrikam.com]"))
        let trace = try #require(result.traces.first { $0.population == "Laptops" && $0.network == .inside })
        let refused = try #require(trace.steps.first { $0.result == .refused })
        #expect(
            refused.detail
                == "the certificate of dir01.fabrikam.com does not carry lyncdiscoverinternal.fabrikam.com, the name the client connected to"
        )
        #expect(trace.notes.contains { $0.contains("does not carry lyncdiscoverinternal.fabrikam.com") })
        // Lync 2013 moves on to the SRV record.
        #expect(trace.outcome.via == "_sipinternaltls._tcp.fabrikam.com")
        #expect(
            result.diagnostics.all.contains {
                $0.id == "certificate-name-missing" && $0.message.contains("lyncdiscoverinternal")
            })
    }

    @Test func untrustedIssuerFails() throws {
        let yaml = Self.fabrikam(poolNames: "[pool01.fabrikam.com, sip.fabrikam.com], trustedIssuer: false")
        let result = try compile(yaml)
        let trace = try #require(result.traces.first { $0.population == "Desks" && $0.network == .inside })
        #expect(trace.outcome.status == .failed)
        #expect(trace.outcome.reason.contains("issued by a CA the client does not trust"))
    }

    @Test func withoutPoolsThereAreNoHops() throws {
        let yaml = """
            version: 1
            site: C
            forests: { contoso.com: { role: single } }
            sipDomains: { contoso.com: { dns: { inside: ["_sipinternaltls._tcp IN SRV 0 0 5061 pool01", "pool01 IN A 10.0.0.1"], outside: [] } } }
            populations: [{ name: A, ou: "OU=A,DC=contoso,DC=com", client: lync-2013 }]
            """
        let trace = try #require(try compile(yaml).traces.first)
        #expect(trace.hops.isEmpty)
        #expect(trace.outcome.registrar == nil)
    }
}

@Suite struct MoreClientsTests {
    static let site = """
        version: 1
        site: C
        forests: { contoso.com: { role: single } }
        sipDomains:
          contoso.com:
            dns:
              inside: ["_sipinternaltls._tcp IN SRV 0 0 5061 pool01", "pool01 IN A 10.0.0.10", "sip IN A 10.0.0.11"]
              outside: ["lyncdiscover IN A 203.0.113.30", "_sip._tls IN SRV 0 0 443 sip", "sip IN A 203.0.113.10"]
        populations:
          - { name: Store, ou: "OU=Store,DC=contoso,DC=com", client: lync-windows-store }
          - { name: Mobile, ou: "OU=Mobile,DC=contoso,DC=com", client: lync-mobile }
          - { name: Phones, ou: "OU=Phones,DC=contoso,DC=com", client: lync-phone-edition }
        """

    func trace(_ population: String, _ network: NetworkLocation) throws -> DiscoveryTrace {
        let result = Compiler.compile(
            file: "s.yaml", text: Self.site, sources: InMemorySources([:]), clients: clients, catalog: catalog)
        return try #require(result.traces.first { $0.population == population && $0.network == network })
    }

    @Test func storeAppUsesAutodiscoverOnlyAndHasNoFallback() throws {
        let inside = try trace("Store", .inside)
        #expect(inside.steps.map(\.lookup) == ["lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com"])
        #expect(inside.outcome.status == .failed)
        #expect(
            inside.outcome.reason
                == "unable to resolve lyncdiscoverinternal.contoso.com, lyncdiscover.contoso.com (Autodiscover); Lync Windows Store app has no fallback to SRV or A records"
        )
        #expect(try trace("Store", .outside).outcome.via == "lyncdiscover.contoso.com")
    }

    @Test func mobileAsksAutodiscoverOverHTTPFirst() throws {
        let outside = try trace("Mobile", .outside)
        #expect(outside.outcome.transport == "HTTP")
        #expect(outside.outcome.port == 80)
        #expect(!outside.steps.contains { $0.type == "SRV" })
    }

    @Test func phoneEditionTriesEdgeSRVBeforeInternalTCPAndIsNotManagedByGroupPolicy() throws {
        let outside = try trace("Phones", .outside)
        #expect(outside.steps.map(\.lookup).prefix(2) == ["_sipinternaltls._tcp.contoso.com", "_sip._tls.contoso.com"])
        #expect(outside.outcome.via == "_sip._tls.contoso.com")
        #expect(outside.settings.isEmpty)
        let inside = try trace("Phones", .inside)
        // Strict DNS naming from CU7: pool01 must also prove sip.contoso.com.
        #expect(inside.outcome.certificateNames == ["pool01.contoso.com", "sip.contoso.com"])
    }
}
