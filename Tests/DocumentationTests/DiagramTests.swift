import Discovery
import Documentation
import Foundation
import SiteModel
import Testing

/// The discovery diagram: read from the typed run, laid out in one column, drawn as SVG that `xmllint` accepts and
/// as Mermaid.
@Suite struct DiagramTests {
    static func node(
        _ kind: DiscoveryDiagram.Kind, _ mark: DiscoveryDiagram.Mark, _ title: String, winning: Bool = false
    ) -> DiscoveryDiagram.Node {
        DiscoveryDiagram.Node(kind: kind, mark: mark, title: title, detail: "detail of \(title)", winning: winning)
    }

    static let sample = DiscoveryDiagram(
        nodes: [
            node(.lookup, .absent, "A lyncdiscoverinternal.contoso.com"),
            node(.lookup, .found, "SRV _sipinternaltls._tcp.contoso.com", winning: true),
            node(.connection, .connected, "TLS pool01.contoso.com:5061", winning: true),
            node(.hop, .hop, "director dir01.contoso.com", winning: true),
            node(.hop, .hop, "frontEnd pool01.contoso.com with a much longer name than the others have", winning: true),
        ], status: .connected)

    @Test func boxesStackWithoutOverlapAndArrowsJoinNeighbours() {
        let layout = DiagramLayout(Self.sample)
        #expect(layout.boxes.count == 5)
        #expect(layout.arrows.count == 4)
        for (upper, lower) in zip(layout.boxes, layout.boxes.dropFirst()) {
            #expect(upper.y + upper.height < lower.y)
            #expect(upper.x == lower.x && upper.width == lower.width)
        }
        for (index, arrow) in layout.arrows.enumerated() {
            #expect(arrow.fromY == layout.boxes[index].y + layout.boxes[index].height)
            #expect(arrow.toY == layout.boxes[index + 1].y)
            #expect(arrow.winning == (index >= 1))
            #expect(arrow.dashed == (index >= 2))
        }
        let caption = try? #require(layout.hopCaptionY)
        #expect(caption.map { $0 > layout.boxes[2].y + layout.boxes[2].height && $0 < layout.boxes[3].y } == true)
        #expect(layout.height == layout.boxes.last!.y + layout.boxes.last!.height + 8)
        // The widest text fits its box at 7.2 px a character.
        let longest = Self.sample.nodes.map { max($0.title.count, $0.detail.count) }.max()!
        #expect(Double(layout.boxes[0].width) >= Double(longest) * 7.2 + 16)
        #expect(layout.width == layout.boxes[0].width + 16)
    }

    @Test func noHopsNoCaption() {
        let layout = DiagramLayout(DiscoveryDiagram(nodes: Array(Self.sample.nodes.prefix(3)), status: .connected))
        #expect(layout.hopCaptionY == nil)
        #expect(!layout.svg(label: "x", hopCaption: "after").contains("class=\"caption\""))
    }

    @Test func svgIsWellFormedAndMarksEachBox() throws {
        let svg = DiagramLayout(Self.sample).svg(label: "<script>\"pop\"</script>", hopCaption: "after & <then>")
        #expect(try xmllint(svg) == nil)
        #expect(svg.components(separatedBy: "<g class=\"node ").count - 1 == 5)
        #expect(svg.contains("<g class=\"node lookup absent\">"))
        #expect(svg.contains("<g class=\"node lookup found win\">"))
        #expect(svg.contains("<g class=\"node connection connected win\">"))
        #expect(svg.contains("aria-label=\"&lt;script&gt;&quot;pop&quot;&lt;/script&gt;\""))
        #expect(!svg.contains("id="), "a diagram appears many times in one page: it must not declare ids")
    }

    @Test func mermaidHasANodePerBoxAndThickWinningLinks() {
        let mermaid = Self.sample.mermaid(hopCaption: "after \"discovery\"")
        let lines = mermaid.split(separator: "\n")
        #expect(lines.first == "flowchart TD")
        #expect(lines.filter { $0.hasPrefix("  n") && $0.contains("[\"") }.count == 5)
        #expect(lines.contains("  n2 -. \"after #34;discovery#34;\" .-> n3"))
        #expect(lines.contains("  n3 -.-> n4"))
        #expect(lines.contains("  linkStyle 1,2,3 stroke-width:3px"))
        #expect(lines.contains("  class n1,n2,n3,n4 win"))
    }

    /// The resource-forest example: inside, Lync 2013 finds no Autodiscover record, then the SRV record, its
    /// address and the pool; the winning path is the SRV lookup, the address lookup and the connection.
    @Test func resourceForestInsideFromTheTypedRun() throws {
        let compilation = try compile("policies/resource-forest.yaml")
        let run = try #require(compilation.runs.first { $0.population == "Employees" && $0.network == .inside })
        let diagram = DiscoveryDiagram(run)
        #expect(diagram.nodes.map(\.mark) == [.absent, .absent, .found, .found, .connected])
        #expect(diagram.nodes.map(\.winning) == [false, false, true, true, true])
        #expect(diagram.nodes[2].title == "SRV _sipinternaltls._tcp.fabrikam.com")
        #expect(diagram.status == .connected)
    }

    /// A site with pools: the hops to the home pool follow the connection, on the winning path when it signs in.
    @Test func hopsFollowTheConnection() throws {
        var found = false
        for site in exampleSites {
            for run in try compile(site).runs where !run.hops.isEmpty {
                let diagram = DiscoveryDiagram(run)
                let hops = diagram.nodes.filter { $0.kind == .hop }
                #expect(hops.count == run.hops.count)
                #expect(diagram.nodes.suffix(hops.count).allSatisfy { $0.kind == .hop })
                #expect(hops.allSatisfy { $0.winning == (run.outcome.status != .failed) })
                found = true
            }
        }
        #expect(found, "no example site has hops after discovery any more")
    }

    /// Every diagram of every example site (and of the hostile fixtures) is well-formed XML.
    @Test(arguments: exampleSites)
    func everyDiagramPassesXmllint(_ site: String) throws {
        let page = try #require(try documentation(site)["index.html"])
        var diagrams: [String] = []
        var rest = Substring(page)
        while let start = rest.range(of: "<svg "),
            let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex)
        {
            diagrams.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        #expect(!diagrams.isEmpty)
        let document = "<diagrams>\n" + Set(diagrams).sorted().joined(separator: "\n") + "\n</diagrams>\n"
        let problems = try xmllint(document)
        #expect(problems == nil, "\(problems ?? "")")
    }
}
