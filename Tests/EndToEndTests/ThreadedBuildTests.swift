import Foundation
import SipgpoSiteGenerator
import SipgpoTestSupport
import Testing

/// `build` renders the documentation, the explanations and the GPOs on several threads; `SIPGPO_JOBS=1` renders
/// them in turn on one. Both must write the same files with the same bytes.
@Suite struct ThreadedBuildTests {
    @Test func oneThreadAndSeveralWriteTheSameBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-threads-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("estate.yaml")
        try SiteGenerator.estate(populations: 300, domains: 3).write(to: site, atomically: true, encoding: .utf8)

        var trees: [[String: Data]] = []
        for jobs in ["1", "2"] {
            let output = folder.appendingPathComponent("out-\(jobs)")
            let run = try BinaryTests().sipgpo(
                arguments: ["build", site.path, "--output", output.path], environment: ["SIPGPO_JOBS": jobs])
            #expect(run.status == 0, "\(run.stderr)")
            trees.append(try Self.files(under: output))
        }
        #expect(trees[0].count > 300)
        #expect(Set(trees[0].keys) == Set(trees[1].keys))
        for (path, bytes) in trees[0] { #expect(trees[1][path] == bytes, "\(path) differs") }
    }

    /// Every regular file under `root`, by path relative to it.
    static func files(under root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let prefix = root.standardizedFileURL.path + "/"
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(prefix.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
