import Discovery
import Foundation
import SiteModel

/// The explanation of a site's sign-in discovery, in the three forms `explain` prints and `build` writes.
public struct Explanation: Sendable {
    public var site: Site
    public var runs: [DiscoveryRun]
    /// The runs in words, rendered once.
    public var traces: [DiscoveryTrace] { didSet { shapes = [] } }
    /// For each trace, the distinct run it renders: traces of one shape differ only in who they are for (population,
    /// OU, settings, preferences), so their other parts are written once. Empty once `traces` is changed.
    var shapes: [Int]
    public var clients: ClientCatalog
    public var words: Words
    /// Colour the summary's text cells by status (ANSI), for a terminal.
    public var colored = false

    public init(site: Site, runs: [DiscoveryRun], clients: ClientCatalog, words: Words = .bundled) {
        self.site = site
        self.runs = runs
        // Populations that share every input of discovery have the same run but for who they are: render each
        // distinct run once (a large site has thousands of populations and a few dozen distinct runs).
        var rendered: [DiscoveryRun: (shape: Int, trace: DiscoveryTrace)] = [:]
        var shapes: [Int] = []
        shapes.reserveCapacity(runs.count)
        self.traces = runs.map { run in
            var key = run
            key.population = ""
            key.ou = ""
            key.settings = []
            key.preferences = []
            let shared =
                rendered[key]
                ?? {
                    let new = (shape: rendered.count, trace: key.trace(phrasebook: words.phrasebook))
                    rendered[key] = new
                    return new
                }()
            shapes.append(shared.shape)
            var trace = shared.trace
            trace.population = run.population
            trace.ou = run.ou
            trace.settings = run.settings
            trace.preferences = run.preferences
            return trace
        }
        self.shapes = shapes
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

    public func json() -> String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// `json()` as UTF-8: the parts that traces of one shape share are written once and copied.
    public func jsonBytes() -> [UInt8] {
        // About 3 KB per trace: reserved once instead of doubling (and copying) a buffer of tens of megabytes;
        // pages never written are never resident.
        var writer = JSONWriter(capacity: 4096 * traces.count + (1 << 16))
        var shared: [JSONWriter.SharedKey<DiscoveryTrace.SharedPart>: [UInt8]] = [:]
        writer.object { w in
            w.member("site", site.name)
            w.member("results") { w in
                w.array { w in
                    for (index, trace) in traces.enumerated() {
                        let shape = shapes.isEmpty ? nil : shapes[index]
                        w.element { trace.write(to: &$0, shape: shape, shared: &shared) }
                    }
                }
            }
        }
        return writer.finish()
    }

    // MARK: text and Markdown, from templates

    /// The context the text and Markdown templates are rendered over.
    public var context: ExplanationContext { ExplanationContext(site: site, traces: traces, clients: clients) }

    public func text() -> String { page("explain.txt") }

    public func markdown() -> String { page("explain.md") }

    /// The page: each network's block rendered once per distinct block (populations that share their discovery
    /// share their blocks), then placed by the page template.
    private func page(_ template: String) -> String {
        let markdown = template == "explain.md"
        // The precompiled page reads only each network's `rendered` block: escaping each distinct network once, for
        // its block, is enough. A template of the administrator's may read any field, escaped.
        let escapeNetworks = markdown && !words.precompiled.contains(template)
        var context = markdown ? context.escapedForMarkdown(networks: escapeNetworks) : context
        context.summary = summary(colored: colored && template == "explain.txt", markdown: markdown)
        var blocks: [ExplanationContext.Network: String] = [:]
        for p in context.populations.indices {
            for n in context.populations[p].networks.indices {
                let network = context.populations[p].networks[n]
                let block =
                    blocks[network]
                    ?? {
                        let escaped =
                            markdown && !escapeNetworks ? ExplanationContext.escapedForMarkdown(network) : network
                        var text = words.render(escaped, "\(template).network")
                        if text.hasSuffix("\n") { text.removeLast() }
                        blocks[network] = text
                        return text
                    }()
                context.populations[p].networks[n].rendered = block
            }
        }
        return words.renderPage(context, template)
    }
}
