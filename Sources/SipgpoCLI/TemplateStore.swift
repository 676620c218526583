import Artifacts
import Foundation
import PolicyCatalog
import SipgpoTemplates
import SiteModel

/// Finds the templates folder: `--templates DIR`, else the copy bundled with the binary.
public struct TemplateStore {
    public var override: String?

    public init(override: String? = nil) { self.override = override }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    public var directory: URL {
        get throws {
            if let override { return URL(fileURLWithPath: override) }
            guard let bundled = BundledTemplates.directory else {
                throw Missing(
                    description: "the bundled templates are missing; reinstall sipgpo or pass --templates DIR")
            }
            return bundled
        }
    }

    public func clients() throws -> ClientCatalog {
        let folder = try directory.appendingPathComponent("clients")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw Missing(description: "no client profiles in '\(folder.path)'")
        }
        let files = try names.filter { $0.hasSuffix(".json") }.sorted().map { name -> (path: String, data: Data) in
            let url = folder.appendingPathComponent(name)
            return (url.path, try Data(contentsOf: url))
        }
        guard !files.isEmpty else { throw Missing(description: "no client profiles in '\(folder.path)'") }
        return try ClientCatalog.decode(files)
    }

    /// The fixed function libraries of `deploy.ps1` and `samba/deploy.sh`, each from `--templates DIR` where present.
    public func scriptLibraries() throws -> ScriptLibraries {
        try ScriptLibraries.load(override: override.map { URL(fileURLWithPath: $0) })
    }

    /// The policy catalog: sipgpo's ADMX and the bindings to Microsoft's policies, validated.
    public func policyCatalog() throws -> (catalog: PolicyCatalog?, diagnostics: [Diagnostic]) {
        PolicyCatalog.load(templates: try directory)
    }
}
