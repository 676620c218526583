import Discovery
import Mustache
import SiteModel

extension ExplanationContext {
    /// The table at the top of the explanation: one row per population, its outcome inside and outside, from the
    /// typed runs. Each cell's words come from `words/explain.summary.mustache`; the text form pads the columns.
    public struct Summary: Codable, Hashable, Sendable {
        public var hasRows = false
        /// The column headings, each as the summary template renders it, and whether each network has a column.
        public var populationHeading = ""
        public var insideHeading = ""
        public var outsideHeading = ""
        public var hasInside = false
        public var hasOutside = false
        /// The heading line, a rule of dashes under it, then one line per population: padded text columns.
        public var heading = ""
        public var rule = ""
        public var rows: [Row] = []

        public init() {}
    }

    public struct SummaryRow: Codable, Hashable, Sendable {
        public var name: String
        /// The rendered cells (empty when the network was not simulated), and `connected`/`prompt`/`failed`.
        public var inside: String
        public var outside: String
        public var insideStatus: String
        public var outsideStatus: String
        /// The row as a padded text line (coloured by status when the explanation is).
        public var line: String
    }
}

extension ExplanationContext.Summary {
    public typealias Row = ExplanationContext.SummaryRow
}

/// What one cell of the summary is rendered over: a column heading (one flag set) or an outcome.
struct SummaryCell: MustacheParent, Hashable {
    var populationHeading = false
    var insideHeading = false
    var outsideHeading = false
    var connected = false
    var prompt = false
    var failed = false
    /// `pool01.contoso.com:5061`, when discovery reached a server.
    var server: String?
    /// The lookup that gave the server, without the SIP domain (`_sipinternaltls._tcp`), or `manual`.
    var via: String?
    var manual = false
    /// True when the server is the name that was looked up (Autodiscover, an A record): `via` adds nothing.
    var viaIsServer = false
    /// A row that stands for several populations with the same outcomes (`SummaryGroup`).
    var group: SummaryGroup?
    /// A cell that stands for this many different outcomes of the same status (when even grouped rows would not fit
    /// a screen).
    var outcomes: Int?

    init() {}

    /// The outcome of `run`; `escape` is applied to every value from the site (Markdown's `text` for explain.md).
    init(_ run: DiscoveryRun, escape: (String) -> String = { $0 }) {
        connected = run.outcome.status == .connected
        prompt = run.outcome.status == .prompt
        failed = run.outcome.status == .failed
        if let candidate = run.outcome.candidate {
            server = escape(candidate.endpoint)
            switch candidate.via {
            case .manual:
                manual = true
                via = escape("manual")
            case .lookup(let name, _):
                viaIsServer = candidate.hostName == name.description
                via = escape(
                    name != run.sipDomain && name.isSubdomain(of: run.sipDomain)
                        ? name.labels.dropLast(run.sipDomain.labels.count).joined(separator: ".") : name.description)
            }
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "populationHeading": populationHeading
        case "insideHeading": insideHeading
        case "outsideHeading": outsideHeading
        case "connected": connected
        case "prompt": prompt
        case "failed": failed
        case "server": server
        case "via": via
        case "manual": manual
        case "viaIsServer": viaIsServer
        case "group": group
        case "outcomes": outcomes
        default: nil
        }
    }
}

/// Populations with the same outcomes, summarised in one row: the first one's name and how many more.
struct SummaryGroup: MustacheParent, Hashable {
    var first: String
    var others: Int
    var hasOthers: Bool { others > 0 }

    func child(named name: String) -> Any? {
        switch name {
        case "first": first
        case "others": others
        case "hasOthers": hasOthers
        default: nil
        }
    }
}

extension Explanation {
    /// The most rows the summary has before populations with the same outcomes share a row: one screen.
    public static let summaryRowLimit = 20

    /// The summary of `runs` in site order; `colored` wraps each text cell in the ANSI colour of its status.
    /// With `markdown`, names and servers are escaped as Markdown text (the cells go into a table of explain.md).
    public func summary(colored: Bool = false, markdown: Bool = false) -> ExplanationContext.Summary {
        let escape: (String) -> String = markdown ? { Markdown.text($0) } : { $0 }
        // Thousands of populations share a few dozen outcomes: render each distinct cell once.
        var rendered: [SummaryCell: String] = [:]
        func cell(_ context: SummaryCell) -> String {
            if let text = rendered[context] { return text }
            let text = words.render(context, "explain.summary").trimmingCharacters(in: .newlines)
            rendered[context] = text
            return text
        }
        var summary = ExplanationContext.Summary()
        var byPopulation: [String: [NetworkLocation: DiscoveryRun]] = [:]
        for run in runs { byPopulation[run.population, default: [:]][run.network] = run }
        let populations = site.populations.map(\.name).filter { byPopulation[$0] != nil }
        guard !populations.isEmpty else { return summary }
        summary.hasRows = true
        summary.hasInside = runs.contains { $0.network == .inside }
        summary.hasOutside = runs.contains { $0.network == .outside }
        var heading = SummaryCell()
        heading.populationHeading = true
        summary.populationHeading = cell(heading)
        heading = SummaryCell()
        heading.insideHeading = true
        summary.insideHeading = cell(heading)
        heading = SummaryCell()
        heading.outsideHeading = true
        summary.outsideHeading = cell(heading)

        var rows: [ExplanationContext.SummaryRow] = populations.map { name in
            let inside = byPopulation[name]?[.inside]
            let outside = byPopulation[name]?[.outside]
            return .init(
                name: escape(name), inside: inside.map { cell(SummaryCell($0, escape: escape)) } ?? "",
                outside: outside.map { cell(SummaryCell($0, escape: escape)) } ?? "",
                insideStatus: inside?.outcome.status.rawValue ?? "",
                outsideStatus: outside?.outcome.status.rawValue ?? "", line: "")
        }
        if rows.count > Self.summaryRowLimit {
            let byOutcome = grouped(rows, statusOnly: false, cell: cell)
            rows = byOutcome.count > Self.summaryRowLimit ? grouped(rows, statusOnly: true, cell: cell) : byOutcome
        }
        // The text table: columns padded to their widest cell, two spaces apart.
        var columns: [(heading: String, cells: [String], statuses: [String])] = [
            (summary.populationHeading, rows.map(\.name), rows.map { _ in "" })
        ]
        if summary.hasInside { columns.append((summary.insideHeading, rows.map(\.inside), rows.map(\.insideStatus))) }
        if summary.hasOutside {
            columns.append((summary.outsideHeading, rows.map(\.outside), rows.map(\.outsideStatus)))
        }
        let widths = columns.map { column in ([column.heading] + column.cells).map(\.count).max() ?? 0 }
        func line(_ cells: [String], statuses: [String]) -> String {
            var out = ""
            for (index, text) in cells.enumerated() {
                let last = index == cells.count - 1
                let padded = last ? text : text.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                out += (index == 0 ? "  " : "  ") + (colored ? Self.color(padded, statuses[index]) : padded)
            }
            return String(out.reversed().drop { $0 == " " }.reversed())
        }
        summary.heading = line(columns.map(\.heading), statuses: columns.map { _ in "" })
        summary.rule = line(widths.map { String(repeating: "-", count: $0) }, statuses: columns.map { _ in "" })
        for index in rows.indices {
            rows[index].line = line(columns.map { $0.cells[index] }, statuses: columns.map { $0.statuses[index] })
        }
        summary.rows = rows
        return summary
    }

    /// One row per distinct pair of outcomes, in the order they first appear, named after the first population;
    /// with `statusOnly`, one row per pair of statuses, whose cells count the different outcomes they stand for.
    private func grouped(
        _ rows: [ExplanationContext.SummaryRow], statusOnly: Bool, cell: (SummaryCell) -> String
    ) -> [ExplanationContext.SummaryRow] {
        struct Outcomes: Hashable {
            var inside: String
            var outside: String
            var insideStatus: String
            var outsideStatus: String
        }
        var order: [Outcomes] = []
        var members: [Outcomes: [ExplanationContext.SummaryRow]] = [:]
        for row in rows {
            let key = Outcomes(
                inside: statusOnly ? "" : row.inside, outside: statusOnly ? "" : row.outside,
                insideStatus: row.insideStatus, outsideStatus: row.outsideStatus)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        func merged(_ cells: [String], status: String) -> String {
            let distinct = Set(cells)
            guard distinct.count > 1 else { return cells[0] }
            var context = SummaryCell()
            context.connected = status == "connected"
            context.prompt = status == "prompt"
            context.failed = status == "failed"
            context.outcomes = distinct.count
            return cell(context)
        }
        return order.map { key in
            let group = members[key]!
            var row = group[0]
            var context = SummaryCell()
            context.group = SummaryGroup(first: row.name, others: group.count - 1)
            row.name = cell(context)
            row.inside = merged(group.map(\.inside), status: row.insideStatus)
            row.outside = merged(group.map(\.outside), status: row.outsideStatus)
            return row
        }
    }

    /// ANSI colour by status: green signs in, yellow asks the user, bold red fails.
    static func color(_ text: String, _ status: String) -> String {
        switch status {
        case "connected": "\u{1B}[32m\(text)\u{1B}[0m"
        case "prompt": "\u{1B}[33m\(text)\u{1B}[0m"
        case "failed": "\u{1B}[1;31m\(text)\u{1B}[0m"
        default: text
        }
    }
}
