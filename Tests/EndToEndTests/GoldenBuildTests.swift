import Artifacts
import Compiler
import Foundation
import PolicyPlan
import SipgpoTestSupport
import Testing

/// Every artifact of `build` for every example site, compared with `Golden/build/<site>/`. Text files are compared as
/// they are; binary files (Registry.pol, .reg) through a readable dump beside them; `MANIFEST.txt` holds every
/// file's size and SHA-1, so binary bytes are covered too. Re-record with `SIPGPO_RECORD=1`.
@Suite struct GoldenBuildTests {
    static let sites = (try? files(in: "policies", withExtension: "yaml")) ?? []

    static func build(_ path: String) throws -> OutputFolder {
        let result = try compileSite(path)
        let site = try #require(result.site)
        let plan = try #require(result.plan)
        var input = Emit.Input(
            site: site, plan: plan, policies: result.policies, runs: result.runs, clients: bundledClients,
            catalog: bundledCatalog)
        input.diagnostics = result.diagnostics.all
        return Emit.artifacts(input)
    }

    @Test(arguments: sites)
    func buildMatchesGolden(_ path: String) throws {
        let folder = try Self.build(path)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let root = "Tests/EndToEndTests/Golden/build/\(name)"
        var manifest = ""
        for file in folder.paths {
            let bytes = folder.files[file]!
            manifest += "\(SHA1.hex(bytes))  \(bytes.count)  \(file)\n"
            if file.hasSuffix(".pol") || file.hasSuffix(".pol.SAMBABACKUP") {
                try assertGolden(RegistryPolDump.text(try RegistryPol.decode(bytes)), "\(root)/\(file).txt")
            } else if file.hasSuffix(".reg") {
                #expect(Array(bytes.prefix(2)) == [0xFF, 0xFE], "\(file) has no UTF-16LE byte-order mark")
                try assertGolden(String(decoding: utf16(bytes.dropFirst(2)), as: UTF16.self), "\(root)/\(file).txt")
            } else if !file.hasPrefix("PolicyDefinitions/") {
                var text = bytes[...]
                if file == "deploy.ps1" {
                    // Windows PowerShell 5.1 reads a script without a byte-order mark in the ANSI code page. The
                    // golden holds the text after it (Foundation drops a BOM when reading); MANIFEST has the bytes.
                    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "deploy.ps1 has no UTF-8 byte-order mark")
                    text = text.dropFirst(3)
                }
                try assertGolden(String(decoding: text, as: UTF8.self), "\(root)/\(file)")
            }
        }
        try assertGolden(manifest, "\(root)/MANIFEST.txt")
    }

    @Test(arguments: sites)
    func twoBuildsGiveIdenticalBytes(_ path: String) throws {
        #expect(try Self.build(path) == Self.build(path))
    }

    @Test func centralStoreFilesAreTheBundledTemplates() throws {
        let folder = try Self.build("policies/single-forest.yaml")
        let admx = try Data(
            contentsOf: packageRoot.appendingPathComponent("templates/policies/sipgpo-communicator.admx"))
        #expect(folder.files["PolicyDefinitions/sipgpo-communicator.admx"] == [UInt8](admx))
    }

    private func utf16<S: Sequence>(_ bytes: S) -> [UInt16] where S.Element == UInt8 {
        let array = Array(bytes)
        return stride(from: 0, to: array.count - 1, by: 2).map { UInt16(array[$0]) | UInt16(array[$0 + 1]) << 8 }
    }
}
