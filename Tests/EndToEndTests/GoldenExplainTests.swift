import Discovery
import Foundation
import Rendering
import SipgpoTestSupport
import Testing

/// `explain` in text and JSON for every example site, compared byte for byte with `Golden/`.
/// Re-record with `SIPGPO_RECORD=1 swift test --filter GoldenExplainTests` and review the diff.
@Suite struct GoldenExplainTests {
    static let sites = (try? files(in: "policies", withExtension: "yaml")) ?? []

    @Test func thereAreAtLeastFiveExampleSites() {
        #expect(Self.sites.count >= 5)
    }

    @Test(arguments: sites)
    func explainMatchesGolden(_ path: String) throws {
        let result = try compileSite(path)
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics.errors.map(\.message))")
        let site = try #require(result.site)
        let explanation = Explanation(site: site, runs: result.runs, clients: bundledClients)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        try assertGolden(explanation.text(), "Tests/EndToEndTests/Golden/build/\(name)/explain.txt")
        try assertGolden(explanation.json(), "Tests/EndToEndTests/Golden/build/\(name)/explain.json")
    }

    /// The JSON interface of DESIGN.md: every result has these keys, in this order.
    @Test(arguments: sites)
    func jsonHasTheDocumentedShape(_ path: String) throws {
        let result = try compileSite(path)
        let site = try #require(result.site)
        let json = Explanation(site: site, runs: result.runs, clients: bundledClients).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["site"] as? String == site.name)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == site.populations.count * 2)
        for entry in results {
            for key in [
                "population", "ou", "client", "sipDomain", "network", "mode", "steps", "outcome", "settings", "notes",
            ] {
                #expect(entry[key] != nil, "\(path): result without '\(key)'")
            }
            let outcome = try #require(entry["outcome"] as? [String: Any])
            #expect(["connected", "prompt", "failed"].contains(outcome["status"] as? String))
            #expect(outcome["reason"] is String)
        }
    }
}
