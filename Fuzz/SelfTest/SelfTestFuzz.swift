import FuzzDriver
import Glibc

/// A target that exists to fail: `Fuzz/selftest` runs it through `Fuzz/run` to prove that a crash, a memory error and a
/// leak each make `Fuzz/run` exit 1 and leave the input in `Fuzz/crashes/selftest`. It reads no sipgpo input, so no
/// reader gets a crash path. It fails only on the one input `sipgpo-fuzz-selftest:KIND`, and only when
/// `SIPGPO_FUZZ_SELFTEST` names that KIND (`Fuzz/run` seeds the input from it), so mutations cannot reach it otherwise.
let kind: String? = getenv("SIPGPO_FUZZ_SELFTEST").map { String(cString: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func selfTestFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let kind, kind != "none", let data else { return 0 }
    let input = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard input == "sipgpo-fuzz-selftest:\(kind)" else { return 0 }
    switch kind {
    case "trap":
        // What a Swift reader does on a bad index or a failed unwrap: the runtime traps.
        fatalError("Fuzz/selftest: a deliberate trap")
    case "overflow":
        // A read one byte past a heap allocation: AddressSanitizer's heap-buffer-overflow.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        buffer.initialize(from: data, count: count)
        let past = buffer[count]
        buffer.deallocate()
        if past == 0xA5 { print("Fuzz/selftest: unreachable past \(past)") }
    case "leak":
        // Memory allocated for this input and never freed: libFuzzer's per-input LeakSanitizer check.
        leak(input)
    default:
        fatalError("Fuzz/selftest: unknown SIPGPO_FUZZ_SELFTEST '\(kind)' (trap, overflow, leak, none)")
    }
    return 0
}

/// A copy of `text` that nothing frees. Handed to `write` (on no file), so the optimizer cannot drop an allocation
/// whose result is unused (it knows `strdup` as an allocator).
@inline(never)
func leak(_ text: String) {
    let copy = strdup(text)
    _ = write(-1, copy, 1)
}

// SwiftPM links this executable's `main` to `fuzz_selftest_main`: libFuzzer's driver takes over from there.
@_cdecl("fuzz_selftest_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, selfTestFuzz)
}
