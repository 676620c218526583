import Compiler
import Discovery
import Resilience
import SipgpoTestSupport
import SiteModel
import Testing

func analyse(_ path: String, text: String? = nil) throws -> (ResilienceReport, Site) {
    let compilation = Compiler.compile(
        file: path, text: try text ?? RootedSources().read(path), sources: RootedSources(), clients: bundledClients,
        catalog: bundledCatalog)
    let site = try #require(compilation.site)
    return (Resilience.analyse(site, runs: compilation.runs, clients: bundledClients), site)
}

extension RunResilience {
    var lostServers: [DNSName] {
        points.compactMap {
            if case .server(let name, _) = $0.loss { return name }
            return nil
        }
    }

    var lostRecords: [ResourceRecord] {
        points.compactMap {
            if case .record(let record) = $0.loss { return record }
            return nil
        }
    }
}

@Suite struct ResilienceTests {
    static let multiRegion = "policies/multi-region.yaml"

    /// The seed reader's design: one Access Edge, in Atlanta, for every user outside.
    @Test func theAtlantaEdgeFailsEveryExternalUser() throws {
        let (report, _) = try analyse(Self.multiRegion)
        let outside = report.runs.filter { $0.run.network == .outside }
        #expect(outside.count == 4)
        let edge = try #require(DNSName("sip.contoso.com"))
        for result in outside {
            #expect(result.run.outcome.status == .connected)
            let point = try #require(
                result.points.first {
                    if case .server(let name, let pool) = $0.loss { return name == edge && pool?.role == .edge }
                    return false
                }, "\(result.run.population)")
            #expect(point.after.outcome.status == .failed)
            // Its address record and the name on its certificate are single points too.
            #expect(result.lostRecords.contains { $0.name == edge && $0.type == .a })
        }
        #expect(report.withoutSinglePoint.isEmpty)
    }

    /// The one `_sip._tls` record: Lync 2010 finds the Edge with it outside, and without it falls back to the A record
    /// sip.contoso.com on port 5061, where the Edge does not listen: a single point of failure for every user of the
    /// site who uses it. Skype for Business 2016 asks Autodiscover first and is sent to the Edge from there.
    @Test func theSingleSipTlsRecordFailsEveryUserOfIt() throws {
        let (report, site) = try analyse(Self.multiRegion)
        let name = try #require(DNSName("_sip._tls.contoso.com"))
        let srv = try #require(site.dns(.outside).records(named: name, type: .srv).first)
        for result in report.runs where result.run.network == .outside {
            let uses = result.run.outcome.candidate?.via == .lookup(name, .srv)
            #expect(uses == (result.run.client == "lync-2010"), "\(result.run.population)")
            #expect(result.lostRecords.contains(srv) == uses, "\(result.run.population)")
        }
        let lync2010 = try #require(report.runs.first { $0.run.client == "lync-2010" && $0.run.network == .outside })
        let point = try #require(lync2010.points.first { $0.loss == .record(srv) })
        #expect(point.after.outcome.status == .failed)
    }

    @Test func aPopulationWithTwoPathsHasNoSinglePointOfFailure() throws {
        let (report, _) = try analyse("policies/single-forest.yaml")
        #expect(report.withoutSinglePoint == ["Head office", "Meeting-room PCs"])
        for result in report.runs where report.withoutSinglePoint.contains(result.run.population) {
            #expect(result.points.isEmpty)
            #expect(result.run.outcome.status == .connected)
        }
    }

    /// Only what a run used is tried: a record no run looked up is never a candidate.
    @Test func candidatesComeFromTheRun() throws {
        let (report, _) = try analyse(Self.multiRegion)
        for result in report.runs {
            let asked = Set(result.run.events.compactMap { $0.lookup?.name })
            for record in result.lostRecords { #expect(asked.contains(record.name)) }
        }
    }

    @Test func aLossMakesARunWorseNeverBetter() throws {
        for site in try files(in: "policies", withExtension: "yaml") {
            let (report, _) = try analyse(site)
            for result in report.runs {
                #expect(result.run.outcome.status != .failed || result.points.isEmpty, "\(site)")
                for point in result.points {
                    #expect(point.after.outcome.status != result.run.outcome.status, "\(site)")
                    #expect(point.after.outcome.status != .connected, "\(site)")
                }
            }
        }
    }
}
