import Foundation
import SipgpoTestSupport
import Testing

/// The servers `.ci/live-servers` starts, read from the environment it sets.
struct LiveServers {
    struct Zone {
        var site: String
        var network: String
        var port: Int
    }

    var zones: [Zone] = []
    var drop: (site: String, network: String, port: Int, name: String, type: String)?
    var servfail = 0
    var silent = 0
    var tlsDNS = 0
    var caFile = ""

    static let environment = ProcessInfo.processInfo.environment

    /// Under CI the servers are required: a test without them fails instead of being skipped.
    static let required = environment["CI"] != nil
    static let current: LiveServers? = {
        guard let manifest = environment["SIPGPO_LIVE_SITES"],
            let text = try? String(contentsOfFile: manifest, encoding: .utf8),
            let servfail = environment["SIPGPO_LIVE_SERVFAIL"].flatMap(Int.init),
            let silent = environment["SIPGPO_LIVE_SILENT"].flatMap(Int.init),
            let tlsDNS = environment["SIPGPO_LIVE_TLS_DNS"].flatMap(Int.init),
            let caFile = environment["SIPGPO_LIVE_CA"],
            let drop = environment["SIPGPO_LIVE_DROP"]?.split(separator: " ").map(String.init), drop.count == 5,
            let dropPort = Int(drop[2])
        else { return nil }
        var servers = LiveServers(servfail: servfail, silent: silent, tlsDNS: tlsDNS, caFile: caFile)
        servers.drop = (drop[0], drop[1], dropPort, drop[3], drop[4])
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.count == 3, let port = Int(fields[2]) {
                servers.zones.append(Zone(site: fields[0], network: fields[1], port: port))
            }
        }
        return servers
    }()

    static var enabled: Bool { current != nil || required }

    static func get() throws -> LiveServers {
        try #require(
            current,
            "the live servers are not running: run the tests with '.ci/live-servers swift test' (scripts/install-deps installs dnsmasq)"
        )
    }
}

/// `sipgpo probe` run as an administrator would, against the loopback servers `.ci/live-servers` starts.
@Suite(.enabled(if: LiveServers.enabled, "needs the servers of .ci/live-servers (required under CI)"))
struct LiveProbeTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        var json: [String: Any] {
            get throws {
                try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
            }
        }
    }

    static let binary: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("sipgpo")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/sipgpo")
    }()

    func sipgpo(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// What decides where a population signs in, from a result object of `explain` or `probe` JSON.
    func outcome(_ result: [String: Any]) -> String {
        let outcome = result["outcome"] as? [String: Any] ?? [:]
        return ["status", "server", "port", "transport", "via", "registrar"].map { "\(outcome[$0] ?? "-")" }
            .joined(separator: " ")
    }

    func results(_ object: [String: Any]?) -> [[String: Any]] { object?["results"] as? [[String: Any]] ?? [] }

    @Test func everyExampleSiteMatchesItsOwnZonesWithoutDriftAndWithExplainsOutcomes() throws {
        let servers = try LiveServers.get()
        #expect(servers.zones.count == 14)
        for zone in servers.zones {
            let probe = try sipgpo([
                "probe", "--site", zone.site, "--network", zone.network, "--server", "127.0.0.1:\(zone.port)",
                "--format", "json", "--exit-code",
            ])
            #expect(probe.status == 0, "\(zone.site) \(zone.network): \(probe.stderr)")
            let site = try probe.json["site"] as? [String: Any]
            let drift = site?["drift"] as? [[String: Any]] ?? []
            #expect(drift.isEmpty, "\(zone.site) \(zone.network): \(drift)")

            let explain = try sipgpo(["explain", zone.site, "--network", zone.network, "--format", "json"])
            let expected = results(try explain.json).map { "\($0["population"] ?? "") \(outcome($0))" }
            let actual = results(site).map { "\($0["population"] ?? "") \(outcome($0))" }
            #expect(!expected.isEmpty)
            #expect(actual == expected, "\(zone.site) \(zone.network)")
        }
    }

    @Test func aRecordRemovedFromTheZoneIsExactlyTheDriftAndNamesTheOutcomeItChanges() throws {
        let drop = try #require(try LiveServers.get().drop)
        let arguments = [
            "probe", "--site", drop.site, "--network", drop.network, "--server", "127.0.0.1:\(drop.port)",
            "--exit-code",
        ]
        let probe = try sipgpo(arguments + ["--format", "json"])
        #expect(probe.status == 1)
        let drift = try #require((try probe.json["site"] as? [String: Any])?["drift"] as? [[String: Any]])
        #expect(drift.count == 1)
        #expect(drift.first?["kind"] as? String == "missing")
        #expect(drift.first?["name"] as? String == drop.name)
        #expect(drift.first?["type"] as? String == drop.type)
        #expect(drift.first?["changesOutcome"] as? Bool == true)
        let changed = (drift.first?["changes"] as? [[String: Any]] ?? []).compactMap { $0["population"] as? String }
        #expect(changed == ["Head office", "Meeting-room PCs"])

        let text = try sipgpo(arguments)
        #expect(text.status == 1)
        #expect(text.stdout.contains("Drift: 1 difference, 1 changing an outcome:"))
        #expect(text.stdout.contains("  missing: \(drop.name). 3600 IN \(drop.type) "))
        #expect(text.stdout.contains("    changes Head office (inside): connects to \(drop.name):443 over HTTPS"))
    }

    @Test func servfailAndASilentServerAreFailuresNotAbsence() throws {
        let servers = try LiveServers.get()
        let servfail = try sipgpo([
            "probe", "broken.test", "--client", "lync-2010", "--server", "127.0.0.1:\(servers.servfail)", "--format",
            "json",
        ])
        #expect(servfail.status == 0)
        let servfailResults = (try servfail.json["lookups"] as? [[String: Any]] ?? []).map { $0["result"] as? String }
        #expect(!servfailResults.isEmpty)
        #expect(servfailResults.allSatisfy { $0 == "servfail" })

        let silent = try sipgpo([
            "probe", "silent.test", "--client", "lync-2010", "--server", "127.0.0.1:\(servers.silent)", "--timeout",
            "1", "--attempts", "1",
        ])
        #expect(silent.status == 0)
        #expect(silent.stdout.contains("_sipinternaltls._tcp.silent.test  SRV   failed (timeout)"))
        #expect(!silent.stdout.contains("absent ("))
        #expect(silent.stdout.contains("lookups failed; the simulation reads a failed lookup as returning nothing"))
        #expect(silent.stdout.contains("(uncertain: _sipinternaltls._tcp.silent.test SRV timeout"))
    }

    @Test func aTruncatedAnswerIsAskedAgainOverTCP() throws {
        let servers = try LiveServers.get()
        let probe = try sipgpo([
            "probe", "good.test", "--client", "communicator-2007", "--server", "127.0.0.1:\(servers.tlsDNS)",
            "--format",
            "json",
        ])
        let lookups = try probe.json["lookups"] as? [[String: Any]] ?? []
        let sip = try #require(
            lookups.first { $0["name"] as? String == "sip.good.test" && $0["type"] as? String == "A" })
        #expect(sip["truncated"] as? Bool == true)
        #expect(sip["result"] as? String == "found")
        #expect((sip["records"] as? [Any])?.count == 40)
    }

    @Test func connectReadsTheRealCertificatesAndJudgesStrictNamingAndTrustOnThem() throws {
        let servers = try LiveServers.get()
        let probe = try sipgpo([
            "probe", "good.test", "nosip.test", "untrusted.test", "--client", "communicator-2007", "--server",
            "127.0.0.1:\(servers.tlsDNS)", "--connect", "--ca-file", servers.caFile, "--format", "json",
        ])
        #expect(probe.status == 0, "\(probe.stderr)")
        let object = try probe.json
        let certificates = object["certificates"] as? [[String: Any]] ?? []
        let byHost = Dictionary(
            certificates.map { ($0["host"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byHost["pool01.good.test"]?["dnsNames"] as? [String] == ["pool01.good.test", "sip.good.test"])
        #expect(byHost["pool01.good.test"]?["trustedIssuer"] as? Bool == true)
        #expect(byHost["pool01.nosip.test"]?["dnsNames"] as? [String] == ["pool01.nosip.test"])
        #expect(byHost["pool01.untrusted.test"]?["trustedIssuer"] as? Bool == false)
        #expect(byHost["pool01.untrusted.test"]?["issuer"] as? String == "CN=sipgpo rogue CA")
        #expect(
            byHost["pool01.untrusted.test"]?["dnsNames"] as? [String] == [
                "pool01.untrusted.test", "sip.untrusted.test",
            ])

        let outcomes = Dictionary(
            results(object).map { ($0["sipDomain"] as? String ?? "", $0["outcome"] as? [String: Any] ?? [:]) },
            uniquingKeysWith: { first, _ in first })
        #expect(outcomes["good.test"]?["status"] as? String == "connected")
        #expect(outcomes["nosip.test"]?["status"] as? String == "failed")
        #expect((outcomes["nosip.test"]?["reason"] as? String)?.contains("strict DNS naming") == true)
        #expect(outcomes["untrusted.test"]?["status"] as? String == "failed")
        #expect((outcomes["untrusted.test"]?["reason"] as? String)?.contains("a CA the client does not trust") == true)

        // The same in text: the names each server presents and the verdict for each domain.
        let text = try sipgpo([
            "probe", "good.test", "nosip.test", "untrusted.test", "--client", "communicator-2007", "--server",
            "127.0.0.1:\(servers.tlsDNS)", "--connect", "--ca-file", servers.caFile,
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("     names: pool01.good.test, sip.good.test\n"))
        #expect(text.stdout.contains("     names: pool01.nosip.test\n"))
        #expect(text.stdout.contains("     names: pool01.untrusted.test, sip.untrusted.test\n"))
        #expect(text.stdout.contains("     trusted issuer: no ("))
        #expect(text.stdout.contains("  good.test       communicator-2007  connects to pool01.good.test:"))
        #expect(
            text.stdout.contains(
                "  nosip.test      communicator-2007  fails: strict DNS naming: the certificate of Front End pool "
                    + "pool01.nosip.test carries neither sip.nosip.test nor nosip.test"))
        #expect(
            text.stdout.contains(
                "  untrusted.test  communicator-2007  fails: the certificate of Front End pool pool01.untrusted.test "
                    + "is issued by a CA the client does not trust"))
    }

    @Test func connectWithASiteReportsCertificateNamesMissingAndTheOutcomeItChanges() throws {
        let servers = try LiveServers.get()
        // The port of the TLS server comes from the served SRV record, so the site can declare it.
        let lookup = try sipgpo([
            "probe", "nosip.test", "--client", "communicator-2007", "--server", "127.0.0.1:\(servers.tlsDNS)",
            "--format", "json",
        ])
        let srv = try #require(
            (try lookup.json["lookups"] as? [[String: Any]] ?? []).first {
                $0["type"] as? String == "SRV" && $0["result"] as? String == "found"
            })
        let data = try #require((srv["records"] as? [[String: Any]])?.first?["data"] as? String)
        let port = try #require(data.split(separator: " ").dropFirst(2).first)
        let site = """
            version: 1
            site: TLS drift
            forests:
              nosip.test: { role: single }
            sipDomains:
              nosip.test:
                dns:
                  inside:
                    - _sipinternaltls._tcp 3600 IN SRV 0 0 \(port) pool01
                    - pool01 3600 IN A 127.0.0.1
                  outside: []
            pools:
              pool01.nosip.test: { role: frontEnd, certificate: { names: [pool01.nosip.test, sip.nosip.test] } }
            defaults:
              client: communicator-2007
              homePool: pool01.nosip.test
            populations:
              - name: Staff
                ou: OU=Staff,DC=nosip,DC=test

            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("site.yaml").path
        try site.write(toFile: path, atomically: true, encoding: .utf8)

        let probe = try sipgpo([
            "probe", "--site", path, "--client", "communicator-2007", "--server", "127.0.0.1:\(servers.tlsDNS)",
            "--connect", "--ca-file", servers.caFile, "--exit-code", "--format", "json",
        ])
        #expect(probe.status == 1, "\(probe.stderr)")
        let object = try probe.json["site"] as? [String: Any]
        let drift = object?["drift"] as? [[String: Any]] ?? []
        #expect(drift.count == 1, "\(drift)")
        #expect(drift.first?["kind"] as? String == "certificate-names-missing")
        #expect(drift.first?["fields"] as? [String] == ["sip.nosip.test"])
        let change = try #require((drift.first?["changes"] as? [[String: Any]])?.first)
        #expect(change["population"] as? String == "Staff")
        #expect(change["beforeStatus"] as? String == "connected")
        #expect(change["afterStatus"] as? String == "failed")
    }

    @Test func aNewUserGetsTheTableAndOneLinePerClientVersion() throws {
        let servers = try LiveServers.get()
        let zone = try #require(
            servers.zones.first { $0.site == "policies/single-forest.yaml" && $0.network == "inside" })
        let probe = try sipgpo(["probe", "contoso.com", "--server", "127.0.0.1:\(zone.port)"])
        #expect(probe.status == 0)
        #expect(probe.stderr.isEmpty, "no progress line when standard error is not a terminal")
        #expect(probe.stdout.contains("  #   NAME"))
        #expect(probe.stdout.contains("_sipinternaltls._tcp.contoso.com  SRV   found"))
        let clients = try files(in: "templates/clients", withExtension: "json").map {
            URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent
        }
        let lines = probe.stdout.split(separator: "\n").filter { $0.hasPrefix("  contoso.com  ") }
        #expect(lines.count == clients.count)
        for client in clients { #expect(lines.contains { $0.contains(" \(client) ") }) }
    }

    @Test func theNewUsersOwnCommandOnContosoTestPrintsTheTableAndOneLinePerClientVersion() throws {
        let servers = try LiveServers.get()
        let probe = try sipgpo(["probe", "contoso.test", "--server", "127.0.0.1:\(servers.tlsDNS)"])
        #expect(probe.status == 0, "\(probe.stderr)")
        #expect(probe.stderr.isEmpty)
        #expect(probe.stdout.contains("  #   NAME"))
        #expect(probe.stdout.contains("_sipinternaltls._tcp.contoso.test  SRV   found"))
        #expect(probe.stdout.contains("pool01.contoso.test"))
        #expect(!probe.stdout.contains("failed ("), "every lookup answered: found or absent")
        let clients = try files(in: "templates/clients", withExtension: "json").map {
            URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent
        }
        let lines = probe.stdout.split(separator: "\n").filter { $0.hasPrefix("  contoso.test  ") }
        #expect(lines.count == clients.count, "\(probe.stdout)")
        for client in clients {
            #expect(lines.contains { $0.contains(" \(client) ") && $0.contains(" connects to ") }, "\(client)")
        }
    }
}
