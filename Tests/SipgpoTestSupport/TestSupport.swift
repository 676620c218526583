import Artifacts
import Compiler
import Discovery
import Foundation
import PolicyCatalog
import Rendering
import SipgpoCLI
import SiteModel

/// What every test suite needs: the bundled data, and files named as a user in the checkout names them.

/// The package root, so tests name files as a user in the checkout would (`policies/x.yaml`).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Reads paths relative to the package root.
public struct RootedSources: SourceProvider {
    public init() {}

    public func read(_ path: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
    }
}

public let bundledClients: ClientCatalog = {
    do { return try TemplateStore().clients() } catch { fatalError("bundled client profiles do not load: \(error)") }
}()

public let bundledCatalog: PolicyCatalog = {
    guard let catalog = try? TemplateStore().policyCatalog().catalog else {
        fatalError("bundled policy catalog does not load")
    }
    return catalog
}()

public let bundledScripts = ScriptLibraries.bundled

/// Relative paths of the files in a folder of the package, sorted.
public func files(in folder: String, withExtension ext: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent(folder).path)
        .filter { $0.hasSuffix(".\(ext)") }.sorted().map { "\(folder)/\($0)" }
}

extension Compiler.Compilation {
    /// The runs in words, as `explain --format json` prints them: what the tests of wording read.
    public var traces: [DiscoveryTrace] { runs.map(\.trace) }
}
