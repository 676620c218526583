import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile and broken input given to the binary: it must stop quickly, with a located diagnostic, in bounded memory.
@Suite struct HostileInputTests {
    let binary = BinaryTests()

    /// The largest resident set of any child process this test process has waited for, in bytes.
    static func childrenMaxResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    @Test func aYAMLAliasBombExitsOneQuicklyWithTheAliasLocated() throws {
        let path = "Tests/EndToEndTests/Cases/bad/yaml-alias-bomb.yaml"
        let started = ContinuousClock.now
        let run = try binary.sipgpo("check", path)
        let elapsed = ContinuousClock.now - started
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(path):11:10: error: expanding alias '*a4'"))
        #expect(run.stderr.contains("[yaml-alias-limit]"))
        // Under a second in a release build; the debug build under test gets some slack on a shared machine.
        #expect(elapsed < .seconds(3))
        #expect(Self.childrenMaxResidentBytes() < 300 << 20)
    }
}
