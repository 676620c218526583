import Discovery
import Mustache
import SiteModel

/// What the explanation templates (`words/explain.txt`, `words/explain.md`) are rendered over. Documented in
/// `templates/README.md`; add fields, never rename (administrators' templates use them).
public struct ExplanationContext: Codable, Hashable, Sendable {
    public var site: String
    /// The site description as named on the command line.
    public var file: String
    public var populations: [Population]
    /// The table that opens the page: each population's outcome inside and outside (`ExplanationSummary.swift`).
    public var summary = Summary()

    public struct Population: Codable, Hashable, Sendable {
        public var name: String
        /// `=` as long as the name, for a text heading.
        public var underline: String
        public var ou: String
        public var clientName: String
        public var clientID: String
        public var sipDomain: String
        /// `automatic` or `manual`.
        public var mode: String
        /// The population it inherits settings from.
        public var parent: String?
        /// Notes every network's run carries, said once.
        public var sharedNotes: [String]
        public var networks: [Network]
        public var policy: Policy
    }

    public struct Network: Codable, Hashable, Sendable {
        /// `inside` or `outside`.
        public var network: String
        /// `Inside` or `Outside`.
        public var title: String
        /// `connected`, `prompt` or `failed`.
        public var status: String
        /// "Inside the firewall (signs in): the client connects to … Its reason."
        public var paragraph: String
        public var steps: [Step]
        public var hasHops: Bool
        public var hops: [Hop]
        public var registrar: String?
        public var certificate: Certificate?
        public var hasNotes: Bool
        /// The notes of this network not already in `sharedNotes`.
        public var notes: [String]
        /// This network's block as `words/explain.txt.network` or `explain.md.network` renders it, without its
        /// final newline (the page template places it).
        public var rendered: String = ""
    }

    public struct Step: Codable, Hashable, Sendable {
        public var number: Int
        public var type: String
        public var lookup: String
        /// `found`, `not-found`, `connected`, `unreachable`, `refused`.
        public var result: String
        /// True when the query returned records (`answer` holds them).
        public var found: Bool
        public var answer: String
        public var detail: String
        /// `site.yaml:12:9`, where the record that answered is written.
        public var source: String?
    }

    public struct Hop: Codable, Hashable, Sendable {
        public var server: String
        public var role: String
        /// `redirect`, `proxy`, `register`, and the verb ("redirects").
        public var action: String
        public var verb: String
        public var reason: String
    }

    public struct Certificate: Codable, Hashable, Sendable {
        public var server: String
        /// The names, comma-separated, and one by one.
        public var names: String
        public var nameList: [Name]
    }

    public struct Name: Codable, Hashable, Sendable {
        public var name: String
        public var last: Bool
    }

    public struct Policy: Codable, Hashable, Sendable {
        public var hasSettings: Bool
        /// `Computer Configuration` or `User Configuration`, its hive, and the client's policy key.
        public var scope: String
        public var hive: String
        public var key: String
        public var settings: [Setting]
        /// The sign-in address preference (Group Policy Preferences) of resource-forest users, when written.
        public var hasPreferences: Bool = false
        public var preferences: [Preference] = []
    }

    public struct Preference: Codable, Hashable, Sendable {
        /// `ServerSipUri`, its value, and the client version's own location (`HKCU`, key).
        public var name: String
        public var value: String
        public var hive: String
        public var key: String
        public var gpo: String
        public var source: String
        /// Where the location is documented, and whether it is uncertain for this client version.
        public var locationSource: String
        public var uncertain: Bool
        /// `hive\key`, the value's location in one piece.
        public var location: String = ""
    }

    public struct Setting: Codable, Hashable, Sendable {
        public var name: String
        /// `1`, `'pool01.contoso.com'`.
        public var display: String
        /// "name = display", padded to the widest of the population's settings.
        public var paddedAssignment: String
        public var hive: String
        public var gpo: String
        public var source: String
        /// Why the value's encoding is uncertain, when it is.
        public var note: String?
    }
}

extension ExplanationContext {
    init(site: Site, traces: [DiscoveryTrace], clients: ClientCatalog) {
        self.site = site.name
        file = site.file
        let grouped = Dictionary(grouping: traces, by: \.population)
        populations = site.populations.compactMap { population in
            grouped[population.name].map { Self.population(population, traces: $0, clients: clients) }
        }
    }

    static func population(_ population: SiteModel.Population, traces: [DiscoveryTrace], clients: ClientCatalog)
        -> Population
    {
        let profile = clients[population.settings.client.value]
        let shared = sharedNotes(traces)
        return Population(
            name: population.name, underline: String(repeating: "=", count: population.name.count),
            ou: population.ou.description, clientName: profile?.displayName ?? population.settings.client.value,
            clientID: population.settings.client.value, sipDomain: population.settings.sipDomain.value.description,
            mode: population.settings.signIn.value.mode, parent: population.parent, sharedNotes: shared,
            networks: traces.map { network($0, shared: shared) },
            policy: policy(
                traces.first?.settings ?? [], population: population, key: profile?.policyRoot,
                preferences: traces.first?.preferences ?? []))
    }

    static func network(_ trace: DiscoveryTrace, shared: [String]) -> Network {
        let own = trace.notes.filter { !shared.contains($0) }
        let names = trace.outcome.status != .failed ? trace.outcome.certificateNames : nil
        return Network(
            network: trace.network.rawValue, title: trace.network == .inside ? "Inside" : "Outside",
            status: trace.outcome.status.rawValue, paragraph: paragraph(trace),
            steps: trace.steps.enumerated().map { index, step in
                Step(
                    number: index + 1, type: step.type, lookup: step.lookup, result: step.result.rawValue,
                    found: step.result == .found && step.answer != nil, answer: step.answer ?? "", detail: step.detail,
                    source: step.span?.description)
            },
            hasHops: !trace.hops.isEmpty,
            hops: trace.hops.map {
                Hop(
                    server: $0.server, role: $0.role, action: $0.action.rawValue, verb: $0.action.verb,
                    reason: $0.reason)
            },
            registrar: trace.outcome.registrar,
            certificate: names.map { names in
                Certificate(
                    server: trace.outcome.server ?? "the server", names: names.joined(separator: ", "),
                    nameList: names.enumerated().map { Name(name: $1, last: $0 == names.count - 1) })
            },
            hasNotes: !own.isEmpty, notes: own)
    }

    /// "Inside the firewall (signs in): the client connects to … . Its reason."
    public static func paragraph(_ trace: DiscoveryTrace) -> String {
        let network = trace.network == .inside ? "Inside the firewall" : "Outside the firewall"
        var status: String
        switch trace.outcome.status {
        case .connected: status = "signs in"
        case .prompt: status = "asks the user"
        case .failed: status = "FAILS"
        }
        if let condition = trace.outcome.portCondition { status += ", " + condition }
        var sentence = "\(network) (\(status)): the client \(trace.outcome.headline)."
        if trace.outcome.status != .failed { sentence += " " + capitalized(trace.outcome.reason) + "." }
        if let shares = trace.outcome.shares { sentence += " " + shares }
        if let ports = trace.outcome.portNote { sentence += " " + ports }
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

    static func policy(
        _ settings: [EffectiveSetting], population: SiteModel.Population, key: String?,
        preferences: [EffectivePreference] = []
    ) -> Policy {
        var policy = self.policy(settings, population: population, key: key)
        policy.hasPreferences = !preferences.isEmpty
        policy.preferences = preferences.map {
            Preference(
                name: $0.name, value: $0.value, hive: $0.hive, key: $0.key, gpo: $0.gpo, source: $0.source,
                locationSource: $0.locationSource, uncertain: $0.uncertain, location: "\($0.hive)\\\($0.key)")
        }
        return policy
    }

    static func policy(_ settings: [EffectiveSetting], population: SiteModel.Population, key: String?) -> Policy {
        let machine = population.settings.scope.value == .machine
        let width = settings.map { "\($0.name) = \($0.value.display)".count }.max() ?? 0
        return Policy(
            hasSettings: !settings.isEmpty, scope: machine ? "Computer Configuration" : "User Configuration",
            hive: machine ? "HKLM" : "HKCU", key: key ?? "",
            settings: settings.map { setting in
                let assignment = "\(setting.name) = \(setting.value.display)"
                return Setting(
                    name: setting.name, display: setting.value.display,
                    paddedAssignment: assignment.padding(toLength: width, withPad: " ", startingAt: 0),
                    hive: setting.hive, gpo: setting.gpo, source: setting.source, note: setting.note)
            })
    }
}

// Mustache looks a name up through `MustacheParent` without reflection: much faster than `Mirror` on large sites.

extension ExplanationContext.Population: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "underline": self.underline
        case "ou": self.ou
        case "clientName": self.clientName
        case "clientID": self.clientID
        case "sipDomain": self.sipDomain
        case "mode": self.mode
        case "parent": self.parent
        case "sharedNotes": self.sharedNotes
        case "networks": self.networks
        case "policy": self.policy
        default: nil
        }
    }
}

extension ExplanationContext.Network: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "network": self.network
        case "title": self.title
        case "status": self.status
        case "paragraph": self.paragraph
        case "steps": self.steps
        case "hasHops": self.hasHops
        case "hops": self.hops
        case "registrar": self.registrar
        case "certificate": self.certificate
        case "hasNotes": self.hasNotes
        case "notes": self.notes
        case "rendered": self.rendered
        default: nil
        }
    }
}

extension ExplanationContext.Step: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "number": self.number
        case "type": self.type
        case "lookup": self.lookup
        case "result": self.result
        case "found": self.found
        case "answer": self.answer
        case "detail": self.detail
        case "source": self.source
        default: nil
        }
    }
}

extension ExplanationContext.Hop: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "server": self.server
        case "role": self.role
        case "action": self.action
        case "verb": self.verb
        case "reason": self.reason
        default: nil
        }
    }
}

extension ExplanationContext.Certificate: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "server": self.server
        case "names": self.names
        case "nameList": self.nameList
        default: nil
        }
    }
}

extension ExplanationContext.Name: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "last": self.last
        default: nil
        }
    }
}

extension ExplanationContext.Policy: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "hasSettings": self.hasSettings
        case "scope": self.scope
        case "hive": self.hive
        case "key": self.key
        case "settings": self.settings
        case "hasPreferences": self.hasPreferences
        case "preferences": self.preferences
        default: nil
        }
    }
}

extension ExplanationContext.Setting: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "display": self.display
        case "paddedAssignment": self.paddedAssignment
        case "hive": self.hive
        case "gpo": self.gpo
        case "source": self.source
        case "note": self.note
        default: nil
        }
    }
}

extension ExplanationContext.Preference: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": self.value
        case "hive": self.hive
        case "key": self.key
        case "gpo": self.gpo
        case "source": self.source
        case "locationSource": self.locationSource
        case "uncertain": self.uncertain
        case "location": self.location
        default: nil
        }
    }
}

extension ExplanationContext {
    /// The context for `explain.md`: every value escaped once, here, with sipgpo's one Markdown escaping function
    /// (`Markdown`), so a name prints as literal text whatever it holds. Values the page shows as code (`ou`,
    /// `clientID`, `sipDomain`, `file`, a step's `lookup` and `source`, a hop's `server`, `registrar`, a certificate's
    /// `server` and names, a setting's `name` and `source`, a preference's `name`, `value`, `location` and `source`)
    /// are code spans already; everything else is escaped text. Table cells escape `|`.
    public func escapedForMarkdown() -> ExplanationContext { escapedForMarkdown(networks: true) }

    /// `escapedForMarkdown()`; with `networks: false` the networks are left as they are (for a page whose network
    /// blocks are already rendered from escaped networks, each distinct one once).
    func escapedForMarkdown(networks: Bool) -> ExplanationContext {
        func text(_ value: String) -> String { Markdown.text(value) }
        func code(_ value: String) -> String { Markdown.code(value) }
        func cell(_ value: String) -> String { Markdown.code(value, inTable: true) }
        var escaped = self
        escaped.site = text(site)
        escaped.file = code(file)
        escaped.populations = populations.map { population in
            var population = population
            population.name = text(population.name)
            population.ou = code(population.ou)
            population.clientName = text(population.clientName)
            population.clientID = code(population.clientID)
            population.sipDomain = code(population.sipDomain)
            population.mode = text(population.mode)
            population.parent = population.parent.map(text)
            population.sharedNotes = population.sharedNotes.map(text)
            if networks { population.networks = population.networks.map(Self.escapedForMarkdown) }
            population.policy.scope = text(population.policy.scope)
            population.policy.hive = text(population.policy.hive)
            population.policy.key = code(population.policy.key)
            population.policy.settings = population.policy.settings.map { setting in
                var setting = setting
                setting.name = cell(setting.name)
                setting.display = text(setting.display)
                setting.paddedAssignment = text(setting.paddedAssignment)
                setting.hive = text(setting.hive)
                setting.gpo = text(setting.gpo)
                setting.source = cell(setting.source)
                setting.note = setting.note.map(text)
                return setting
            }
            population.policy.preferences = population.policy.preferences.map { preference in
                var preference = preference
                preference.name = cell(preference.name)
                preference.value = cell(preference.value)
                preference.hive = text(preference.hive)
                preference.key = cell(preference.key)
                preference.location = cell(preference.location)
                preference.gpo = text(preference.gpo)
                preference.source = cell(preference.source)
                preference.locationSource = text(preference.locationSource)
                return preference
            }
            return population
        }
        return escaped
    }

    static func escapedForMarkdown(_ network: Network) -> Network {
        func text(_ value: String) -> String { Markdown.text(value) }
        var network = network
        network.network = text(network.network)
        network.title = text(network.title)
        network.status = text(network.status)
        network.paragraph = text(network.paragraph)
        network.steps = network.steps.map { step in
            var step = step
            step.type = text(step.type)
            step.lookup = Markdown.code(step.lookup, inTable: true)
            step.result = text(step.result)
            step.answer = text(step.answer)
            step.detail = text(step.detail)
            step.source = step.source.map { Markdown.code($0, inTable: true) }
            return step
        }
        network.hops = network.hops.map { hop in
            var hop = hop
            hop.server = Markdown.code(hop.server, inTable: true)
            hop.role = text(hop.role)
            hop.action = text(hop.action)
            hop.verb = text(hop.verb)
            hop.reason = text(hop.reason)
            return hop
        }
        network.registrar = network.registrar.map { Markdown.code($0) }
        network.certificate = network.certificate.map { certificate in
            var certificate = certificate
            certificate.server = Markdown.code(certificate.server)
            certificate.names = text(certificate.names)
            certificate.nameList = certificate.nameList.map { Name(name: Markdown.code($0.name), last: $0.last) }
            return certificate
        }
        network.notes = network.notes.map(text)
        return network
    }
}
