import Foundation
import SipgpoTestSupport
import Testing

/// `sipgpo build` as an administrator runs it: output folder safety, determinism, and the Central Store check.
@Suite struct BuildCommandTests {
    let tests = BinaryTests()

    /// A fresh folder for one test; removed again by `cleanUp`.
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func cleanUp(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Every file under `folder` with its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test func secondBuildIsByteIdenticalAndLeavesNoStagingBehind() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("out")
        let first = try tests.sipgpo("build", "policies/branch-overrides.yaml", "--output", out.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("start with"))
        let before = try snapshot(out)
        #expect(before.keys.contains("/README.txt"))
        #expect(before.keys.contains("/deploy.ps1"))
        let second = try tests.sipgpo("build", "policies/branch-overrides.yaml", "--output", out.path)
        #expect(second.status == 0)
        #expect(try snapshot(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
    }

    @Test func aBuildWithErrorsLeavesTheOutputUntouched() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("out")
        #expect(try tests.sipgpo("build", "policies/migration.yaml", "--output", out.path).status == 0)
        let before = try snapshot(out)
        let failed = try tests.sipgpo(
            "build", "Tests/EndToEndTests/Cases/bad/unknown-client.yaml", "--output", out.path)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("[unknown-client]"))
        #expect(try snapshot(out) == before)
    }

    @Test func refusesToReplaceAFolderSipgpoDidNotCreate() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let refused = try tests.sipgpo("build", "policies/single-forest.yaml", "--output", out.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sipgpo did not create it"))
        #expect(try snapshot(out) == ["/notes.txt": Data("keep me".utf8)])
        let forced = try tests.sipgpo("build", "policies/single-forest.yaml", "--output", out.path, "--force")
        #expect(forced.status == 0)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
    }

    @Test func populationNamesCannotLeaveTheOutputFolder() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let site = root.appendingPathComponent("site.yaml")
        try """
        version: 1
        site: "../../Escape"
        forests: { contoso.com: { role: single } }
        sipDomains: { contoso.com: { dns: { inside: ["pool01 IN A 10.0.0.1"], outside: [] } } }
        defaults: { client: lync-2013 }
        populations:
          - name: "../../../etc/passwd"
            ou: OU=A,DC=contoso,DC=com
            signIn: { mode: manual, internalServer: pool01.contoso.com }
          - name: "/absolute"
            ou: OU=B,DC=contoso,DC=com
            signIn: { mode: manual, internalServer: pool01.contoso.com }
        """.write(to: site, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let run = try tests.sipgpo("build", site.path, "--output", out.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["out", "site.yaml"])
        let registry = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("registry").path)
            .sorted()
        #expect(registry == ["absolute.reg", "etc-passwd.reg"])
    }

    @Test func centralStoreCheckFindsMissingAndChangedPolicies() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let good = try tests.sipgpo(
            "build", "policies/branch-overrides.yaml", "--output", root.appendingPathComponent("a").path, "--admx-dir",
            "Tests/EndToEndTests/Cases/central-store/good")
        #expect(good.status == 0, "\(good.stderr)")
        let changed = try tests.sipgpo(
            "build", "policies/branch-overrides.yaml", "--output", root.appendingPathComponent("b").path, "--admx-dir",
            "Tests/EndToEndTests/Cases/central-store/changed")
        #expect(changed.status == 1)
        #expect(
            changed.stderr.contains(
                "Tests/EndToEndTests/Cases/central-store/changed/lync16.admx:11:1: error: policy 'L_PolicyConfigurationMode'"
            ))
        #expect(changed.stderr.contains("[admx-binding-mismatch]"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("b").path))
        let empty = try tests.sipgpo(
            "build", "policies/single-forest.yaml", "--output", root.appendingPathComponent("c").path, "--admx-dir",
            root.path)
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("[admx-dir-empty]"))
    }

    /// Issue 10: GPO comments and scripts named the site description by the path given on the command line, which
    /// carried the builder's folders into the domain. What is deployed (GPOs, scripts, .reg, DNS fragments, the
    /// README) names it by file name; the local explanations and LGPO text keep their source locations.
    @Test func whatIsDeployedNamesNoFolderOfTheBuilder() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        var deployed: [[String: Data]] = []
        for name in ["alice-checkout", "bob-checkout"] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let site = folder.appendingPathComponent("single-forest.yaml")
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent("policies/single-forest.yaml"), to: site)
            let out = root.appendingPathComponent("out-\(name)")
            let run = try tests.sipgpo("build", site.path, "--output", out.path)
            #expect(run.status == 0, "\(run.stderr)")
            let files = try snapshot(out).filter { path, _ in
                !path.hasPrefix("/explain.") && !path.hasPrefix("/lgpo/")
            }
            #expect(files.keys.contains { $0.hasPrefix("/GPOs/") })
            for (path, bytes) in files {
                #expect(!String(decoding: bytes, as: UTF8.self).contains(name), "\(path) names the folder \(name)")
            }
            deployed.append(files)
        }
        #expect(deployed[0] == deployed[1])
    }

    /// Issue 10: the explanations (`explain.*`, and `sipgpo explain` itself) and LGPO text named the site
    /// description and its zone files by the paths given on the command line. They name them as the site does: the
    /// site by file name, a zone file by its path relative to the site description. Diagnostics on the terminal keep
    /// the real paths, so an administrator can open the file.
    @Test func explanationsAndLGPOTextNameNoFolderOfTheBuilder() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        var outputs: [[String: Data]] = []
        for name in ["alice-checkout", "bob-checkout"] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent("policies/zones"), to: folder.appendingPathComponent("zones"))
            let site = folder.appendingPathComponent("branch-overrides.yaml")
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent("policies/branch-overrides.yaml"), to: site)
            let out = root.appendingPathComponent("out-\(name)")
            let run = try tests.sipgpo("build", site.path, "--output", out.path)
            #expect(run.status == 0, "\(run.stderr)")
            let files = try snapshot(out)
            #expect(files.keys.contains("/explain.md") && files.keys.contains { $0.hasPrefix("/lgpo/") })
            for (path, bytes) in files {
                #expect(!String(decoding: bytes, as: UTF8.self).contains(name), "\(path) names the folder \(name)")
            }
            let explain = String(decoding: files["/explain.txt"] ?? Data(), as: UTF8.self)
            #expect(explain.contains("[zones/woodgrovebank-internal.zone:"))
            outputs.append(files)
            for format in ["text", "markdown", "json"] {
                let printed = try tests.sipgpo("explain", site.path, "--format", format)
                #expect(printed.status == 0)
                #expect(!printed.stdout.contains(name), "explain --format \(format) names the folder \(name)")
            }
            // A broken copy: the terminal still names the real file.
            try (String(contentsOf: site, encoding: .utf8) + "unknownKey: 1\n").write(
                to: site, atomically: true, encoding: .utf8)
            let check = try tests.sipgpo("check", site.path)
            #expect(check.status == 1)
            #expect(check.stderr.contains("\(site.path):"), "\(check.stderr)")
        }
        #expect(outputs[0] == outputs[1])
    }
}
