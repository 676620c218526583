import FuzzDriver
import SiteModel

/// libFuzzer entry: arbitrary bytes as a site description, decoded as `sipgpo` decodes a file, then loaded and
/// resolved (zone files are absent). Any crash, hang or sanitizer report is a bug; diagnostics are the expected
/// outcome for almost every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func siteLoaderFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let text = try? SourceText.decode(bytes, file: "fuzz.yaml") else { return 0 }
    let loaded = SiteLoader.load(yaml: text, file: "fuzz.yaml")
    if let syntax = loaded.syntax {
        _ = Resolver.resolve(syntax, clients: ClientCatalog(profiles: []), sources: InMemorySources([:]))
    }
    // Rendering touches every span against the text: a span outside it must not crash the renderer.
    _ = DiagnosticRenderer(sources: ["fuzz.yaml": text]).render(loaded.diagnostics)
    return 0
}

// SwiftPM links this executable's `main` to `fuzz_site_loader_main`: libFuzzer's driver takes over from there.
@_cdecl("fuzz_site_loader_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, siteLoaderFuzz)
}
