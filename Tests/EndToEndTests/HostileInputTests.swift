import Foundation
import SipgpoTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile and broken input given to the binary: it must stop quickly, with a located diagnostic, in bounded memory.
@Suite struct HostileInputTests {
    let binary = BinaryTests()

    /// Runs the binary with standard error to `stderrPath`, and returns its exit status, wall time and peak resident
    /// set (from `wait4`, so only this child counts).
    func measured(_ arguments: [String], stderrPath: String) throws -> (status: Int32, elapsed: Duration, maxRSS: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([BinaryTests.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let pairs: [String] = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + ["NO_COLOR=1"]
        let environment: [UnsafeMutablePointer<CChar>?] = pairs.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, BinaryTests.binary.path, &actions, nil, argv, environment)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let elapsed = ContinuousClock.now - started
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, elapsed, usage.ru_maxrss * 1024)
    }

    @Test func aYAMLAliasBombExitsOneQuicklyWithTheAliasLocated() throws {
        let path = packageRoot.appendingPathComponent("Tests/EndToEndTests/Cases/bad/yaml-alias-bomb.yaml").path
        let stderrPath = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stderrPath) }
        let run = try measured(["check", path], stderrPath: stderrPath)
        let stderr = try String(contentsOfFile: stderrPath, encoding: .utf8)
        #expect(run.status == 1)
        #expect(stderr.contains("\(path):11:10: error: expanding alias '*a4'"))
        #expect(stderr.contains("[yaml-alias-limit]"))
        // 0.1 s and 36 MB for the debug build here; before the fix seven levels took 27 s and 1.2 GB, and 26 crash.
        // The bounds leave room for a loaded machine. Under AddressSanitizer (CI's `--sanitize=address` run) the
        // shadow memory and the 256 MB quarantine of freed blocks alone took the same check to 730 MB, so the
        // memory bound there is 1 GB: still far below what 26 levels of expansion would need.
        #expect(run.elapsed < .seconds(5))
        #expect(run.maxRSS < (Self.underAddressSanitizer ? 1 << 30 : 300 << 20))
    }

    /// Whether this test process (and so the binary built with it) runs under AddressSanitizer: its runtime exports
    /// `__asan_init`.
    static let underAddressSanitizer: Bool = {
        guard let program = dlopen(nil, RTLD_NOW) else { return false }
        return dlsym(program, "__asan_init") != nil
    }()

    /// Runs the binary with output to files (so nothing blocks on a full pipe) and kills it after `limit`.
    func run(_ arguments: [String], in folder: URL, limit: Duration = .seconds(10)) throws -> (
        status: Int32?, stdout: String, stderr: String
    ) {
        let out = folder.appendingPathComponent("stdout.txt")
        let err = folder.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        var status: Int32?
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        } else {
            status = process.terminationStatus
        }
        return (status, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aFIFOGivenAsTheSiteIsRefusedWithoutBlocking() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("site.yaml").path, 0o600) == 0)
        let run = try run(["check", "site.yaml"], in: folder, limit: .seconds(5))
        #expect(run.status == 1, "a FIFO must not block the read")
        #expect(run.stderr.contains("cannot read site description 'site.yaml': it is a FIFO (named pipe), not a file"))
    }

    @Test func aDeviceGivenAsTheSiteIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try run(["check", "/dev/zero"], in: folder, limit: .seconds(5))
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot read site description '/dev/zero': it is a character device, not a file"))
    }

    @Test func aSymlinkLoopIsNamedAsOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(symlink("b.yaml", folder.appendingPathComponent("a.yaml").path) == 0)
        #expect(symlink("a.yaml", folder.appendingPathComponent("b.yaml").path) == 0)
        let run = try run(["check", "a.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot read site description 'a.yaml': a loop of symbolic links"))
    }

    @Test func aUTF16SiteSaysSoWithItsLocation() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes: [UInt8] =
            [0xFF, 0xFE] + "version: 1\nsite: S\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data(bytes).write(to: folder.appendingPathComponent("site.yaml"))
        let run = try run(["check", "site.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "site.yaml:1:1: error: 'site.yaml' is UTF-16 (little-endian, with a byte-order mark) text"))
        #expect(run.stderr.contains("help: save it as UTF-8"))
    }

    @Test func aNULByteInTheSiteIsLocated() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("version: 1\nsite: S\u{0}\n".utf8).write(to: folder.appendingPathComponent("site.yaml"))
        let run = try run(["check", "site.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("site.yaml:2:8: error: 'site.yaml' contains a NUL byte"))
    }

    @Test func printedDiagnosticsAreCappedWithACountById() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let populations = (1...2_000).map { "  - { name: P\($0), ou: 'OU=P\($0),DC=c,DC=com', clinet: x }" }
        let site = ["version: 1", "site: S", "populations:"] + populations
        try Data(site.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("site.yaml"))
        let run = try run(["check", "site.yaml"], in: folder, limit: .seconds(30))
        #expect(run.status == 1)
        let headers = run.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(headers.count == 200)
        #expect(run.stderr.contains("1800 more diagnostics not shown (1800 unknown-key)"))
        #expect(run.stderr.hasSuffix("2000 errors\n"))
        // JSON keeps every diagnostic: it is read by programs, not people.
        let json = try self.run(["check", "site.yaml", "--format", "json"], in: folder, limit: .seconds(30))
        #expect(json.stdout.components(separatedBy: "\"unknown-key\"").count - 1 == 2_000)
    }

    @Test func aFileThatIsNotAZoneFileShowsOnlyItsFirstErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAZone = (1...500).map { "This is line \($0) of a README, not a zone file." }.joined(separator: "\n")
        try Data(notAZone.utf8).write(to: folder.appendingPathComponent("README.txt"))
        let site = """
            version: 1
            site: S
            forests: { c.com: { role: single } }
            sipDomains:
              c.com: { dns: { inside: README.txt } }
            """
        try Data(site.utf8).write(to: folder.appendingPathComponent("site.yaml"))
        let run = try run(["check", "site.yaml"], in: folder)
        #expect(run.status == 1)
        let headers = run.stderr.split(separator: "\n").filter {
            $0.hasPrefix("README.txt:") && $0.contains(": error: ")
        }
        // The first twenty, then one that counts the rest.
        #expect(headers.count == 21)
        #expect(headers.last?.contains("480 more lines of 'README.txt' are not zone records") == true)
        #expect(headers.last?.hasSuffix("[too-many-zone-errors]") == true)
    }

    @Test func certificateFilesCarryHostileNamesAsInertText() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = #"""
            version: 1
            site: "<img src=x onerror=alert(1)>\n# Injected"
            forests: { contoso.com: { role: single } }
            sipDomains:
              contoso.com: { dns: { inside: [] } }
            pools:
              pool.contoso.com: { role: frontEnd, region: "=HYPERLINK(\"http://evil\",\"x\")|y" }
            defaults: { client: lync-2013 }
            populations:
              - { name: A, ou: 'OU=A,DC=contoso,DC=com' }
            """#
        try Data(site.utf8).write(to: folder.appendingPathComponent("site.yaml"))
        let run = try run(["build", "site.yaml", "--output", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: folder.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
        #expect(csv.contains(#",frontEnd,"'=HYPERLINK(""http://evil"",""x"")|y","#))
        let markdown = try String(contentsOf: folder.appendingPathComponent("out/certificates.md"), encoding: .utf8)
        #expect(markdown.hasPrefix(#"# \<img src=x onerror=alert(1)\> # Injected: certificate names"#))
        // Every '<' is escaped: no raw HTML reaches a Markdown renderer.
        #expect(!markdown.replacingOccurrences(of: "\\<", with: "").contains("<"))
        #expect(!markdown.contains("\n# Injected"))
        #expect(markdown.contains(#"region =HYPERLINK("http://evil","x")\|y"#))
    }
}
