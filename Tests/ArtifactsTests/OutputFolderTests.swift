import Artifacts
import Testing

/// The folder of one build refuses to lose a file: a path written twice, or two paths that differ only by case (one
/// file on Windows, where the GPOs are imported from), are recorded as clashes instead of one overwriting the other.
@Suite struct OutputFolderTests {
    @Test func aPathWrittenTwiceIsAClash() {
        var folder = OutputFolder()
        folder.add("dns/contoso.com.inside.zone", text: "first")
        folder.add("dns/contoso.com.inside.zone", text: "second")
        #expect(folder.clashes == ["dns/contoso.com.inside.zone"])
    }

    @Test func pathsThatDifferOnlyByCaseClash() {
        var folder = OutputFolder()
        folder.add("dns/contoso.com.inside.zone", text: "a")
        folder.add("dns/Contoso.com.inside.zone", text: "b")
        folder.add("GPOs/x/Backup.xml", text: "c")
        #expect(folder.clashes == ["dns/contoso.com.inside.zone and dns/Contoso.com.inside.zone"])
    }

    @Test func distinctPathsDoNotClash() {
        var folder = OutputFolder()
        folder.add("dns/contoso.com.inside.zone", text: "a")
        folder.add("dns/contoso.com.outside.zone", text: "b")
        #expect(folder.clashes.isEmpty)
        #expect(folder.paths == ["dns/contoso.com.inside.zone", "dns/contoso.com.outside.zone"])
    }

    /// Windows reserves device names with or without an extension (`NUL.txt` is the null device): a GPO backup,
    /// `.reg` or zone file named so cannot be copied to or opened on the domain controller.
    @Test(arguments: ["CON", "nul", "com5", "LPT9", "com0", "aux.backup", "Nul.txt", "con.foo"])
    func windowsDeviceNamesAreNeverFileNames(_ name: String) {
        let safe = FileName.safe(name)
        #expect(safe == "_" + name, "\(name) became \(safe)")
    }

    @Test func namesThatOnlyBeginLikeADeviceAreKept() {
        #expect(FileName.safe("console") == "console")
        #expect(FileName.safe("com10") == "com10")
        #expect(FileName.safe("lpt") == "lpt")
        #expect(FileName.safe("nullable.zone") == "nullable.zone")
    }

    /// Windows drops a trailing dot, so `x.` and `x` would be one file there.
    @Test func aLongNameCutAtADotDoesNotEndInADot() {
        let name = String(repeating: "a", count: 99) + ".b"
        #expect(!FileName.safe(name).hasSuffix("."))
    }
}
