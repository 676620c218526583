import Testing

@testable import Artifacts

/// Names from the site description become file names on Windows too: never a device name.
@Suite struct FileNameTests {
    static let reserved =
        ["CON", "PRN", "AUX", "NUL"] + (0...9).map { "COM\($0)" } + (0...9).map { "LPT\($0)" }

    @Test(arguments: reserved)
    func reservedNamesNeverBecomeFileNames(name: String) {
        for written in [
            name, name.lowercased(), name.capitalized, "\(name).txt", "\(name.lowercased()).tar.gz", "\(name) ",
        ] {
            let safe = FileName.safe(written)
            let stem = safe.split(separator: ".", maxSplits: 1).first.map(String.init) ?? safe
            #expect(!Self.reserved.contains(stem.uppercased()), "'\(written)' became '\(safe)'")
            // The extension sipgpo appends does not make it reserved again either.
            #expect(!Self.reserved.contains(FileName.safe(written + ".reg").split(separator: ".").first!.uppercased()))
        }
    }

    @Test func ordinaryNamesAreKept() {
        #expect(FileName.safe("Console team") == "Console-team")
        #expect(FileName.safe("COM10") == "COM10")
        #expect(FileName.safe("LPT") == "LPT")
        #expect(FileName.safe("Nullarbor.office") == "Nullarbor.office")
    }

    @Test func truncationLeavesNoTrailingDot() {
        let safe = FileName.safe(String(repeating: "a", count: 99) + ".b")
        #expect(!safe.hasSuffix("."))
        #expect(safe.count <= 100)
    }
}
