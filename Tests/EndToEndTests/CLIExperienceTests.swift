import ArgumentParser
import Compiler
import Foundation
import Rendering
import SipgpoCLI
import SipgpoTestSupport
import SiteModel
import Testing

/// The experience around the commands: `schema`, `init`, shell completions, `--color` and `NO_COLOR`, the examples
/// in every command's help, and the summary table that opens `explain`.
@Suite struct CLIExperienceTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary with `environment` added (NO_COLOR removed unless given); `terminal` connects standard
    /// output and standard error to a pseudo-terminal instead of pipes (both then arrive in `stdout`).
    static func sipgpo(
        _ arguments: [String], environment: [String: String] = [:], terminal: Bool = false,
        folder: URL = packageRoot
    ) throws -> Run {
        let process = Process()
        process.executableURL = BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        if terminal {
            // Linux's pseudo-terminal multiplexer: unlock the new terminal (TIOCSPTLCK), ask its number (TIOCGPTN).
            // Glibc's posix_openpt and ptsname are not visible from Swift.
            let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            #expect(master >= 0 && ioctl(master, UInt(0x4004_5431), &unlock) == 0)
            #expect(ioctl(master, UInt(0x8004_5430), &number) == 0)
            let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
            #expect(slave >= 0)
            let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            close(slave)
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { break }  // EIO once the child has closed the terminal
                bytes += buffer[0..<count]
            }
            process.waitUntilExit()
            close(master)
            return Run(status: process.terminationStatus, stdout: String(decoding: bytes, as: UTF8.self), stderr: "")
        }
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

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    // MARK: schema

    @Test func schemaMatchesGoldenAndIsJSON() throws {
        let run = try Self.sipgpo(["schema"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        try assertGolden(run.stdout, "Tests/EndToEndTests/Golden/schema.json")
    }

    // MARK: init

    @Test(arguments: bundledClients.ids)
    func initThenCheckPassesWithoutWarnings(_ client: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try Self.sipgpo(
            [
                "init", "--site", "Contoso", "--sip-domain", "contoso.com", "--forest", "corp.contoso.com", "--client",
                client,
            ], folder: folder)
        #expect(made.status == 0, "\(made.stderr)")
        let check = try Self.sipgpo(["check", "site.yaml"], folder: folder)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.isEmpty, "a starter site should draw no warning: \(check.stderr)")
        let explain = try Self.sipgpo(["explain", "site.yaml", "--format", "json"], folder: folder)
        let object = try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any]
        let results = try #require(object?["results"] as? [[String: Any]])
        for result in results {
            #expect((result["outcome"] as? [String: Any])?["status"] as? String == "connected", "\(client)")
        }
        // Only the file itself: no temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site.yaml"])
    }

    @Test func initNeverReplacesAFileWithoutForce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mine.yaml")
        try Data("precious\n".utf8).write(to: file)
        let arguments = ["init", "--site", "S", "--sip-domain", "contoso.com", "--output", "mine.yaml"]
        let refused = try Self.sipgpo(arguments, folder: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("'mine.yaml' exists"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "precious\n")
        // A symbolic link (even a dangling one) is not replaced either.
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.yaml").path, withDestinationPath: "nowhere.yaml")
        let link = try Self.sipgpo(
            ["init", "--site", "S", "--sip-domain", "contoso.com", "--output", "link.yaml"], folder: folder)
        #expect(link.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere.yaml").path))
        let forced = try Self.sipgpo(arguments + ["--force"], folder: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("site: \"S\""))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["mine.yaml", "link.yaml"])
    }

    @Test func initPrintsToStandardOutputAndRefusesWrongNames() throws {
        let printed = try Self.sipgpo(["init", "--site", "S", "--sip-domain", "contoso.com", "--output", "-"])
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("sipDomains:\n  contoso.com:"))
        for (option, value) in [("--sip-domain", "contoso"), ("--sip-domain", "con toso.com"), ("--forest", "-a.com")] {
            var arguments = ["init", "--site", "S", "--sip-domain", "contoso.com", "--output", "-"]
            if option == "--sip-domain" { arguments[4] = value } else { arguments += [option, value] }
            let run = try Self.sipgpo(arguments)
            #expect(run.status == 64, "\(option) \(value)")
        }
        let client = try Self.sipgpo(["init", "--site", "S", "--sip-domain", "a.com", "--client", "lync-2012"])
        #expect(client.status == 64)
        #expect(client.stderr.contains("did you mean"))
    }

    /// A hostile site name survives the starter: the loader reads back exactly the name given.
    @Test func starterSiteKeepsAnyNameExactly() throws {
        var random = SplitMix64(seed: 13)
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", " ", "\"", "'", "\\", ":", "#", "-", "{", "}", "[", "]", "&", "*", "!", "|", ">", "%", "@", "`",
            "\n", "\r", "\t", "\u{0}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{202E}", "é", "中",
            "😀",
        ]
        let fixed = ["", "   ", "null", "~", "true", "- a", "a: b", "# c", "\"", "\\x41", "*alias", "&anchor"]
        let randoms = (0..<300).map { _ in
            String(String.UnicodeScalarView((0..<Int(random.next() % 12 + 1)).map { _ in random.pick(alphabet) }))
        }
        let profile = try #require(bundledClients["lync-2013"])
        for name in fixed + randoms {
            let context = StarterSiteContext(
                name: name, file: name, sipDomain: DNSName("contoso.com")!, forest: DNSName("contoso.com")!,
                client: profile)
            let text = Words.bundled.starterSite(context)
            let (syntax, diagnostics) = SiteLoader.load(yaml: text, file: "s.yaml")
            #expect(diagnostics.isEmpty, "\(name.debugDescription): \(diagnostics.map(\.message))")
            #expect(syntax?.site?.value == name, "\(name.debugDescription)")
        }
    }

    // MARK: completions, help

    @Test func bashCompletionParsesAndNamesEverySubcommand() throws {
        let run = try Self.sipgpo(["--generate-completion-script", "bash"])
        #expect(run.status == 0)
        let syntax = try Bash.run(run.stdout, syntaxOnly: true)
        #expect(syntax.status == 0, "\(syntax.stderr)")
        for command in SipgpoCommand.configuration.subcommands {
            let name = try #require(command.configuration.commandName)
            #expect(run.stdout.contains(name), "the completion script lacks '\(name)'")
        }
        for shell in ["zsh", "fish"] {
            let other = try Self.sipgpo(["--generate-completion-script", shell])
            #expect(other.status == 0 && other.stdout.contains("explain-diagnostic"))
        }
    }

    @Test func everySubcommandsHelpHasExamplesOfItself() throws {
        #expect(SipgpoCommand.configuration.subcommands.count >= 9)
        for command in SipgpoCommand.configuration.subcommands {
            let name = try #require(command.configuration.commandName)
            let help = SipgpoCommand.helpMessage(for: command, columns: 200)
            let examples = try #require(help.range(of: "Examples:"), "'sipgpo \(name) --help' has no Examples")
            let after = help[examples.upperBound...]
            #expect(after.contains("\n  sipgpo \(name) "), "the examples of '\(name)' do not run 'sipgpo \(name)'")
            #expect(help.contains("--color <color>"), "'sipgpo \(name)' does not take --color")
        }
    }

    // MARK: colour

    static let badSite = "Tests/EndToEndTests/Cases/bad/unknown-key.yaml"
    static let escape = "\u{1B}["

    @Test func colorAlwaysAndNeverOverrideTheTerminalAndNoColor() throws {
        let always = try Self.sipgpo(["check", Self.badSite, "--color", "always"], environment: ["NO_COLOR": "1"])
        #expect(always.status == 1)
        #expect(always.stderr.contains(Self.escape + "1;31merror"))
        let never = try Self.sipgpo(["check", Self.badSite, "--color", "never"], terminal: true)
        #expect(never.stdout.contains("error: unknown key"))
        #expect(!never.stdout.contains(Self.escape))
    }

    @Test func colorAutoColoursOnlyATerminalWithoutNoColor() throws {
        let piped = try Self.sipgpo(["check", Self.badSite])
        #expect(piped.stderr.contains("error: unknown key") && !piped.stderr.contains(Self.escape))
        let terminal = try Self.sipgpo(["check", Self.badSite], terminal: true)
        #expect(terminal.stdout.contains(Self.escape + "1;31merror"))
        let noColor = try Self.sipgpo(["check", Self.badSite], environment: ["NO_COLOR": "1"], terminal: true)
        #expect(noColor.stdout.contains("error: unknown key") && !noColor.stdout.contains(Self.escape))
        // no-color.org: an empty NO_COLOR does not count.
        let empty = try Self.sipgpo(["check", Self.badSite], environment: ["NO_COLOR": ""], terminal: true)
        #expect(empty.stdout.contains(Self.escape))
    }

    @Test func explainTextIsColouredByStatusButJSONNever() throws {
        let site = "policies/migration.yaml"
        let text = try Self.sipgpo(["explain", site, "--color", "always"])
        #expect(text.stdout.contains(Self.escape + "32mok "))
        #expect(text.stdout.contains(Self.escape + "1;31mFAILS"))
        let plain = try Self.sipgpo(["explain", site])
        #expect(!plain.stdout.contains(Self.escape))
        let json = try Self.sipgpo(["explain", site, "--format", "json", "--color", "always"])
        #expect(!json.stdout.contains(Self.escape))
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil)
    }

    // MARK: the summary that opens explain

    @Test(arguments: GoldenExplainTests.sites)
    func summaryHasOneRowPerPopulationWithTheRunsStatuses(_ path: String) throws {
        let result = try compileSite(path)
        let site = try #require(result.site)
        let explanation = Explanation(site: site, runs: result.runs, clients: bundledClients)
        let summary = explanation.summary()
        #expect(summary.rows.map(\.name) == site.populations.map(\.name))
        for row in summary.rows {
            let runs = result.runs.filter { $0.population == row.name }
            #expect(row.insideStatus == runs.first { $0.network == .inside }?.outcome.status.rawValue)
            #expect(row.outsideStatus == runs.first { $0.network == .outside }?.outcome.status.rawValue)
        }
        // The text opens with the table: the heading two lines after the title, one line per population.
        let lines = explanation.text().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2].hasPrefix("  Population"))
        #expect(lines[3].hasPrefix("  ---"))
        #expect(lines[4 + site.populations.count] == "")
    }

    /// A site larger than a screen: populations with the same outcomes share a row, in the order they first appear.
    @Test func summaryOfALargeSiteFitsOnAScreen() throws {
        var yaml = """
            version: 1
            site: Large
            forests: { contoso.com: { role: single } }
            sipDomains:
              contoso.com:
                dns:
                  inside: ["_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "pool01 3600 IN A 10.0.0.1"]
                  outside: ["_sip._tls 3600 IN SRV 0 0 443 sip", "sip 3600 IN A 203.0.113.1"]
            defaults: { client: lync-2013 }
            populations:

            """
        for index in 0..<30 { yaml += "  - { name: P\(index), ou: 'OU=P\(index),DC=contoso,DC=com' }\n" }
        yaml +=
            "  - { name: Manual, ou: 'OU=M,DC=contoso,DC=com', signIn: { mode: manual, internalServer: pool01.contoso.com } }\n"
        let result = Compiler.compile(
            file: "large.yaml", text: yaml, sources: RootedSources(), clients: bundledClients, catalog: bundledCatalog)
        let site = try #require(result.site, "\(result.diagnostics.sorted.map(\.message))")
        let summary = Explanation(site: site, runs: result.runs, clients: bundledClients).summary()
        #expect(summary.rows.map(\.name) == ["P0 and 29 more like it", "Manual"])
        #expect(summary.rows.map(\.insideStatus) == ["connected", "connected"])
    }

    /// Even when every population takes its own path, the summary stays within a screen: rows by status alone.
    @Test func summaryOfManyDifferentPathsGroupsByStatus() throws {
        var yaml = """
            version: 1
            site: Many
            forests: { contoso.com: { role: single } }
            sipDomains:
              contoso.com:
                dns:
                  inside: ["_sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01", "pool01 3600 IN A 10.0.0.1"]
                  outside: ["_sip._tls 3600 IN SRV 0 0 443 sip", "sip 3600 IN A 203.0.113.1"]
            defaults: { client: lync-2013 }
            populations:

            """
        for index in 0..<30 {
            yaml += "  - { name: P\(index), ou: 'OU=P\(index),DC=contoso,DC=com', "
            yaml += "signIn: { mode: manual, internalServer: 'pool01.contoso.com:\(5100 + index)' } }\n"
        }
        let result = Compiler.compile(
            file: "many.yaml", text: yaml, sources: RootedSources(), clients: bundledClients, catalog: bundledCatalog)
        let site = try #require(result.site, "\(result.diagnostics.sorted.map(\.message))")
        let explanation = Explanation(site: site, runs: result.runs, clients: bundledClients)
        #expect(Set(result.runs.filter { $0.network == .inside }.map(\.outcome.candidate?.endpoint)).count == 30)
        let summary = explanation.summary()
        #expect(summary.rows.count >= 1 && summary.rows.count <= Explanation.summaryRowLimit)
        #expect(summary.rows.first?.name.hasPrefix("P0 ") == true)
        #expect(explanation.text().split(separator: "\n").count > 30)
    }
}
