import Documentation
import Foundation
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
