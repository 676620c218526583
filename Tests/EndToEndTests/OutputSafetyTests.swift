import Foundation
import SipgpoTestSupport
import Testing

/// `sipgpo build --output` never replaces a folder whose loss destroys something else: the current folder, the home
/// folder, `/`, or a folder holding the build's own inputs. Each refusal holds with `--force` and sipgpo's marker.
@Suite struct OutputSafetyTests {
    /// A copy of an example site with its zone files, and a folder that looks like an earlier sipgpo output.
    func siteWithZones(in root: URL) throws -> URL {
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("zones"), withIntermediateDirectories: true)
        for file in [
            "branch-overrides.yaml", "zones/woodgrovebank-internal.zone", "zones/woodgrovebank-external.zone",
        ] {
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent("policies/\(file)"), to: site.appendingPathComponent(file))
        }
        return site
    }

    /// Puts sipgpo's marker into a folder, as if an earlier build had written it.
    func mark(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("sipgpo output\n".utf8).write(to: folder.appendingPathComponent(".sipgpo-output"))
    }

    @Test func anEmptyOutputIsRefusedAndTheCurrentFolderKept() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("work")
        try mark(work)
        try Data("keep me".utf8).write(to: work.appendingPathComponent("notes.txt"))
        let before = try snapshot(root)
        let run = try Sipgpo.run(
            ["build", Sipgpo.site("single-forest"), "--output", "", "--force"], in: work)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("--output is empty"), "\(run.stderr)")
        #expect(try snapshot(root) == before)
    }

    @Test func anOutputHoldingTheSiteOrItsZoneFilesIsRefused() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = try siteWithZones(in: root)
        try mark(site)
        try mark(site.appendingPathComponent("zones"))
        let before = try snapshot(root)
        let yaml = site.appendingPathComponent("branch-overrides.yaml").path

        let whole = try Sipgpo.run(["build", yaml, "--output", site.path, "--force"])
        #expect(whole.status == 1)
        #expect(whole.stderr.contains("refusing to replace '\(site.path)': it contains the site description"))
        #expect(whole.stderr.contains("choose an output folder"), "\(whole.stderr)")

        let zones = try Sipgpo.run(["build", yaml, "--output", site.appendingPathComponent("zones").path, "--force"])
        #expect(zones.status == 1)
        #expect(zones.stderr.contains("it contains the zone file '"), "\(zones.stderr)")
        #expect(zones.stderr.contains("woodgrovebank-"), "\(zones.stderr)")

        let itself = try Sipgpo.run(["build", yaml, "--output", yaml, "--force"])
        #expect(itself.status == 1)
        #expect(itself.stderr.contains("it is the site description"), "\(itself.stderr)")

        // The same folder named through the current folder and `..` is still the site's folder.
        let relative = try Sipgpo.run(
            ["build", "branch-overrides.yaml", "--output", "zones/..", "--force"], in: site)
        #expect(relative.status == 1)
        #expect(relative.stderr.contains("is the current folder") || relative.stderr.contains("site description"))
        #expect(try snapshot(root) == before)
    }

    @Test func anOutputInsideOrAroundTheCentralStoreIsRefused() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("store")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("Tests/EndToEndTests/Cases/central-store/good"), to: store)
        let before = try snapshot(store)
        let inside = try Sipgpo.run(
            [
                "build", Sipgpo.site("branch-overrides"), "--admx-dir", store.path, "--output",
                store.appendingPathComponent("out").path,
            ])
        #expect(inside.status == 1)
        #expect(inside.stderr.contains("is inside the Central Store folder"), "\(inside.stderr)")
        #expect(try snapshot(store) == before)
    }

    @Test func theCurrentFolderItsParentsAndTheHomeFolderAreRefused() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("work")
        let inner = work.appendingPathComponent("inner")
        try mark(work)
        try mark(inner)
        let home = root.appendingPathComponent("home")
        try mark(home)
        let before = try snapshot(root)
        let site = Sipgpo.site("single-forest")

        let dot = try Sipgpo.run(["build", site, "--output", ".", "--force"], in: work)
        #expect(dot.status == 1)
        #expect(
            dot.stderr.contains("refusing to replace '.' (\(work.path)): it is the current folder"), "\(dot.stderr)")

        let parent = try Sipgpo.run(["build", site, "--output", "..", "--force"], in: inner)
        #expect(parent.status == 1)
        #expect(parent.stderr.contains("it contains the current folder"), "\(parent.stderr)")

        let homeRun = try Sipgpo.run(
            ["build", site, "--output", home.path, "--force"], environment: ["HOME": home.path])
        #expect(homeRun.status == 1)
        #expect(homeRun.stderr.contains("it is your home folder"), "\(homeRun.stderr)")

        let slash = try Sipgpo.run(["build", site, "--output", "/"])
        #expect(slash.status == 1)
        #expect(slash.stderr.contains("refusing to replace '/': it is the root folder"), "\(slash.stderr)")
        #expect(try snapshot(root) == before)
    }

    @Test func aSymbolicLinkAsOutputIsRefused() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real")
        try mark(real)
        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let run = try Sipgpo.run(["build", Sipgpo.site("single-forest"), "--output", link.path, "--force"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("'\(link.path)' is a symbolic link"), "\(run.stderr)")
        #expect(try names(in: root) == ["link", "real"])
        #expect(try names(in: real) == [".sipgpo-output"])
    }

    /// The writer puts bytes where it is told and nothing about where: two output folders at different depths get
    /// the same bytes, and no file names the folder it was written to.
    @Test func generatedFilesDoNotNameTheOutputFolder() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a")
        let b = root.appendingPathComponent("b/deeper/elsewhere")
        #expect(try Sipgpo.run(["build", "policies/branch-overrides.yaml", "--output", a.path]).status == 0)
        #expect(try Sipgpo.run(["build", "policies/branch-overrides.yaml", "--output", b.path]).status == 0)
        let first = try snapshot(a)
        #expect(!first.isEmpty)
        #expect(first == (try snapshot(b)))
        for (path, bytes) in first {
            #expect(bytes.range(of: Data(root.path.utf8)) == nil, "\(path) names the output folder")
        }
    }
}

/// Two SIP domains that differ only by case used to write one `dns/` file, the second silently replacing the first.
@Suite struct OutputClashTests {
    @Test func filesThatWouldOverwriteEachOtherStopTheBuild() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site.yaml")
        try """
        version: 1
        site: Clash
        forests: { contoso.com: { role: single } }
        sipDomains:
          contoso.com: { dns: { inside: ["pool01 IN A 10.0.0.1"], outside: [] } }
          Contoso.com: { dns: { inside: ["pool02 IN A 10.0.0.2"], outside: [] } }
        defaults: { client: lync-2013, sipDomain: contoso.com }
        populations:
          - name: A
            ou: OU=A,DC=contoso,DC=com
            signIn: { mode: manual, internalServer: pool01.contoso.com }
        """.write(to: site, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let run = try Sipgpo.run(["build", site.path, "--output", out.path])
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Refused either by the site checks or, as a last line of defence, by the writer.
        #expect(run.stderr.contains("error"), "\(run.stderr)")
    }
}

/// What the writer puts on disk is exactly the folder built in memory: every file, its bytes, nothing else, and
/// only shell scripts executable.
@Suite struct OutputBytesTests {
    @Test func theWrittenTreeIsTheBuiltFolder() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let run = try Sipgpo.run(["build", "policies/branch-overrides.yaml", "--output", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let folder = try GoldenBuildTests.build("policies/branch-overrides.yaml")
        let written = try snapshot(out)
        #expect(Set(written.keys) == Set(folder.paths.map { "/\($0)" }))
        for path in folder.paths {
            #expect(written["/\(path)"] == Data(folder.files[path]!), "\(path) differs")
            let mode = try #require(
                try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[
                    .posixPermissions] as? Int)
            #expect((mode & 0o111 != 0) == path.hasSuffix(".sh"), "\(path) has mode \(String(mode, radix: 8))")
        }
    }
}
