import Artifacts
import Foundation
import SipgpoTestSupport
import Testing

/// `samba/deploy.sh` run by bash against a stand-in `samba-tool` that logs its calls, so the script's own decisions
/// (which OUs exist, what it creates) are tested without a domain controller.
@Suite struct DeployShRunTests {
    /// A folder holding an executable `samba-tool` that appends each call to `calls.log` and runs `body`.
    static func standIn(_ body: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-stand-in-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tool = folder.appendingPathComponent("samba-tool")
        let log = folder.appendingPathComponent("calls.log").path
        try Data("#!/bin/bash\nprintf '%s\\n' \"$*\" >>'\(log)'\n\(body)\n".utf8).write(to: tool)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        return folder
    }

    static func calls(_ folder: URL) -> [String] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("calls.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    static func deploySh(_ site: String) throws -> String {
        let compilation = try compileSite(site)
        let folder = Emit.artifacts(
            .init(
                site: try #require(compilation.site), plan: try #require(compilation.plan),
                policies: compilation.policies, runs: compilation.runs, clients: bundledClients,
                catalog: bundledCatalog, scripts: bundledScripts))
        return String(decoding: try #require(folder.files["samba/deploy.sh"]), as: UTF8.self)
    }

    /// A failed `samba-tool ou list` used to leave the list of OUs empty (set -e does not apply inside `||`), so
    /// the script went on to create OUs that existed and failed half-way, or on a flaky link changed things it
    /// had not looked at. It must stop before changing anything.
    @Test func aFailedOUListingStopsBeforeAnyChange() throws {
        let script = try Self.deploySh("policies/single-forest.yaml")
        let folder = try Self.standIn(
            #"[[ $1 == ou && $2 == list ]] && { echo "ldap: connection refused" >&2; exit 1; }; exit 0"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Bash.run(script, searchFirst: [folder.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("could not list the directory's OUs"), "\(run.stderr)")
        #expect(Self.calls(folder) == [Self.calls(folder).first ?? ""])
        #expect(Self.calls(folder).first?.hasPrefix("ou list --full-dn") == true)
    }
}
