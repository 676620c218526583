import Discovery
import Foundation
import SiteModel

/// The explanation of a site's sign-in discovery, in the three forms `explain` prints and `build` writes.
public struct Explanation: Sendable {
    public var site: Site
    public var runs: [DiscoveryRun]
    /// The runs in words, rendered once.
    public var traces: [DiscoveryTrace]
    public var clients: ClientCatalog
    public var words: Words
    /// Colour the summary's text cells by status (ANSI), for a terminal.
    public var colored = false

    public init(site: Site, runs: [DiscoveryRun], clients: ClientCatalog, words: Words = .bundled) {
        self.site = site
        self.runs = runs
        // Populations that share every input of discovery have the same run but for who they are: render each
        // distinct run once (a large site has thousands of populations and a few dozen distinct runs).
        var rendered: [DiscoveryRun: DiscoveryTrace] = [:]
        self.traces = runs.map { run in
            var key = run
            key.population = ""
            key.ou = ""
            key.settings = []
            key.preferences = []
            var trace = rendered[key] ?? key.trace(phrasebook: words.phrasebook)
            rendered[key] = trace
            trace.population = run.population
            trace.ou = run.ou
            trace.settings = run.settings
            trace.preferences = run.preferences
            return trace
        }
        self.clients = clients
        self.words = words
    }

    public enum Format: String, CaseIterable, Sendable {
        case text
        case markdown
        case json
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: text()
        case .markdown: markdown()
        case .json: json()
        }
    }

    // MARK: JSON

    public func json() -> String {
        var writer = JSONWriter()
        writer.object { w in
            w.member("site", site.name)
            w.member("results") { w in
                w.array { w in
                    for trace in traces { w.element { trace.write(to: &$0) } }
                }
            }
        }
        return writer.rendered
    }

    // MARK: text and Markdown, from templates

    /// The context the text and Markdown templates are rendered over.
    public var context: ExplanationContext { ExplanationContext(site: site, traces: traces, clients: clients) }

    public func text() -> String { page("explain.txt") }

    public func markdown() -> String { page("explain.md") }

    /// The page: each network's block rendered once per distinct block (populations that share their discovery
    /// share their blocks), then placed by the page template.
    private func page(_ template: String) -> String {
        var context = template == "explain.md" ? context.escapedForMarkdown() : context
        context.summary = summary(colored: colored && template == "explain.txt", markdown: template == "explain.md")
        var blocks: [ExplanationContext.Network: String] = [:]
        for p in context.populations.indices {
            for n in context.populations[p].networks.indices {
                let network = context.populations[p].networks[n]
                let block =
                    blocks[network]
                    ?? {
                        var text = words.render(network, "\(template).network")
                        if text.hasSuffix("\n") { text.removeLast() }
                        blocks[network] = text
                        return text
                    }()
                context.populations[p].networks[n].rendered = block
            }
        }
        return words.render(context, template)
    }
}
