import FuzzDriver

@testable import PolicyCatalog

/// libFuzzer entry: arbitrary bytes as an ADMX file, read as the central-store check reads one.
@_cdecl("LLVMFuzzerTestOneInput")
public func admxFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard case .success(let document) = XMLDocument.parse(bytes, path: "fuzz.admx") else { return 0 }
    _ = ADMXReader.policiesInAnyNamespace(in: document)
    _ = ADMXReader.targetNamespace(of: document)
    return 0
}

// SwiftPM links this executable's `main` to `fuzz_admx_main`: libFuzzer's driver takes over from there.
@_cdecl("fuzz_admx_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, admxFuzz)
}
