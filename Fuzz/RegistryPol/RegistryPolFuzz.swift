import Artifacts
import FuzzDriver
import PolicyPlan

/// libFuzzer entry: arbitrary bytes as a Registry.pol file. Decoding either throws or gives records that encode
/// and decode back to the same records.
@_cdecl("LLVMFuzzerTestOneInput")
public func registryPolFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let records = try? RegistryPol.decode(bytes) else { return 0 }
    let again = try? RegistryPol.decode(RegistryPol.encode(records))
    if again != records {
        fatalError("Registry.pol round trip changed \(records) into \(String(describing: again))")
    }
    return 0
}

// SwiftPM links this executable's `main` to `fuzz_registry_pol_main`: libFuzzer's driver takes over from there.
@_cdecl("fuzz_registry_pol_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, registryPolFuzz)
}
