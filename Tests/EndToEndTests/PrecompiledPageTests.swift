import Compiler
import Foundation
import SipgpoSiteGenerator
import SipgpoTestSupport
import SiteModel
import Testing

@testable import Rendering

/// `explain.txt` and `explain.md` are rendered by `PrecompiledPage` while the templates are the bundled ones: the
/// bytes must be those Mustache renders from the template, for every example site and a generated estate.
@Suite struct PrecompiledPageTests {
    static let pages = ["explain.txt", "explain.md"]

    func explanations() throws -> [(String, Explanation)] {
        var compiled = try files(in: "policies", withExtension: "yaml").map { ($0, try compileSite($0)) }
        compiled.append(
            (
                "estate.yaml",
                Compiler.compile(
                    file: "estate.yaml", text: SiteGenerator.estate(populations: 120, domains: 3),
                    sources: InMemorySources([:]), clients: bundledClients, catalog: bundledCatalog)
            ))
        return try compiled.map { name, compilation in
            let site = try #require(compilation.site, "\(name) does not compile")
            return (name, Explanation(site: site, runs: compilation.runs, clients: bundledClients))
        }
    }

    @Test func theBundledTemplatesArePrecompiled() {
        for page in Self.pages { #expect(Words.bundled.precompiled.contains(page), "\(page)") }
    }

    @Test func theBundledTemplatesStillHaveTheTextThatWasCompiled() throws {
        for page in Self.pages {
            let text = try String(
                contentsOf: packageRoot.appendingPathComponent("templates/words/\(page).mustache"), encoding: .utf8)
            #expect(
                PrecompiledPage.implements(page, text: text),
                "templates/words/\(page).mustache changed: change PrecompiledPage to render the same, then its fingerprint"
            )
        }
    }

    @Test func precompiledAndMustachePagesAreTheSameBytes() throws {
        for (name, explanation) in try explanations() {
            for page in Self.pages {
                // The Markdown page is rendered over values escaped for Markdown, as `Explanation` does.
                let context = page == "explain.md" ? explanation.context.escapedForMarkdown() : explanation.context
                let precompiled = try #require(PrecompiledPage.render(page, context))
                let mustache = Words.bundled.renderPageWithMustache(context, page)
                #expect(precompiled == mustache, "\(name) \(page)")
            }
            // And the whole pages, blocks placed, as explain prints them.
            var mustacheOnly = Words.bundled
            mustacheOnly.precompiled = []
            let viaMustache = Explanation(
                site: explanation.site, runs: explanation.runs, clients: bundledClients, words: mustacheOnly)
            #expect(explanation.text() == viaMustache.text(), "\(name)")
            #expect(explanation.markdown() == viaMustache.markdown(), "\(name)")
        }
    }

    /// Names with what Markdown cells escape, notes, parents and an empty site.
    @Test func hostileValuesRenderTheSameBothWays() throws {
        let yaml = """
            version: 1
            site: "Pipe | site"
            forests: { contoso.com: { role: single } }
            sipDomains:
              contoso.com:
                dns:
                  inside: ["_sipinternaltls._tcp IN SRV 0 0 5061 pool01.contoso.com.", "pool01 IN A 10.0.0.10"]
                  outside: ["_sip._tls IN SRV 0 0 443 sip.contoso.com.", "sip IN A 203.0.113.10"]
            defaults: { client: lync-2013, trustedDomains: [contoso.com] }
            populations:
              - name: "A | B `tick` *star* 'quote' \\"dq\\""
                ou: OU=A,DC=contoso,DC=com
              - name: "Child <html> & more"
                ou: OU=C,OU=A,DC=contoso,DC=com
                client: communicator-2007-r2
                signIn: { mode: manual, internalServer: pool01.contoso.com, externalServer: sip.contoso.com, transport: tcp }
            """
        let compilation = Compiler.compile(
            file: "site | pipe.yaml", text: yaml, sources: InMemorySources([:]), clients: bundledClients,
            catalog: bundledCatalog)
        let site = try #require(compilation.site, "\(compilation.diagnostics.errors.map(\.message))")
        for runs in [compilation.runs, []] {
            let plain = Explanation(site: site, runs: runs, clients: bundledClients).context
            for page in Self.pages {
                let context = page == "explain.md" ? plain.escapedForMarkdown() : plain
                #expect(
                    PrecompiledPage.render(page, context) == Words.bundled.renderPageWithMustache(context, page),
                    "\(page) with \(runs.count) runs")
            }
        }
    }
}
