import SipgpoDiagnostics
import Testing

@Suite struct DiagnosticRendererTests {
    @Test func printsHeaderSourceLineCaretAndHelp() {
        let diagnostic = Diagnostic.error(
            .unknownClient, "unknown client 'lync-2012'",
            at: SourceSpan(file: "site.yaml", line: 2, column: 11, length: 9),
            help: "did you mean 'lync-2013'?")
        let text = DiagnosticRenderer(sources: ["site.yaml": "defaults:\n  client: lync-2012\n"]).render(diagnostic)
        #expect(
            text == """
                site.yaml:2:11: error: unknown client 'lync-2012' [unknown-client]
                 2 |   client: lync-2012
                   |           ^~~~~~~~~
                help: did you mean 'lync-2013'?
                """)
    }
}
