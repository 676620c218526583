import Compiler
import LiveDNS
import Probe
import SipgpoTestSupport
import SiteModel
import Testing

/// Drift and the probe's plan, on answers made in the test: no server involved.
@Suite struct DriftTests {
    let span = SourceSpan(file: "site.yaml", line: 3, column: 5)

    func srv(_ name: String, _ priority: Int, _ weight: Int, _ port: Int, _ target: String) -> ResourceRecord {
        ResourceRecord(
            name: DNSName(name)!, ttl: 3600,
            data: .srv(priority: priority, weight: weight, port: port, target: DNSName(target)!), span: span)
    }

    func a(_ name: String, _ address: String) -> ResourceRecord {
        ResourceRecord(name: DNSName(name)!, ttl: 3600, data: .a(IPv4Address(address)!), span: span)
    }

    func found(_ record: ResourceRecord) -> DNSResponse {
        DNSResponse(
            question: DNSQuestion(record.name, record.type), status: .found,
            records: [LiveRecord(name: record.name, ttl: 60, data: record.data)])
    }

    @Test func sameRecordsWithOtherTTLsAreNoDrift() {
        let declared = [
            srv("_sip._tls.contoso.com", 0, 0, 443, "sip.contoso.com"), a("sip.contoso.com", "198.51.100.10"),
        ]
        let live = LiveAnswers(responses: declared.map(found))
        #expect(Drift.records(declared: declared, live: live).isEmpty)
    }

    @Test func aChangedPortAndWeightIsOneDifferenceNamingTheFields() throws {
        let declared = [srv("_sip._tls.contoso.com", 0, 0, 443, "sip.contoso.com")]
        let live = LiveAnswers(responses: [found(srv("_sip._tls.contoso.com", 0, 10, 5061, "sip.contoso.com"))])
        let drift = Drift.records(declared: declared, live: live)
        #expect(drift.count == 1)
        let item = try #require(drift.first)
        #expect(item.kind == .different)
        #expect(item.fields == ["port", "weight"])
    }

    @Test func absentIsMissingAndAFailedLookupIsUnanswered() {
        let declared = [a("sip.contoso.com", "198.51.100.10"), a("pool01.contoso.com", "10.0.0.10")]
        let live = LiveAnswers(responses: [
            DNSResponse(question: DNSQuestion(DNSName("sip.contoso.com")!, .a), status: .nxdomain),
            DNSResponse(question: DNSQuestion(DNSName("pool01.contoso.com")!, .a), status: .servfail),
        ])
        let drift = Drift.records(declared: declared, live: live)
        #expect(drift.map(\.kind) == [.unanswered, .missing])
        #expect(drift.first?.failure == "SERVFAIL")
    }

    @Test func anUndeclaredRecordIsExtraAndAnUnaskedDeclaredOneIsNotMissing() {
        let declared = [a("dc01.contoso.com", "10.0.0.1")]
        let live = LiveAnswers(responses: [found(a("sip.contoso.com", "198.51.100.10"))])
        let drift = Drift.records(declared: declared, live: live)
        #expect(drift.map(\.kind) == [.extra])
    }

    @Test func planAsksEveryNameOfEveryVariantOnce() throws {
        let profile = try #require(bundledClients["lync-2013"])
        let questions = ProbePlan.questions(domains: [DNSName("contoso.com")!], profiles: [profile, profile])
        #expect(Set(questions).count == questions.count)
        let names = questions.map(\.description)
        #expect(names.first == "lyncdiscoverinternal.contoso.com A")
        // _sipinternal._tcp is only in the documented variant.
        #expect(names.contains("_sipinternal._tcp.contoso.com SRV"))
        #expect(names.contains("sipexternal.contoso.com AAAA"))
    }

    @Test func followUpsAskTheTargetsOnce() {
        let answers = [
            found(srv("_sip._tls.contoso.com", 0, 0, 443, "sip.contoso.com")),
            DNSResponse(
                question: DNSQuestion(DNSName("lyncdiscover.contoso.com")!, .a), status: .found,
                records: [
                    LiveRecord(
                        name: DNSName("lyncdiscover.contoso.com")!, ttl: 1, data: .cname(DNSName("sip.contoso.com")!))
                ]),
        ]
        let next = ProbePlan.followUps(answers, asked: [])
        #expect(next.map(\.description) == ["sip.contoso.com A", "sip.contoso.com AAAA"])
    }
    @Test func aWeightChangeThatMovesTheSplitBetweenRecordsChangesTheOutcome() throws {
        // 90% of attempts sign in on pool01 and 10% fail on pool-dead; live, the weights are 50 and 50.
        let path = "Tests/EndToEndTests/Cases/warn/srv-weighted-failure.yaml"
        let compiled = Compiler.compile(
            file: path, text: try RootedSources().read(path), sources: RootedSources(), clients: bundledClients,
            catalog: bundledCatalog)
        let site = try #require(compiled.site)
        let service = DNSName("_sipinternaltls._tcp.contoso.com")!
        let live = LiveAnswers(responses: [
            DNSResponse(
                question: DNSQuestion(service, .srv), status: .found,
                records: [
                    LiveRecord(
                        name: service, ttl: 60,
                        data: .srv(priority: 0, weight: 50, port: 5061, target: DNSName("pool01.contoso.com")!)),
                    LiveRecord(
                        name: service, ttl: 60,
                        data: .srv(priority: 0, weight: 50, port: 5061, target: DNSName("pool-dead.contoso.com")!)),
                ]),
            found(a("pool01.contoso.com", "10.1.0.10")),
            DNSResponse(question: DNSQuestion(DNSName("pool-dead.contoso.com")!, .a), status: .nxdomain),
        ])
        let report = ProbeRun.analyze(
            live, domains: [DNSName("contoso.com")!], profiles: [try #require(bundledClients["communicator-2007-r2"])],
            network: .inside, clients: bundledClients, variant: nil,
            site: DeclaredSite(site: site, runs: compiled.runs))
        let drift = try #require(report.site?.drift)
        #expect(drift.map(\.kind) == [.different, .different])
        #expect(drift.map(\.fields) == [["weight"], ["weight"]])
        #expect(drift.allSatisfy { $0.changes.map(\.population) == ["Staff"] })
        #expect(report.hasOutcomeDrift)
    }
}
