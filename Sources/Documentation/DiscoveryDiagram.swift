import Discovery
import SiteModel

/// One population's discovery path on one network as boxes and arrows, read from the typed `DiscoveryRun`: each
/// lookup and connection a box marked found, absent or failed, the boxes of the winning path highlighted, and the
/// hops to the home pool after it. Drawn as inline SVG (`svg`) for `index.html` and as a Mermaid flowchart
/// (`mermaid`) for `site.md`, from the same nodes.
public struct DiscoveryDiagram: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case lookup
        case connection
        case hop
    }

    /// How a box ends: what its colour and its marker say.
    public enum Mark: String, Hashable, Sendable, CaseIterable {
        /// The query returned records.
        case found
        /// No record of the type asked.
        case absent
        /// A lookup that could not be followed (an alias loop), or a connection the client could not use.
        case failed
        /// A connection the client uses without asking.
        case connected
        /// A connection the user must accept.
        case prompt
        /// A server after discovery, on the way to the home pool.
        case hop
    }

    public struct Node: Hashable, Sendable {
        public var kind: Kind
        public var mark: Mark
        /// First line: `SRV _sipinternaltls._tcp.contoso.com`, `TLS pool01.contoso.com:5061`, `frontEnd pool01…`.
        public var title: String
        /// Second line: what it answered or decided.
        public var detail: String
        /// On the path that produced the outcome (the lookups that found the server, the connection, the hops).
        public var winning: Bool

        public init(kind: Kind, mark: Mark, title: String, detail: String, winning: Bool) {
            self.kind = kind
            self.mark = mark
            self.title = title
            self.detail = detail
            self.winning = winning
        }
    }

    public var nodes: [Node]
    /// The outcome: `connected`, `prompt` or `failed`.
    public var status: DiscoveryOutcome.Status

    public init(nodes: [Node], status: DiscoveryOutcome.Status) {
        self.nodes = nodes
        self.status = status
    }

    public init(_ run: DiscoveryRun) {
        let winning = Self.winningEvents(run)
        var nodes: [Node] = []
        for (index, event) in run.events.enumerated() {
            switch event {
            case .lookup(let lookup):
                nodes.append(
                    Node(
                        kind: .lookup, mark: Self.mark(lookup),
                        title: "\(lookup.types.map(\.rawValue).joined(separator: "/")) \(lookup.name)",
                        detail: Self.answer(lookup), winning: winning.contains(index)))
            case .connection(let connection):
                let isOutcome = winning.contains(index)
                let mark: Mark =
                    connection.result != .connected && !(isOutcome && run.outcome.status == .prompt)
                    ? .failed : isOutcome && run.outcome.status == .prompt ? .prompt : .connected
                nodes.append(
                    Node(
                        kind: .connection, mark: mark,
                        title: "\(connection.candidate.transport.rawValue) \(connection.candidate.endpoint)",
                        detail: "\(connection.address.text): \(Self.result(connection, mark: mark))",
                        winning: isOutcome))
            }
        }
        let reached = run.outcome.status != .failed
        for hop in run.hops {
            nodes.append(
                Node(
                    kind: .hop, mark: .hop, title: "\(hop.role) \(hop.server)", detail: hop.action.verb,
                    winning: reached))
        }
        self.init(nodes: nodes, status: run.outcome.status)
    }

    /// The indices of the events that produced the outcome: the winning connection, the lookup it came from (its
    /// `via`), and the alias and address lookups between them that led to the connected host.
    static func winningEvents(_ run: DiscoveryRun) -> Set<Int> {
        guard let connection = run.outcome.connection,
            let end = run.events.lastIndex(where: { $0.connection == connection })
        else { return [] }
        var out: Set<Int> = [end]
        var names: Set<DNSName> = []
        if case .name(let host) = connection.candidate.host { names.insert(host) }
        let via: DNSName? = if case .lookup(let name, _) = connection.candidate.via { name } else { nil }
        var index = end - 1
        while index >= 0 {
            if let lookup = run.events[index].lookup {
                if lookup.name == via {
                    out.insert(index)
                    break
                }
                if names.contains(lookup.name) && lookup.found {
                    out.insert(index)
                } else if case .alias(let target) = lookup.answer, names.contains(target) {
                    names.insert(lookup.name)
                    out.insert(index)
                }
            }
            index -= 1
        }
        return out
    }

    static func mark(_ lookup: LookupEvent) -> Mark {
        switch lookup.answer {
        case .services, .alias, .addresses: .found
        case .absent: .absent
        case .aliasLoop: .failed
        }
    }

    static func answer(_ lookup: LookupEvent) -> String {
        switch lookup.answer {
        case .services(let records):
            let shown = records.prefix(2).map { "\($0.target):\($0.port)" }.joined(separator: ", ")
            return "found: " + shown + (records.count > 2 ? " and \(records.count - 2) more" : "")
        case .alias(let target): return "found: alias of \(target)"
        case .addresses(let addresses):
            let shown = addresses.prefix(2).map(\.text).joined(separator: ", ")
            return "found: " + shown + (addresses.count > 2 ? " and \(addresses.count - 2) more" : "")
        case .absent: return "absent: no record"
        case .aliasLoop: return "failed: the alias chain loops"
        }
    }

    static func result(_ connection: ConnectionEvent, mark: Mark) -> String {
        switch mark {
        case .prompt: "the user is asked to trust it"
        case .connected: "connected"
        default: connection.result == .unreachable ? "failed: unreachable" : "failed: refused"
        }
    }
}
