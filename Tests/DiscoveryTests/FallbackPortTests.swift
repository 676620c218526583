import Compiler
import Discovery
import Rendering
import SiteModel
import Testing

/// Issue 9, point 4: ports after an A-record fallback. The Access Edge takes clients on 443 ("Ports and protocols for
/// internal servers", Lync Server 2013; clients.md §7 #5); Lync Phone Edition tries each fallback host on 5061, then
/// 443 (http://unifiedpeople.ru/ocs2007r2.en/html/a22cf815-8c30-4abc-aa53-1c8006c740e8.htm; clients.md §1.1); the
/// port a desktop client uses after an A-record lookup is not documented (clients.md §1.2, §7 #5), so both readings
/// run and the explanation says when the outcome depends on it.
@Suite struct FallbackPortTests {
    /// Outside, only `sip.contoso.com` resolves: every SRV and Autodiscover lookup comes up empty.
    static let outside = ["sip 3600 IN A 203.0.113.10"]

    static func edge(_ ports: String? = nil) -> String {
        "pools:\n  sip.contoso.com: { role: edge\(ports.map { ", ports: \($0)" } ?? "") }"
    }

    /// A declared Edge listens on 443 unless it lists its ports: a desktop client that falls back to sip.<domain>
    /// reaches it only if it uses 443, which no source says. The outcome must not say it signs in.
    @Test func desktopFallbackToAnEdgeOn443DependsOnTheUndocumentedPort() throws {
        let (_, outside, diagnostics) = try simulate(
            client: "lync-2013", inside: [], outside: Self.outside, extra: Self.edge())
        #expect(outside.outcome.status != .connected)
        let readings = outside.outcome.portReadings
        #expect(readings.map(\.port) == [5061, 443])
        #expect(readings.map(\.status) == [.failed, .connected])
        #expect(outside.outcome.portNote?.contains("not documented") == true)
        #expect(
            outside.outcome.portNote?.contains(
                "with 5061 it ends as above; with 443 it connects to sip.contoso.com:443 over TLS via sip.contoso.com")
                == true)
        let paragraph = ExplanationContext.paragraph(outside)
        #expect(!paragraph.contains("(signs in)"))
        #expect(paragraph.contains("not documented"))
        #expect(diagnostics.contains { $0.id == "discovery-fails" })
    }

    /// The refusal names the Edge's ports and where they are declared.
    @Test func theRefusedReadingSaysWhereTheEdgeListens() throws {
        let (_, outside, _) = try simulate(
            client: "lync-2013", inside: [], outside: Self.outside, extra: Self.edge())
        let step = try #require(outside.steps.first { $0.lookup == "sip.contoso.com:5061" })
        #expect(step.result == .unreachable)
        #expect(step.detail.contains("listens on 443"))
    }

    /// An Edge that lists both ports is reached on either reading: the outcome does not depend on it, and a note
    /// says the fallback reaches the Edge.
    @Test func anEdgeListeningOnBothPortsIsReachedOnEitherReading() throws {
        let (_, outside, _) = try simulate(
            client: "lync-2013", inside: [], outside: Self.outside, extra: Self.edge("[443, 5061]"))
        #expect(outside.outcome.status == .connected)
        #expect(outside.outcome.portReadings.isEmpty)
        #expect(outside.notes.contains { $0.contains("reaches Access Edge sip.contoso.com on either reading") })
    }

    /// An Edge on a port neither reading uses: the fallback does not reach it at all.
    @Test func anEdgeOnAnotherPortIsNotReached() throws {
        let (_, outside, _) = try simulate(
            client: "lync-2013", inside: [], outside: Self.outside, extra: Self.edge("[5062]"))
        #expect(outside.outcome.status == .failed)
        #expect(outside.outcome.portReadings.isEmpty)
        #expect(outside.outcome.reason.contains("listens on 5062"))
    }

    /// Without a declared server that lists its ports nothing tells the readings apart; the note says the port is
    /// undocumented instead of presenting an assumption as fact.
    @Test func withoutADeclaredEdgeTheNoteSaysThePortIsUndocumented() throws {
        let (_, outside, _) = try simulate(client: "lync-2013", inside: [], outside: Self.outside)
        #expect(outside.outcome.status == .connected)
        #expect(outside.outcome.portReadings.isEmpty)
        #expect(
            outside.notes.contains {
                $0.contains(
                    "sip.contoso.com: the port Lync 2013 / Skype for Business 2015 uses after an A-record lookup is not documented"
                )
            })
        #expect(!outside.notes.contains { $0.contains("port assumed") })
        #expect(outside.outcome.portUnverified)
        #expect(
            ExplanationContext.paragraph(outside).hasPrefix(
                "Outside the firewall (signs in, if the server listens on the port the client uses after the A-record lookup, which is not documented)"
            ))
    }

    /// Lync Phone Edition documents its ports: 5061, then 443 on the same host. Against an Edge on 443 the first
    /// fails and the second connects; the name is looked up once.
    @Test func phoneEditionTries5061Then443OnTheSameHost() throws {
        let (_, outside, _) = try simulate(
            client: "lync-phone-edition", inside: [], outside: Self.outside, extra: Self.edge())
        #expect(outside.outcome.status == .connected)
        #expect(outside.outcome.port == 443)
        #expect(outside.outcome.portReadings.isEmpty)
        let connections = outside.steps.filter { $0.lookup.hasPrefix("sip.contoso.com:") }.map(\.lookup)
        #expect(connections == ["sip.contoso.com:5061", "sip.contoso.com:443"])
        #expect(outside.steps.filter { $0.lookup == "sip.contoso.com" }.count == 1)
    }

    /// An SRV record names its port: it is checked against a declared Edge's ports like any other connection.
    @Test func anSRVRecordToTheWrongEdgePortIsRefused() throws {
        let records = ["_sip._tls 3600 IN SRV 0 0 5061 sip", "sip 3600 IN A 203.0.113.10"]
        let (_, outside, _) = try simulate(
            client: "communicator-2007-r2", inside: [], outside: records, extra: Self.edge())
        #expect(outside.outcome.status == .failed)
        #expect(outside.outcome.reason.contains("listens on 443"))
    }

    @Test func portsAreCheckedWhenLoaded() throws {
        let result = Compiler.compile(
            file: "site.yaml",
            text: """
                version: 1
                site: Contoso
                forests: { contoso.com: { role: single } }
                sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
                pools:
                  sip.contoso.com: { role: edge, ports: [443, 70000] }
                  edge2.contoso.com: { role: edge, ports: [] }
                populations:
                  - { name: Staff, ou: "OU=Staff,DC=contoso,DC=com", client: lync-2013 }
                """, sources: InMemorySources([:]), clients: clients, catalog: catalog)
        let errors = result.diagnostics.errors
        #expect(errors.contains { $0.message.contains("70000") && $0.span?.start.line == 6 })
        #expect(errors.contains { $0.message.contains("'ports' is empty") && $0.span?.start.line == 7 })
    }

    /// Every host lookup of every profile says which ports it uses and where that comes from.
    @Test func everyHostLookupStatesItsPortsWithASource() {
        for id in clients.ids {
            let profile = clients[id]!
            for (name, variant) in profile.variants {
                for lookup in variant.lookups where lookup.kind == .host {
                    let ports = lookup.ports
                    #expect(ports != nil, "\(id) \(name.rawValue) \(lookup.name)")
                    #expect(ports?.source.isEmpty == false, "\(id) \(name.rawValue) \(lookup.name)")
                    #expect(ports?.values.isEmpty == false)
                    if profile.id == "lync-phone-edition" {
                        #expect(ports?.documented == true && ports?.values == [5061, 443])
                    } else {
                        #expect(ports?.documented == false && Set(ports?.values ?? []) == [5061, 443])
                    }
                }
            }
        }
    }
}
