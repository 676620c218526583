/// Where each box and arrow of a `DiscoveryDiagram` goes: one column, the client's steps from the top, then the hops
/// after discovery under a caption. Pure geometry, in SVG user units (the page draws one unit as one CSS pixel).
public struct DiagramLayout: Hashable, Sendable {
    public struct Box: Hashable, Sendable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public var node: DiscoveryDiagram.Node
    }

    public struct Arrow: Hashable, Sendable {
        public var x: Int
        public var fromY: Int
        public var toY: Int
        public var winning: Bool
        /// Into a hop: after discovery.
        public var dashed: Bool
    }

    public var width: Int
    public var height: Int
    public var boxes: [Box]
    public var arrows: [Arrow]
    /// The caption above the first hop, at this baseline; nil without hops.
    public var hopCaptionY: Int?

    /// Monospace text at 12 px: about 7.2 px a character; a box fits its longest line.
    static let characterWidth = 7.2
    static let margin = 8
    static let boxHeight = 44
    static let gap = 22
    static let captionHeight = 24
    static let minimumWidth = 300

    public init(_ diagram: DiscoveryDiagram) {
        let longest = diagram.nodes.map { max($0.title.count, $0.detail.count) }.max() ?? 0
        let boxWidth = max(Self.minimumWidth, Int((Double(longest) * Self.characterWidth).rounded(.up)) + 28)
        var boxes: [Box] = []
        var arrows: [Arrow] = []
        var y = Self.margin
        var caption: Int?
        for (index, node) in diagram.nodes.enumerated() {
            if index > 0 {
                let previous = boxes[index - 1]
                if node.kind == .hop && previous.node.kind != .hop {
                    caption = y + Self.gap / 2 + 12
                    y += Self.captionHeight
                }
                arrows.append(
                    Arrow(
                        x: Self.margin + boxWidth / 2, fromY: previous.y + previous.height, toY: y + Self.gap,
                        winning: previous.node.winning && node.winning, dashed: node.kind == .hop))
                y += Self.gap
            }
            boxes.append(Box(x: Self.margin, y: y, width: boxWidth, height: Self.boxHeight, node: node))
            y += Self.boxHeight
        }
        width = boxWidth + 2 * Self.margin
        height = y + Self.margin
        self.boxes = boxes
        self.arrows = arrows
        hopCaptionY = caption
    }

    /// The diagram as an `<svg>` element for inline use in HTML (also well-formed XML on its own). Every text goes
    /// through `HTML.text`; it holds no ids, so the same drawing can appear any number of times in one page.
    /// `label` is the accessible name (`aria-label`), escaped with `HTML.attribute`.
    public func svg(label: String, hopCaption: String) -> String {
        svgParts(hopCaption: hopCaption).svg(label: label)
    }

    /// The SVG without its label, which is all that differs between the populations that share a diagram: laid out
    /// and written once per distinct diagram, labelled per population.
    public struct SVGParts: Hashable, Sendable {
        /// Up to the open `aria-label` attribute.
        var opening: String
        /// After the label: `</title>`, the arrows and boxes, `</svg>`.
        var body: String

        public func svg(label: String) -> String {
            opening + HTML.attribute(label) + "\"><title>" + HTML.text(label) + body
        }
    }

    public func svgParts(hopCaption: String) -> SVGParts {
        let opening =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" aria-label=\""
        var out = "</title>"
        for arrow in arrows {
            let classes = ["edge", arrow.winning ? "win" : nil, arrow.dashed ? "after" : nil].compactMap { $0 }
            let tip = arrow.toY
            out +=
                "<g class=\"\(classes.joined(separator: " "))\"><line x1=\"\(arrow.x)\" y1=\"\(arrow.fromY)\" x2=\"\(arrow.x)\" y2=\"\(tip - 6)\"/><path d=\"M\(arrow.x - 5),\(tip - 8)L\(arrow.x + 5),\(tip - 8)L\(arrow.x),\(tip)Z\"/></g>"
        }
        if let hopCaptionY {
            out +=
                "<text class=\"caption\" x=\"\(Self.margin + width / 2 + 4)\" y=\"\(hopCaptionY)\">\(HTML.text(hopCaption))</text>"
        }
        for box in boxes {
            let node = box.node
            let classes = ["node", node.kind.rawValue, node.mark.rawValue, node.winning ? "win" : nil].compactMap { $0 }
            out += "<g class=\"\(classes.joined(separator: " "))\">"
            out +=
                "<rect class=\"box\" x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"4\"/>"
            out +=
                "<rect class=\"stripe\" x=\"\(box.x)\" y=\"\(box.y)\" width=\"8\" height=\"\(box.height)\" rx=\"2\"/>"
            out += "<text class=\"title\" x=\"\(box.x + 16)\" y=\"\(box.y + 18)\">\(HTML.text(node.title))</text>"
            out += "<text class=\"detail\" x=\"\(box.x + 16)\" y=\"\(box.y + 35)\">\(HTML.text(node.detail))</text>"
            out += "</g>"
        }
        return SVGParts(opening: opening, body: out + "</svg>")
    }
}

extension DiscoveryDiagram {
    /// The diagram as a Mermaid flowchart (the body of a ```` ```mermaid ```` block): one node per box, labels
    /// escaped with `Mermaid.label`, the winning path drawn thick, the hops after discovery as dotted arrows.
    public func mermaid(hopCaption: String) -> String {
        var lines = ["flowchart TD"]
        for (index, node) in nodes.enumerated() {
            lines.append("  n\(index)[\"\(Mermaid.label(node.title))<br/>\(Mermaid.label(node.detail))\"]")
        }
        var winningLinks: [Int] = []
        for index in nodes.indices.dropFirst() {
            let into = nodes[index]
            let arrow =
                into.kind == .hop && nodes[index - 1].kind != .hop
                ? "-. \"\(Mermaid.label(hopCaption))\" .->" : into.kind == .hop ? "-.->" : "-->"
            lines.append("  n\(index - 1) \(arrow) n\(index)")
            if nodes[index - 1].winning && into.winning { winningLinks.append(index - 1) }
        }
        for mark in Mark.allCases {
            let members = nodes.indices.filter { nodes[$0].mark == mark }.map { "n\($0)" }
            if !members.isEmpty { lines.append("  class \(members.joined(separator: ",")) \(mark.rawValue)") }
        }
        let winners = nodes.indices.filter { nodes[$0].winning }.map { "n\($0)" }
        if !winners.isEmpty { lines.append("  class \(winners.joined(separator: ",")) win") }
        lines += [
            "  classDef found fill:#e7f5ea,stroke:#2f7d32", "  classDef absent fill:#f3f3f3,stroke:#8a8a8a",
            "  classDef failed fill:#fdecea,stroke:#c62828", "  classDef connected fill:#e3f0fc,stroke:#1565c0",
            "  classDef prompt fill:#fff6df,stroke:#b26a00", "  classDef hop fill:#f1ecf9,stroke:#5e35b1",
            "  classDef win stroke-width:3px",
        ]
        if !winningLinks.isEmpty {
            lines.append("  linkStyle \(winningLinks.map(String.init).joined(separator: ",")) stroke-width:3px")
        }
        return lines.joined(separator: "\n")
    }
}
