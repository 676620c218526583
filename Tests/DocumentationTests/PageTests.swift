import Documentation
import Foundation
import Mustache
import SipgpoTestSupport
import Testing

/// The page and the wiki page as wholes: one summary row and one diagram per population and network, and no markup
/// from names that the templates did not write.
@Suite struct PageTests {
    /// The elements the bundled template and the diagrams write; a name that escaped would add another.
    static let templateElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "code", "span",
        "section", "strong", "ul", "li", "nav", "label", "input", "table", "thead", "tbody", "tr", "th", "td", "a",
        "br", "div", "figure", "svg", "g", "rect", "text", "line", "path", "script", "em",
    ]

    static func elements(_ html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let tag = rest[rest.index(after: open)...].prefix { $0.isLetter || $0.isNumber }
            if !tag.isEmpty { out.append(tag.lowercased()) }
            rest = rest[rest.index(after: open)...]
        }
        return out
    }

    @Test(arguments: exampleSites)
    func oneRowAndOneDiagramPerPopulationAndNetwork(_ path: String) throws {
        let compilation = try compile(path)
        let page = try #require(try documentation(path)["index.html"])
        let populations = compilation.site?.populations.count ?? 0
        #expect(page.components(separatedBy: "<tr class=\"summary-row\"").count - 1 == populations)
        #expect(page.components(separatedBy: "<figure class=\"discovery\"").count - 1 == compilation.runs.count)
        let markdown = try #require(try documentation(path)["site.md"])
        #expect(markdown.components(separatedBy: "```mermaid\n").count - 1 == compilation.runs.count)
    }

    @Test(arguments: exampleSites)
    func namesAddNoElements(_ path: String) throws {
        let page = try #require(try documentation(path)["index.html"])
        let unexpected = Set(Self.elements(page)).subtracting(Self.templateElements)
        #expect(unexpected.isEmpty, "elements the template does not write: \(unexpected.sorted())")
        #expect(page.components(separatedBy: "<script").count - 1 == 1, "only the template's own script")
        #expect(!page.contains("<!DOCTYPE html>\n<html") || page.hasPrefix("<!DOCTYPE html>"))
    }

    /// The hostile fixture's names reach the page only as text, and the wiki page's Mermaid blocks only as labels.
    @Test func hostileNamesAreText() throws {
        let docs = try documentation("Tests/DocumentationTests/Fixtures/hostile-docs.yaml")
        let page = try #require(docs["index.html"])
        #expect(page.contains("&lt;script&gt;alert(\"pop\")&lt;/script&gt;"))
        #expect(page.contains("data-filter=\"&lt;script&gt;alert(&quot;pop&quot;)&lt;/script&gt;"))
        #expect(!page.contains("<svg onload"))
        #expect(page.contains("<title>&lt;/title&gt;&lt;script&gt;alert('site')&lt;/script&gt;"))
        let markdown = try #require(docs["site.md"])
        var blocks: [Substring] = []
        var rest = Substring(markdown)
        while let start = rest.range(of: "```mermaid\n"),
            let end = rest.range(of: "\n```\n", range: start.upperBound..<rest.endIndex)
        {
            blocks.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        #expect(blocks.count == 4)
        for block in blocks {
            for line in block.split(separator: "\n") {
                guard line.hasPrefix("  n"), let open = line.range(of: "[\"") else { continue }
                let label = line[open.upperBound...].dropLast(2)
                #expect(!label.contains("\"") && !label.contains("`") && line.hasSuffix("\"]"), "\(line)")
            }
        }
        // Outside the diagrams, the names are Markdown text: no raw HTML, links or fences.
        #expect(
            markdown.components(separatedBy: "<script").count == markdown.components(separatedBy: "\\<script").count)
        #expect(markdown.contains("\\<script"))
        #expect(!markdown.contains("[l](javascript"))
        #expect(markdown.components(separatedBy: "```").count - 1 == 8)
    }

    @Test func warningsStandNextToWhatTheyAreAbout() throws {
        let docs = try documentation("Tests/DocumentationTests/Fixtures/hostile-docs.yaml")
        let page = try #require(docs["index.html"])
        // Both populations carry one warning each, in their own section and as the count in their summary row.
        let sections = page.components(separatedBy: "<section class=\"population\"").dropFirst()
        #expect(sections.count == 2)
        for section in sections {
            let own = section.components(separatedBy: "</section>")[0]
            #expect(own.components(separatedBy: "[sign-in-address-not-set]").count - 1 == 1)
        }
        #expect(!page.contains("id=\"other-warnings\""))
    }

    @Test func theBuildWritesTheSamePages() throws {
        let docs = try documentation("policies/resource-forest.yaml")
        #expect(docs.keys.sorted() == ["index.html", "site.md"])
        #expect(docs["index.html"]!.hasPrefix("<!DOCTYPE html>"))
        #expect(!docs["index.html"]!.contains("http://") || !docs["index.html"]!.contains("src=\"http"))
    }
}

/// The context's `child(named:)` (what the templates read, generated for speed) answers every field, as the
/// reflection it replaces would.
@Suite struct ContextLookupTests {
    static func check(_ value: Any, path: String, problems: inout [String]) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection {
            for (index, element) in mirror.children.enumerated() {
                check(element.value, path: "\(path)[\(index)]", problems: &problems)
            }
            return
        }
        guard mirror.displayStyle == .struct else { return }
        guard let parent = value as? MustacheParent else {
            problems.append("\(path): \(type(of: value)) is not a MustacheParent")
            return
        }
        for child in mirror.children {
            guard let label = child.label else { continue }
            let isNil =
                Mirror(reflecting: child.value).displayStyle == .optional
                && Mirror(reflecting: child.value).children.isEmpty
            let isOptional = Mirror(reflecting: child.value).displayStyle == .optional
            let answer = parent.child(named: label)
            if (answer == nil) != isNil {
                problems.append("\(path).\(label): child(named:) answers \(String(describing: answer))")
            }
            if !isOptional, let scalar = answer, scalar is String || scalar is Int || scalar is Bool,
                String(describing: scalar) != String(describing: child.value)
            {
                problems.append("\(path).\(label): child(named:) answers \(scalar), the field is \(child.value)")
            }
            check(child.value, path: "\(path).\(label)", problems: &problems)
        }
    }

    @Test(arguments: ["policies/multi-region.yaml", "Tests/DocumentationTests/Fixtures/hostile-docs.yaml"])
    func everyFieldIsAnswered(_ path: String) throws {
        let context = try documentationContext(path)
        var problems: [String] = []
        Self.check(context, path: "context", problems: &problems)
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
    }
}

/// A large site is split: `index.html` keeps every summary row and the site-wide sections, and each OU subtree's
/// page has its populations' diagrams; every row links to the page and anchor of its population.
@Suite struct SplitTests {
    @Test func aSplitSiteKeepsEveryRowAndEveryDiagramOnce() throws {
        let path = "policies/branch-overrides.yaml"
        let compilation = try compile(path)
        let site = try #require(compilation.site)
        let plan = try #require(compilation.plan)
        let input = DocumentationInput(
            site: site, plan: plan, policies: compilation.policies, runs: compilation.runs, clients: bundledClients,
            diagnostics: compilation.diagnostics.all)
        let files = Dictionary(
            uniqueKeysWithValues: Documentation.files(input, populationsPerPage: 2).map { ($0.path, $0.text) })
        let pages = files.keys.filter { $0.hasPrefix("ou-") && $0.hasSuffix(".html") }.sorted()
        #expect(pages.count >= 2)
        #expect(files.keys.filter { $0.hasPrefix("ou-") && $0.hasSuffix(".md") }.count == pages.count)
        let index = try #require(files["index.html"])
        #expect(index.components(separatedBy: "<tr class=\"summary-row\"").count - 1 == site.populations.count)
        #expect(!index.contains("<figure class=\"discovery\""))
        #expect(index.contains("id=\"dns\""))
        var diagrams = 0
        for page in pages {
            let text = files[page]!
            diagrams += text.components(separatedBy: "<figure class=\"discovery\"").count - 1
            #expect(!text.contains("id=\"dns\""), "site-wide sections stay on the index")
            #expect(index.contains("href=\"\(page)\""))
        }
        #expect(diagrams == compilation.runs.count)
        // Each row's link names a page that holds the anchor.
        var rest = Substring(index)
        var links = 0
        while let start = rest.range(of: "<tr class=\"summary-row\"") {
            let row = rest[start.upperBound...]
            let href = try #require(row.range(of: "<a href=\""))
            let target = row[href.upperBound...].prefix { $0 != "\"" }
            let parts = target.split(separator: "#")
            #expect(parts.count == 2)
            #expect(files[String(parts[0])]?.contains("id=\"\(parts[1])\"") == true, "\(target)")
            links += 1
            rest = row[href.upperBound...]
        }
        #expect(links == site.populations.count)
    }
}

/// A DNS view whose records are written in the site description has no zone file; Mustache must not take the page's
/// `file` (the site description) for it when the view's own is absent.
@Suite struct ZoneFileNameTests {
    @Test(arguments: ["index.html", "site.md"])
    func inlineRecordsNameNoZoneFile(page: String) throws {
        let context = try documentationContext("policies/certificate-gaps.yaml")
        #expect(!context.dns.isEmpty && context.dns.allSatisfy { $0.file == nil })
        let text = try #require(try documentation("policies/certificate-gaps.yaml")[page])
        #expect(!text.contains("zone file"))
    }

    @Test(arguments: ["index.html", "site.md"])
    func zoneFilesAreNamed(page: String) throws {
        let text = try #require(try documentation("policies/split-brain-multi-domain.yaml")[page])
        #expect(text.contains("zone file zones/litwareinc-com-external.zone"))
    }
}
