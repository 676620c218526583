import Foundation
import SipgpoTestSupport
import Testing

/// `sipgpo diff` and `sipgpo resilience` run as an administrator runs them: output in each format against golden
/// files, and the exit status `--exit-code` promises.
@Suite struct DiffCommandTests {
    static let old = "policies/branch-overrides.yaml"
    /// The Branches OU's manual external server moves to a name with no record outside; York moves to Lync 2013.
    static let proposed = "Tests/EndToEndTests/Cases/diff/branch-overrides-proposed.yaml"

    @Test(arguments: ["text", "json", "markdown"])
    func aProposedChangeInEachFormat(format: String) throws {
        let run = try BinaryTests().sipgpo("diff", Self.old, Self.proposed, "--format", format)
        #expect(run.status == 0, "\(run.stderr)")
        let ext = ["text": "txt", "json": "json", "markdown": "md"][format]!
        try assertGolden(run.stdout, "Tests/EndToEndTests/Golden/diff/branch-overrides.\(ext)")
    }

    @Test func aManualServerChangeExitsOneWithExitCode() throws {
        let run = try BinaryTests().sipgpo("diff", Self.old, Self.proposed, "--exit-code")
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "Branches, outside: connects to sip.woodgrovebank.com:443 over TLS as configured → fails: "))
        #expect(run.stdout.contains("unable to resolve sip2.woodgrovebank.com"))
    }

    @Test func identicalSitesExitZeroAndSayNoChange() throws {
        for site in try files(in: "policies", withExtension: "yaml") {
            let run = try BinaryTests().sipgpo("diff", site, site, "--exit-code")
            #expect(run.status == 0, "\(site): \(run.stderr)")
            #expect(run.stdout.hasPrefix("no change"), "\(site)")
        }
    }

    /// Only outcomes decide `--exit-code`: a change of GPOs alone keeps exit 0.
    @Test func aGPOChangeAloneKeepsExitZero() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try RootedSources().read("policies/single-forest.yaml")
        let changed = text.replacingOccurrences(of: "scope: machine", with: "scope: user")
        #expect(changed != text)
        let file = folder.appendingPathComponent("single-forest.yaml")
        try changed.write(to: file, atomically: true, encoding: .utf8)
        let run = try BinaryTests().sipgpo("diff", "policies/single-forest.yaml", file.path, "--exit-code")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Outcomes: unchanged"))
        #expect(run.stdout.contains("GPOs: "))
        #expect(!run.stdout.contains("GPOs: unchanged"))
    }

    /// A deployment read back by `decompile --format yaml` replaces the site's populations; paired by OU, the
    /// build of a site has the site's outcomes.
    @Test func aDecompiledDeploymentIsComparedByOU() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let site = "policies/single-forest.yaml"
        #expect(try BinaryTests().sipgpo("build", site, "--output", out).status == 0)
        let decompiled = try BinaryTests().sipgpo("decompile", out + "/GPOs", "--site", site, "--format", "yaml")
        #expect(decompiled.status == 0, "\(decompiled.stderr)")
        let deployed = folder.appendingPathComponent("deployed.yaml")
        try decompiled.stdout.write(to: deployed, atomically: true, encoding: .utf8)
        let same = try BinaryTests().sipgpo("diff", site, deployed.path, "--exit-code")
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("Outcomes: unchanged"))
        // A deployment whose sign-in is manual to a server with no record fails where the site signs in.
        let broken = decompiled.stdout.replacingOccurrences(
            of: "signIn: automatic", with: "signIn: { mode: manual, internalServer: nowhere.contoso.com }")
        #expect(broken != decompiled.stdout)
        try broken.write(to: deployed, atomically: true, encoding: .utf8)
        let changed = try BinaryTests().sipgpo("diff", site, deployed.path, "--exit-code")
        #expect(changed.status == 1, "\(changed.stdout)\(changed.stderr)")
        #expect(changed.stdout.contains("fails: "))
    }

    @Test func helpShowsExamples() throws {
        for command in ["diff", "resilience"] {
            let run = try BinaryTests().sipgpo(command, "--help")
            #expect(run.status == 0)
            #expect(run.stdout.contains("Examples:"))
            #expect(run.stdout.contains("sipgpo \(command) "))
        }
    }

    @Test func anUnreadableSiteExitsOne() throws {
        let run = try BinaryTests().sipgpo("diff", Self.old, "Tests/EndToEndTests/Cases/no-such-site.yaml")
        #expect(run.status == 1)
        #expect(run.stderr.contains("[site-unreadable]"))
    }
}

@Suite struct ResilienceCommandTests {
    static let site = "policies/multi-region.yaml"

    @Test(arguments: ["text", "json"])
    func multiRegionInEachFormat(format: String) throws {
        let run = try BinaryTests().sipgpo("resilience", Self.site, "--format", format)
        #expect(run.status == 0, "\(run.stderr)")
        try assertGolden(
            run.stdout, "Tests/EndToEndTests/Golden/resilience/multi-region.\(format == "text" ? "txt" : "json")")
    }

    /// The seed reader's one-Edge design: the Atlanta Access Edge is a single point of failure for every user
    /// outside, and no population is without one.
    @Test func theAtlantaEdgeIsASinglePointOfFailureForEveryExternalUser() throws {
        let run = try BinaryTests().sipgpo("resilience", Self.site, "--format", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let outside = results.filter { $0["network"] as? String == "outside" }
        #expect(outside.count == 4)
        for result in outside {
            let points = try #require(result["singlePointsOfFailure"] as? [[String: Any]])
            #expect(
                points.contains {
                    $0["kind"] as? String == "server" && $0["name"] as? String == "sip.contoso.com"
                        && $0["role"] as? String == "edge"
                }, "\(result["population"] ?? "")")
        }
        #expect((json["withoutSinglePointOfFailure"] as? [String])?.isEmpty == true)
        let text = try BinaryTests().sipgpo("resilience", Self.site)
        #expect(text.stdout.contains("server Atlanta Access Edge sip.contoso.com (multi-region.yaml:28:3)"))
        #expect(text.stdout.hasSuffix("Populations with no single point of failure: none\n"))
    }

    @Test func aSiteWithErrorsExitsOne() throws {
        let run = try BinaryTests().sipgpo("resilience", "Tests/EndToEndTests/Cases/bad/unknown-key.yaml")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
    }
}
