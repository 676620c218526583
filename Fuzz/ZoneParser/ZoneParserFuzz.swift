import FuzzDriver
import SiteModel

/// libFuzzer entry: arbitrary bytes as a zone file for contoso.com, decoded as `sipgpo` decodes a file.
@_cdecl("LLVMFuzzerTestOneInput")
public func zoneParserFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let text = try? SourceText.decode(bytes, file: "fuzz.zone") else { return 0 }
    let parsed = ZoneParser.parse(text, file: "fuzz.zone", origin: DNSName("contoso.com"))
    _ = DiagnosticRenderer(sources: ["fuzz.zone": text]).render(parsed.diagnostics)
    return 0
}

// SwiftPM links this executable's `main` to `fuzz_zone_parser_main`: libFuzzer's driver takes over from there.
@_cdecl("fuzz_zone_parser_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, zoneParserFuzz)
}
