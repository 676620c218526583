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

    public init(site: Site, runs: [DiscoveryRun], clients: ClientCatalog) {
        self.site = site
        self.runs = runs
        self.traces = runs.map(\.trace)
        self.clients = clients
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

    /// Traces grouped by population, in site order.
    var byPopulation: [(population: Population, traces: [DiscoveryTrace])] {
        let grouped = Dictionary(grouping: traces, by: \.population)
        return site.populations.compactMap { population in
            grouped[population.name].map { (population, $0) }
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

    // MARK: text

    public func text() -> String {
        var out = "\(site.name): sign-in discovery, from \(site.file)\n"
        for (population, traces) in byPopulation {
            out += "\n" + header(population, traces: traces, underline: "=")
            let shared = Self.sharedNotes(traces)
            for note in shared { out += "note: \(note)\n" }
            for trace in traces {
                out += "\n" + paragraph(trace) + "\n"
                for (index, step) in trace.steps.enumerated() {
                    out += "  \(index + 1). \(stepLine(step))\n"
                }
                if !trace.hops.isEmpty {
                    out += "  then:\n"
                    for hop in trace.hops {
                        out += "    -> \(hop.server) (\(hop.role)) \(hop.action.verb): \(hop.reason)\n"
                    }
                }
                if let registrar = trace.outcome.registrar {
                    out += "  registers with: \(registrar)\n"
                }
                if let names = trace.outcome.certificateNames, trace.outcome.status != .failed {
                    out +=
                        "  certificate of \(trace.outcome.server ?? "the server") must carry: \(names.joined(separator: ", "))\n"
                }
                for note in trace.notes where !shared.contains(note) {
                    out += "  note: \(note)\n"
                }
            }
            if let settings = traces.first?.settings {
                out +=
                    "\n"
                    + settingsText(
                        settings, population: population, key: clients[population.settings.client.value]?.policyRoot)
            }
        }
        if byPopulation.isEmpty { out += "\nno population matches\n" }
        return out
    }

    private func header(_ population: Population, traces: [DiscoveryTrace], underline: Character) -> String {
        let profile = clients[population.settings.client.value]
        let title = "\(population.name)"
        var out = title + "\n" + String(repeating: underline, count: title.count) + "\n"
        out += "OU \(population.ou)\n"
        out +=
            "client \(profile?.displayName ?? population.settings.client.value) (\(population.settings.client.value)), "
        out += "SIP domain \(population.settings.sipDomain.value), \(population.settings.signIn.value.mode) sign-in"
        if let parent = population.parent { out += ", inherits from '\(parent)'" }
        return out + "\n"
    }

    func paragraph(_ trace: DiscoveryTrace) -> String {
        let network = trace.network == .inside ? "Inside the firewall" : "Outside the firewall"
        let status: String
        switch trace.outcome.status {
        case .connected: status = "signs in"
        case .prompt: status = "asks the user"
        case .failed: status = "FAILS"
        }
        var sentence = "\(network) (\(status)): the client \(trace.outcome.headline)."
        if trace.outcome.status != .failed { sentence += " " + Self.capitalized(trace.outcome.reason) + "." }
        return sentence
    }

    /// Notes every network's trace of a population carries (the discovery order followed, for instance): printed
    /// once under the population instead of once per network. The JSON keeps them on every result.
    static func sharedNotes(_ traces: [DiscoveryTrace]) -> [String] {
        guard traces.count > 1, let first = traces.first else { return [] }
        return first.notes.filter { note in traces.dropFirst().allSatisfy { $0.notes.contains(note) } }
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    func stepLine(_ step: DiscoveryStep) -> String {
        let source = step.span.map { "  [\($0)]" } ?? ""
        if step.result == .found, let answer = step.answer {
            return "\(step.type) \(step.lookup) -> \(answer)\(source)"
        }
        return "\(step.type) \(step.lookup) -> \(step.result.rawValue): \(step.detail)\(source)"
    }

    private func settingsText(_ settings: [EffectiveSetting], population: Population, key: String?) -> String {
        guard !settings.isEmpty else {
            return "policy: nothing configured (the client keeps its own settings)\n"
        }
        let machine = population.settings.scope.value == .machine
        let scope = machine ? "Computer Configuration" : "User Configuration"
        var out = "policy, \(scope), \(machine ? "HKLM" : "HKCU")\\\(key ?? ""):\n"
        let width = settings.map { "\($0.name) = \($0.value.display)".count }.max() ?? 0
        for setting in settings {
            let assignment = "\(setting.name) = \(setting.value.display)"
            out +=
                "  \(assignment.padding(toLength: width, withPad: " ", startingAt: 0))  in \"\(setting.gpo)\", from \(setting.source)\n"
            if let note = setting.note { out += "    (\(note))\n" }
        }
        return out
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# \(site.name): sign-in discovery\n\nFrom `\(site.file)`.\n"
        for (population, traces) in byPopulation {
            let profile = clients[population.settings.client.value]
            out += "\n## \(population.name)\n\n"
            out += "- OU: `\(population.ou)`\n"
            out += "- Client: \(profile?.displayName ?? "") (`\(population.settings.client.value)`)\n"
            out +=
                "- SIP domain: `\(population.settings.sipDomain.value)`, \(population.settings.signIn.value.mode) sign-in\n"
            if let parent = population.parent { out += "- Inherits from: \(parent)\n" }
            let shared = Self.sharedNotes(traces)
            for note in shared { out += "- Note: \(cell(note))\n" }
            for trace in traces {
                out += "\n### \(trace.network == .inside ? "Inside" : "Outside"): \(trace.outcome.status.rawValue)\n\n"
                out += paragraph(trace) + "\n\n"
                out += "| # | Type | Query | Result | Answer | Source |\n|---|---|---|---|---|---|\n"
                for (index, step) in trace.steps.enumerated() {
                    let answer = step.result == .found ? (step.answer ?? "") : step.detail
                    out +=
                        "| \(index + 1) | \(step.type) | `\(step.lookup)` | \(step.result.rawValue) | \(cell(answer)) | \(step.span.map { "`\($0)`" } ?? "") |\n"
                }
                if !trace.hops.isEmpty {
                    out += "\n| Server | Role | Action | Why |\n|---|---|---|---|\n"
                    for hop in trace.hops {
                        out += "| `\(hop.server)` | \(hop.role) | \(hop.action.rawValue) | \(cell(hop.reason)) |\n"
                    }
                }
                if let registrar = trace.outcome.registrar {
                    out += "\nRegisters with `\(registrar)`.\n"
                }
                if let names = trace.outcome.certificateNames, trace.outcome.status != .failed {
                    out +=
                        "\nCertificate of `\(trace.outcome.server ?? "")` must carry: \(names.map { "`\($0)`" }.joined(separator: ", ")).\n"
                }
                let own = trace.notes.filter { !shared.contains($0) }
                if !own.isEmpty {
                    out += "\n" + own.map { "- \(cell($0))" }.joined(separator: "\n") + "\n"
                }
            }
            if let settings = traces.first?.settings, !settings.isEmpty {
                out += "\n| Policy value | Value | Hive | GPO | Source |\n|---|---|---|---|---|\n"
                for setting in settings {
                    out +=
                        "| `\(setting.name)` | \(cell(setting.value.display)) | \(setting.hive) | \(cell(setting.gpo)) | `\(setting.source)` |\n"
                }
            }
        }
        return out
    }

    private func cell(_ text: String) -> String {
        text.contains("|") ? text.replacingOccurrences(of: "|", with: "\\|") : text
    }
}
