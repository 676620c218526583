import Artifacts
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

// SwiftPM links an executable's `main` to `fuzz_registry_pol_main`; hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("fuzz_registry_pol_main")
public func fuzzMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, registryPolFuzz)
}
