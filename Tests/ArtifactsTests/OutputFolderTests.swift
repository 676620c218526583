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
}
