import Foundation
import Mustache
import PolicyPlan
import Rendering
import SipgpoTemplates
import SiteModel

/// **render**, documentation: a compiled site → `docs/index.html` (one self-contained page: no scripts, styles or
/// fonts from elsewhere; inline SVG diagrams) and `docs/site.md` (the same for wikis, diagrams as Mermaid), from the
/// Mustache templates in `templates/docs/` over `DocumentationContext`. An administrator overrides a template with
/// `--templates DIR` (a file in `DIR/docs/` replaces the bundled one of the same name).
public enum Documentation {
    /// The template names, each `templates/docs/NAME.mustache`.
    public static let names = ["index.html", "site.md"]

    /// The caption over the hops after discovery, in every diagram: short enough to fit right of the arrow in the
    /// narrowest box (300 units).
    static let hopCaption = "to the home pool"

    public struct Templates: Sendable {
        let library: MustacheLibrary

        /// The bundled templates. They are tested; failing to load them is a broken installation.
        public static let bundled: Templates = {
            let (templates, diagnostics) = load(override: nil)
            guard let templates else {
                fatalError("the bundled documentation templates do not load: \(diagnostics.map(\.message))")
            }
            return templates
        }()

        func render(_ context: DocumentationContext, _ name: String) -> String {
            library.render(context, withTemplate: name) ?? ""
        }
    }

    /// Loads every template, from `override/docs/` where present, else from the bundle. A template that does not
    /// parse is an error diagnostic with its file, line and column.
    public static func load(override: URL?, bundled: URL? = BundledTemplates.directory) -> (
        templates: Templates?, diagnostics: [Diagnostic]
    ) {
        let (library, diagnostics) = TemplateFolder.load(
            "docs", names: names, override: override, bundled: bundled)
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        return (Templates(library: library), [])
    }

    /// Above this many populations, the documentation is split: `index.html` and `site.md` keep the site at a glance
    /// and the site-wide sections, and each OU subtree gets its own page (`ou-1.html`, `ou-1.md`, …) with its
    /// populations' diagrams and its part of the OU tree. Measured on the generated 10,000-population site (README).
    public static let populationsPerPage = 1000

    /// Every file of the documentation, by path inside `docs/`: `index.html` and `site.md`, and for a site of more
    /// than `populationsPerPage` populations one page per OU subtree beside them.
    public static func files(
        _ input: DocumentationInput, templates: Templates = .bundled, populationsPerPage: Int = populationsPerPage
    ) -> [(path: String, text: String)] {
        let shared = DocumentationFacts(input)
        let targets = [
            (Target.html, "index.html", "html"),
            (Target.markdown, "site.md", "md"),
        ]
        let parts =
            input.site.populations.count > populationsPerPage
            ? Partition.split(input.site.populations, limit: populationsPerPage) : []
        var pageOfPopulation: [String: Int] = [:]
        for (index, part) in parts.enumerated() {
            for population in part.populations { pageOfPopulation[population.name] = index + 1 }
        }
        // The two targets share nothing but the facts, so they render at once; each has its own plan evaluator,
        // whose cache is not thread-safe.
        let pages = Concurrently.map(targets) { [pageOfPopulation] target, name, ext in
            var facts = shared
            facts.evaluator = PlanEvaluator(input.plan)
            return pagesOfTarget(
                target, name: name, ext: ext, facts: facts, parts: parts, pageOfPopulation: pageOfPopulation,
                templates: templates)
        }
        return Array(pages.joined())
    }

    /// One target's pages: the single page, or the index and one page per part.
    static func pagesOfTarget(
        _ target: Target, name: String, ext: String, facts: DocumentationFacts, parts: [Partition.Part],
        pageOfPopulation: [String: Int], templates: Templates
    ) -> [(path: String, text: String)] {
        guard !parts.isEmpty else {
            return [(name, templates.render(DocumentationContext(facts, target: target), name))]
        }
        var out: [(path: String, text: String)] = []
        func listing(current: Int?) -> [DocumentationContext.Part] {
            parts.enumerated().map { index, part in
                DocumentationContext.Part(
                    title: target.text(part.root.description), page: "ou-\(index + 1).\(ext)",
                    populationCount: part.populations.count, current: current == index)
            }
        }
        var index = DocumentationContext(
            facts, target: target, populations: [], siteWide: true, extraOUs: parts.map(\.root))
        let all = DocumentationContext(
            facts, target: target, siteWide: false, details: false,
            pageOf: { pageOfPopulation[$0].map { "ou-\($0).\(ext)" } ?? "" })
        index.summary = all.summary
        index.populationCount = all.populationCount
        index.parts = listing(current: nil)
        index.hasParts = true
        out.append((name, templates.render(index, name)))
        for (number, part) in parts.enumerated() {
            var page = DocumentationContext(
                facts, target: target, populations: part.populations, siteWide: false)
            page.part = target.text(part.root.description)
            page.parts = listing(current: number)
            page.hasParts = true
            out.append(("ou-\(number + 1).\(ext)", templates.render(page, name)))
        }
        return out
    }

    /// The context of the single page (or of `index.html` before any split), for tests and custom renderers.
    public static func context(_ input: DocumentationInput, markdown: Bool = false) -> DocumentationContext {
        DocumentationContext(
            DocumentationFacts(input),
            target: markdown ? .markdown : .html)
    }
}

/// How a large site is cut into pages: by OU subtree, from the top, each subtree one page unless it holds more than
/// the limit, then its child subtrees (populations directly at a subtree's root stay with it).
enum Partition {
    struct Part {
        var root: DistinguishedName
        var populations: [Population]
    }

    static func split(_ populations: [Population], limit: Int) -> [Part] {
        var parts: [Part] = []
        func cut(_ group: [Population], below root: DistinguishedName?, depth: Int) {
            var children: [DistinguishedName: [Population]] = [:]
            var order: [DistinguishedName] = []
            var atRoot: [Population] = []
            for population in group {
                let ou = population.ou
                guard ou.depth > depth else {
                    atRoot.append(population)
                    continue
                }
                let domainComponents = ou.rdns.count - ou.depth
                let child = DistinguishedName(rdns: Array(ou.rdns.suffix(domainComponents + depth + 1)))
                if children[child] == nil { order.append(child) }
                children[child, default: []].append(population)
            }
            if let root, !atRoot.isEmpty { parts.append(Part(root: root, populations: atRoot)) }
            if root == nil, !atRoot.isEmpty {
                let domains = Dictionary(grouping: atRoot) {
                    DistinguishedName(rdns: $0.ou.rdns.filter { $0.type == "DC" })
                }
                for (domain, members) in domains.sorted(by: { $0.key < $1.key }) {
                    parts.append(Part(root: domain, populations: members))
                }
            }
            for child in order {
                let members = children[child]!
                if members.count > limit && members.contains(where: { $0.ou.depth > depth + 1 }) {
                    cut(members, below: child, depth: depth + 1)
                } else {
                    parts.append(Part(root: child, populations: members))
                }
            }
        }
        cut(populations, below: nil, depth: 0)
        return parts
    }
}
