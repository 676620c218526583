import Decompile
import FuzzDriver

/// libFuzzer entry: arbitrary bytes as LGPO text (LGPO.exe's format; UTF-16LE with a byte-order mark, or UTF-8).
/// Reading either fails with a located error (line and column from 1) or gives records on lines of the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func lgpoTextFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    switch LGPOTextReader.read(bytes) {
    case .success(let records):
        for record in records where record.line < 1 || record.line > count + 1 {
            fatalError("LGPO record on line \(record.line) of a \(count)-byte input")
        }
    case .failure(let error):
        if error.line < 1 || error.column < 1 { fatalError("LGPO error at \(error.line):\(error.column)") }
    }
    return 0
}

// SwiftPM links this executable's `main` to `fuzz_lgpo_text_main`: libFuzzer's driver takes over from there.
@_cdecl("fuzz_lgpo_text_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, lgpoTextFuzz)
}
