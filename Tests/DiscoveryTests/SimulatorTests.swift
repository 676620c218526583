import Compiler
import Discovery
import PolicyCatalog
import Rendering
import SipgpoCLI
import SipgpoTestSupport
import SiteModel
import Testing

let clients = bundledClients
let catalog = bundledCatalog

/// A one-domain site (contoso.com) with the given client and DNS views, as the pipeline sees it.
func simulate(
    client: String, inside: [String], outside: [String], signIn: String = "automatic", extra: String = "",
    variant: DiscoveryVariantName? = nil
) throws -> (inside: DiscoveryTrace, outside: DiscoveryTrace, diagnostics: [Diagnostic]) {
    func list(_ records: [String]) -> String {
        records.isEmpty ? " []" : "\n" + records.map { "        - \"\($0)\"" }.joined(separator: "\n")
    }
    let yaml = """
        version: 1
        site: Contoso
        forests:
          contoso.com: { role: single }
        sipDomains:
          contoso.com:
            dns:
              inside:\(list(inside))
              outside:\(list(outside))
        defaults:
          client: \(client)
          signIn: \(signIn)
        \(extra)
        populations:
          - name: Staff
            ou: OU=Staff,DC=contoso,DC=com
        """
    let result = Compiler.compile(
        file: "site.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog,
        options: .init(variant: variant))
    try #require(
        result.site != nil, "\(result.diagnostics.errors.map { "\($0.span?.description ?? ""): \($0.message)" })")
    let inside = try #require(result.traces.first { $0.network == .inside })
    let outside = try #require(result.traces.first { $0.network == .outside })
    return (inside, outside, result.diagnostics.all)
}

@Suite struct CommunicatorDiscoveryTests {
    static let both = [
        "_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01",
        "pool01 3600 IN A 10.0.0.10",
        "_sip._tls 3600 IN SRV 0 0 443 sip",
        "sip 3600 IN A 203.0.113.10",
    ]

    @Test func internalTLSRecordWinsInsideAndOutsideAlike() throws {
        let (inside, outside, diagnostics) = try simulate(
            client: "communicator-2007", inside: Self.both, outside: Self.both)
        #expect(inside.outcome.via == "_sipinternaltls._tcp.contoso.com")
        #expect(inside.outcome.status == .connected)
        // The client cannot tell the networks apart: the same record wins outside, and 10.0.0.10 is unreachable there.
        #expect(outside.steps.first?.lookup == "_sipinternaltls._tcp.contoso.com")
        #expect(outside.steps.first?.result == .found)
        #expect(outside.outcome.status == .failed)
        #expect(outside.outcome.reason.contains("private address 10.0.0.10"))
        #expect(outside.outcome.reason.contains("does not try any other record"))
        #expect(outside.notes.contains { $0.contains("does not know which network it is on") })
        // It never reaches _sip._tls: Communicator stops at the first SRV record.
        #expect(!outside.steps.contains { $0.lookup == "_sip._tls.contoso.com" })
        let warning = try #require(diagnostics.first { $0.id == "private-address-outside" })
        #expect(warning.severity == .warning)
        #expect(warning.span?.start.line == 15)  // the A record of pool01 in the outside view
    }

    @Test func internalRecordsPublishedOutsideWithPublicAddressConnect() throws {
        let outsideView = ["_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "pool01 3600 IN A 203.0.113.20"]
        let (_, outside, diagnostics) = try simulate(
            client: "communicator-2007", inside: Self.both, outside: outsideView)
        #expect(outside.outcome.status == .connected)
        #expect(!diagnostics.contains { $0.id == "private-address-outside" })
    }

    @Test func withoutSRVSipWinsAfterSipinternalFails() throws {
        let hosts = ["sip 3600 IN A 203.0.113.10", "sipexternal 3600 IN A 203.0.113.11"]
        let (inside, _, _) = try simulate(client: "communicator-2007", inside: hosts, outside: hosts)
        #expect(inside.outcome.server == "sip.contoso.com")
        #expect(inside.outcome.via == "sip.contoso.com")
        let lookups = inside.steps.map { "\($0.type) \($0.lookup) \($0.result.rawValue)" }
        #expect(
            lookups.prefix(5) == [
                "SRV _sipinternaltls._tcp.contoso.com not-found", "SRV _sipinternal._tcp.contoso.com not-found",
                "SRV _sip._tls.contoso.com not-found", "SRV _sip._tcp.contoso.com not-found",
                "A sipinternal.contoso.com not-found",
            ])
        #expect(inside.outcome.reason.contains("no DNS SRV records exist for domain contoso.com"))
        #expect(inside.outcome.reason.contains("sipinternal.contoso.com did not resolve"))
        // sip.contoso.com is one of the two names strict naming accepts by itself.
        #expect(inside.outcome.certificateNames == ["sip.contoso.com"])
    }

    @Test func documentedVariantOfR2TriesSipinternalFirstAndSaysWhenItDiffers() throws {
        let hosts = ["sip 3600 IN A 10.0.0.5", "sipinternal 3600 IN A 10.0.0.6"]
        let (field, _, _) = try simulate(client: "communicator-2007-r2", inside: hosts, outside: [])
        #expect(field.outcome.server == "sip.contoso.com")
        #expect(field.notes.contains { $0.contains("documented variant") && $0.contains("sipinternal.contoso.com") })
        let (documented, _, _) = try simulate(
            client: "communicator-2007-r2", inside: hosts, outside: [], variant: .documented)
        #expect(documented.outcome.server == "sipinternal.contoso.com")
        #expect(documented.variant == .documented)
    }

    @Test func strictNamingNeedsSipNameOnAPoolCertificate() throws {
        let view = ["_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "pool01 3600 IN A 10.0.0.10"]
        let (inside, _, _) = try simulate(client: "communicator-2007-r2", inside: view, outside: [])
        #expect(inside.outcome.certificateNames == ["pool01.contoso.com", "sip.contoso.com"])
        #expect(inside.outcome.reason.contains("strict DNS naming"))
        let (relaxed, _, _) = try simulate(
            client: "communicator-2007-r2", inside: view, outside: [], extra: "  strictDnsNaming: false")
        #expect(relaxed.outcome.certificateNames == ["pool01.contoso.com"])
        #expect(
            relaxed.settings.contains {
                $0.name == "DisableStrictDNSNaming" && $0.value == .number(1) && $0.note != nil
            })
    }

    @Test func onlySipTcpOutsideIsRefusedByTheEdge() throws {
        let outside = ["_sip._tcp 3600 IN SRV 0 0 5060 sip", "sip 3600 IN A 203.0.113.10"]
        let (_, trace, diagnostics) = try simulate(client: "communicator-2007", inside: [], outside: outside)
        #expect(trace.outcome.status == .failed)
        #expect(trace.outcome.reason.contains("accepts only TLS"))
        #expect(diagnostics.contains { $0.id == "tcp-only-outside" })
    }

    @Test func noRecordsAtAllReadsLikeTheEventLog() throws {
        let (inside, _, diagnostics) = try simulate(client: "communicator-2007", inside: [], outside: [])
        #expect(inside.outcome.status == .failed)
        #expect(inside.outcome.reason.contains("no DNS SRV records exist for domain contoso.com"))
        #expect(
            inside.outcome.reason.contains(
                "unable to resolve sipinternal.contoso.com, sip.contoso.com, sipexternal.contoso.com"))
        #expect(diagnostics.contains { $0.id == "discovery-fails" })
    }
}

@Suite struct LyncDiscoveryTests {
    static let inside = [
        "lyncdiscoverinternal 3600 IN A 10.0.0.20",
        "_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01",
        "pool01 3600 IN A 10.0.0.10",
    ]

    @Test func lync2013GoesToAutodiscoverFirst() throws {
        let (inside, _, _) = try simulate(client: "lync-2013", inside: Self.inside, outside: [])
        #expect(inside.steps.first?.lookup == "lyncdiscoverinternal.contoso.com")
        #expect(inside.outcome.via == "lyncdiscoverinternal.contoso.com")
        #expect(inside.outcome.transport == "HTTPS")
        #expect(!inside.steps.contains { $0.type == "SRV" })
    }

    @Test func lync2013MovesOnWhenAFoundServerIsUnreachable() throws {
        let outside = [
            "_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "pool01 3600 IN A 10.0.0.10",
            "_sip._tls 3600 IN SRV 0 0 443 sip", "sip 3600 IN A 203.0.113.10",
        ]
        let (_, trace, _) = try simulate(client: "lync-2013", inside: [], outside: outside)
        #expect(trace.outcome.status == .connected)
        #expect(trace.outcome.via == "_sip._tls.contoso.com")
        #expect(trace.steps.contains { $0.result == .unreachable })
    }

    @Test func serverOutsideTheSipDomainPromptsUnlessTrusted() throws {
        let view = [
            "_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01.uc.contoso.net.",
            "pool01.uc.contoso.net. 3600 IN A 10.0.0.10",
        ]
        let (prompted, _, diagnostics) = try simulate(client: "lync-2010", inside: view, outside: [])
        #expect(prompted.outcome.status == .prompt)
        #expect(diagnostics.contains { $0.id == "trust-prompt" })
        #expect(diagnostics.contains { $0.id == "srv-target-outside-domain" })
        let (trusted, _, _) = try simulate(
            client: "lync-2010", inside: view, outside: [], extra: "  trustedDomains: [uc.contoso.net]")
        #expect(trusted.outcome.status == .connected)
        #expect(
            trusted.settings.contains {
                $0.name == "TrustModelData" && $0.value == .text("uc.contoso.net") && $0.hive == "HKCU"
            })
    }

    @Test func manualSignInSkipsDiscoveryAndFallsBackToTheExternalServer() throws {
        let signIn =
            "{ mode: manual, internalServer: pool01.contoso.com, externalServer: sip.contoso.com, transport: tls }"
        let (inside, outside, _) = try simulate(
            client: "skype-for-business-2016", inside: ["pool01 IN A 10.0.0.10"], outside: ["sip IN A 203.0.113.10"],
            signIn: signIn)
        #expect(inside.outcome.via == "manual")
        #expect(inside.outcome.server == "pool01.contoso.com")
        #expect(outside.outcome.server == "sip.contoso.com")
        #expect(outside.outcome.port == 443)
        #expect(!inside.steps.contains { $0.type == "SRV" })
        // Microsoft's lync16.admx names, as the plan writes them.
        let names = inside.settings.map(\.name)
        #expect(names == ["configurationmode", "serveraddressinternal", "serveraddressexternal"])
    }

    @Test func autodiscoverPublishedOnlyInsideIsNotUsedOutside() throws {
        let (_, outside, _) = try simulate(
            client: "skype-for-business-2016", inside: Self.inside, outside: ["lyncdiscover IN A 203.0.113.30"])
        #expect(outside.outcome.via == "lyncdiscover.contoso.com")
        #expect(outside.steps.first?.result == .notFound)
    }
}
