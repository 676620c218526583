import Foundation
import SipgpoTestSupport
import Testing

/// Runs the built `sipgpo` binary as an administrator would, and checks exit status and output.
@Suite struct BinaryTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary sits beside the test bundle in the build folder.
    static let binary: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("sipgpo")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/sipgpo")
    }()

    func sipgpo(_ arguments: String...) throws -> Run { try sipgpo(arguments: arguments) }

    /// `environment` is added to this process's own.
    func sipgpo(arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
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

    @Test func typoInAKeyGivesDidYouMeanWithTheLine() throws {
        let run = try sipgpo("check", "Tests/EndToEndTests/Cases/bad/unknown-key.yaml")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "Tests/EndToEndTests/Cases/bad/unknown-key.yaml:12:5: error: unknown key 'clinet' in population 1 [unknown-key]"
            ))
        #expect(run.stderr.contains(" 12 |     clinet: lync-2013\n    |     ^~~~~~"))
        #expect(run.stderr.contains("help: did you mean 'client'?"))
        #expect(run.stdout.isEmpty)
    }

    @Test func brokenZoneFileNamesItsOwnFileAndLine() throws {
        let run = try sipgpo("check", "Tests/EndToEndTests/Cases/bad/zone-file-broken.yaml")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "Tests/EndToEndTests/Cases/bad/zones/broken.zone:9:24: error: malformed SRV port 'port'"))
        #expect(run.stderr.contains(" 9 | _sip._tls   IN SRV 0 0 port sip.contoso.com."))
    }

    @Test func checkAsJSONListsDiagnostics() throws {
        let run = try sipgpo("check", "Tests/EndToEndTests/Cases/bad/unknown-client.yaml", "--format", "json")
        #expect(run.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [[String: Any]]]
        let first = try #require(object?["diagnostics"]?.first)
        #expect(first["id"] as? String == "unknown-client")
        #expect(first["line"] as? Int == 9)
        #expect(first["column"] as? Int == 21)
    }

    @Test func warningsAloneExitZeroUnlessUpgraded() throws {
        let path = "Tests/EndToEndTests/Cases/warn/tcp-only-outside.yaml"
        let run = try sipgpo("check", path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning:"))
        #expect(run.stdout.contains("1 population checked, no errors, 2 warnings"))
        #expect(try sipgpo("check", path, "--warnings-as-errors").status == 1)
    }

    @Test func explainFiltersByPopulationAndNetwork() throws {
        let run = try sipgpo(
            "explain", "Tests/EndToEndTests/Cases/warn/private-address-outside.yaml", "--network", "outside",
            "--format", "json")
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let results = try #require(object?["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results[0]["network"] as? String == "outside")
        #expect((results[0]["outcome"] as? [String: Any])?["status"] as? String == "failed")
    }

    @Test func wrongUsageExits64() throws {
        let unknownPopulation = try sipgpo(
            "explain", "Tests/EndToEndTests/Cases/warn/tcp-only-outside.yaml", "--population", "Head ofice")
        #expect(unknownPopulation.status == 64)
        #expect(unknownPopulation.stderr.contains("did you mean 'Head office'?"))
        #expect(try sipgpo("explain", "x.yaml", "--network", "everywhere").status == 64)
        #expect(try sipgpo("frobnicate").status == 64)
    }

    @Test func missingSiteFileExits1() throws {
        let run = try sipgpo("check", "no/such/site.yaml")
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot read site description 'no/such/site.yaml': no such file"))
    }

    @Test func clientsListsEveryProfileWithSources() throws {
        let run = try sipgpo("clients")
        #expect(run.status == 0)
        for id in ["communicator-2007", "communicator-2007-r2", "lync-2010", "lync-2013", "skype-for-business-2016"] {
            #expect(run.stdout.contains("\(id): "))
        }
        #expect(run.stdout.contains("source: "))
    }
}
