import Analysis
import Discovery
import PolicyPlan
import Rendering
import SiteModel

/// What the documentation is built from: the compiled site's typed values, never rendered text.
public struct DocumentationInput: Sendable {
    public var site: Site
    public var plan: PolicyPlan
    public var policies: [String: ResultantPolicy]
    public var runs: [DiscoveryRun]
    public var clients: ClientCatalog
    /// The compilation's diagnostics; the warnings are shown next to what they are about.
    public var diagnostics: [Diagnostic]
    public var phrasebook: Phrasebook

    public init(
        site: Site, plan: PolicyPlan, policies: [String: ResultantPolicy], runs: [DiscoveryRun],
        clients: ClientCatalog, diagnostics: [Diagnostic], phrasebook: Phrasebook = .bundled
    ) {
        self.site = site
        self.plan = plan
        self.policies = policies
        self.runs = runs
        self.clients = clients
        self.diagnostics = diagnostics
        self.phrasebook = phrasebook
    }
}

/// The escaping functions of one target: the page (HTML, SVG diagrams) or the wiki page (Markdown, Mermaid).
struct Target: Sendable {
    var text: @Sendable (String) -> String
    var attribute: @Sendable (String) -> String
    var code: @Sendable (String) -> String
    /// A run's diagram with its label (the SVG and the flowchart are drawn once per distinct run, in the facts).
    var diagram: @Sendable (DocumentationFacts.RenderedRun, _ label: String) -> String

    static let html = Target(
        text: HTML.text, attribute: HTML.attribute, code: HTML.text,
        diagram: { run, label in run.svg.svg(label: label) })

    static let markdown = Target(
        text: Markdown.text, attribute: Markdown.text, code: { Markdown.code($0, inTable: true) },
        diagram: { run, _ in run.mermaid })
}

/// The typed facts of the documentation, computed once and shared by both targets and every page of a split site.
struct DocumentationFacts: Sendable {
    var input: DocumentationInput
    var runsByPopulation: [String: [DiscoveryRun]]
    var warnings: [Diagnostic]
    var warningsBySpan: [Place: [Diagnostic]]
    /// The warnings each population's runs and settings touch, in source order.
    var populationWarnings: [String: [Diagnostic]]
    var recordSpans: Set<Place>
    var poolSpans: Set<Place>
    var certificates: CertificatePlan
    var needs: DNSNeeds
    /// What each OU ends up with under the plan; it caches each OU's state, so pages share the work.
    var evaluator: PlanEvaluator
    /// The sentences and diagram of each distinct run (populations that share their discovery share these).
    var rendered: [DiscoveryRun: RenderedRun] = [:]
    /// Each population's anchor in the page (`p1`…, by its place in the site), and the GPO links at each place:
    /// computed once for every page of a split site (per page, they made 100,000 populations quadratic).
    var anchors: [String: String]
    var links: [DistinguishedName: [(gpo: String, order: Int, enforced: Bool)]]

    struct RenderedRun: Sendable {
        var headline: String
        var reason: String
        var notes: [String]
        var diagram: DiscoveryDiagram
        /// The diagram drawn for each target, without the label.
        var svg: DiagramLayout.SVGParts
        var mermaid: String
    }

    init(_ input: DocumentationInput) {
        self.input = input
        runsByPopulation = Dictionary(grouping: input.runs, by: \.population)
        let warnings = input.diagnostics.filter { $0.severity == .warning }
        self.warnings = warnings
        // Each place's warnings by position, so a population's warnings are a few lookups instead of a pass over
        // every warning (that pass made the docs quadratic: 10,000 populations × 2,500 warnings).
        var positionsBySpan: [Place: [Int]] = [:]
        for (position, warning) in warnings.enumerated() {
            if let span = warning.span { positionsBySpan[Place(span), default: []].append(position) }
        }
        warningsBySpan = positionsBySpan.mapValues { $0.map { warnings[$0] } }
        recordSpans = Set(
            input.site.sipDomains.flatMap { $0.inside.records.map(\.span) + $0.outside.records.map(\.span) }.map(
                Place.init))
        poolSpans = Set(
            input.site.pools.flatMap { [$0.span] + ($0.certificate.map { [$0.span] } ?? []) }.map(Place.init))
        certificates = CertificatePlan.compute(site: input.site, runs: input.runs, clients: input.clients)
        needs = DNSNeeds.compute(site: input.site, runs: input.runs)
        evaluator = PlanEvaluator(input.plan)
        anchors = Dictionary(
            input.site.populations.enumerated().map { ($1.name, "p\($0 + 1)") }, uniquingKeysWith: { first, _ in first }
        )
        var links: [DistinguishedName: [(gpo: String, order: Int, enforced: Bool)]] = [:]
        for gpo in input.plan.gpos {
            for link in gpo.links { links[link.target, default: []].append((gpo.name, link.order, link.enforced)) }
        }
        self.links = links
        populationWarnings = [:]
        for population in input.site.populations {
            let spans = Self.spans(population, runs: runsByPopulation[population.name] ?? [], site: input.site)
            let positions = Set(Set(spans.map(Place.init)).flatMap { positionsBySpan[$0] ?? [] })
            if !positions.isEmpty { populationWarnings[population.name] = positions.sorted().map { warnings[$0] } }
        }
        for run in input.runs {
            let key = Self.key(run)
            guard rendered[key] == nil else { continue }
            let phrases = Phrases(run, phrasebook: input.phrasebook)
            let diagram = DiscoveryDiagram(run)
            rendered[key] = RenderedRun(
                headline: phrases.headline(run.outcome), reason: phrases.reason(run.outcome),
                notes: run.notes.map(phrases.note), diagram: diagram,
                svg: DiagramLayout(diagram).svgParts(hopCaption: Documentation.hopCaption),
                mermaid: diagram.mermaid(hopCaption: Documentation.hopCaption))
        }
    }

    /// A place in the site description, by file name: the CLI compiles a site under its file name and gives
    /// diagnostics back under the path given on the command line, so spans are matched without folders.
    struct Place: Hashable {
        var file: Substring
        var start: SourceLocation
        var end: SourceLocation

        init(_ span: SourceSpan) {
            file = span.file.split(separator: "/").last ?? Substring(span.file)
            start = span.start
            end = span.end
        }
    }

    /// A run without who it is for: the key of what it renders to.
    static func key(_ run: DiscoveryRun) -> DiscoveryRun {
        var key = run
        key.population = ""
        key.ou = ""
        key.settings = []
        key.preferences = []
        return key
    }

    /// The places in the site description a population's warnings can point at: its own entry, the lines its
    /// settings come from, every record its discovery read, and the servers it reached.
    static func spans(_ population: SiteModel.Population, runs: [DiscoveryRun], site: Site) -> Set<SourceSpan> {
        var spans: Set<SourceSpan> = [population.span]
        let settings = population.settings
        let origins: [SettingOrigin?] = [
            settings.client.origin, settings.sipDomain.origin, settings.signIn.origin, settings.trustedDomains?.origin,
            settings.strictDnsNaming.origin, settings.scope.origin, settings.signInAddress?.origin,
            settings.homePool?.origin,
        ]
        for origin in origins { if let span = origin?.span { spans.insert(span) } }
        var servers: Set<String> = []
        for run in runs {
            for event in run.events {
                switch event {
                case .lookup(let lookup):
                    if let span = lookup.span { spans.insert(span) }
                    switch lookup.answer {
                    case .services(let records): spans.formUnion(records.map(\.span))
                    case .addresses(let addresses): spans.formUnion(addresses.compactMap(\.span))
                    default: break
                    }
                case .connection(let connection):
                    if let span = connection.span { spans.insert(span) }
                    if let span = connection.address.span { spans.insert(span) }
                    servers.insert(connection.candidate.hostName)
                }
            }
            servers.formUnion(run.hops.map(\.server))
            if let registrar = run.outcome.registrar { servers.insert(registrar.description) }
        }
        for pool in site.pools where servers.contains(pool.fqdn.description) {
            spans.insert(pool.span)
            if let certificate = pool.certificate { spans.insert(certificate.span) }
        }
        return spans
    }
}

extension DocumentationContext {
    /// The context of one page: `populations` (all when nil; in the site's order), and the site-wide sections when
    /// `siteWide`.
    init(
        _ facts: DocumentationFacts, target: Target, populations subset: [SiteModel.Population]? = nil,
        siteWide: Bool = true,
        details: Bool = true, extraOUs: [DistinguishedName] = [], pageOf: (String) -> String = { _ in "" }
    ) {
        let input = facts.input
        let site = input.site
        let t = target.text
        // A page's own populations, not a pass over the whole site per page (that pass made split sites quadratic).
        let shown = subset ?? site.populations
        let anchors = facts.anchors
        self.site = t(site.name)
        file = t(site.sourceName)
        populationCount = shown.count
        warningCount = facts.warnings.count
        hasWarnings = !facts.warnings.isEmpty
        hasResourceForest = site.forests.contains { $0.role == .resource }
        forests = site.forests.map { forest in
            Forest(
                name: t(forest.name.description), role: forest.role.rawValue, isAccount: forest.role == .account,
                isResource: forest.role == .resource, isSingle: forest.role == .single,
                usersFrom: forest.usersFrom.isEmpty
                    ? nil : t(forest.usersFrom.map(\.description).joined(separator: ", ")))
        }
        sipDomains = site.sipDomains.map { t($0.name.description) }

        func warning(_ diagnostic: Diagnostic) -> Warning {
            Warning(
                id: t(diagnostic.id.rawValue), message: t(diagnostic.message),
                location: t(diagnostic.span.map(Self.location) ?? ""), help: diagnostic.help.map(t))
        }

        summary = []
        populations = []
        for population in shown {
            let runs = facts.runsByPopulation[population.name] ?? []
            let warnings = facts.populationWarnings[population.name] ?? []
            let profile = input.clients[population.settings.client.value]
            let anchor = anchors[population.name]!
            func cell(_ network: NetworkLocation) -> Cell {
                guard let run = runs.first(where: { $0.network == network }) else {
                    return Cell(status: nil, server: nil, record: nil, registrar: nil)
                }
                let candidate = run.outcome.candidate
                let record: String?
                switch candidate?.via {
                case .manual?: record = "manual"
                case .lookup(let name, let kind)?:
                    let lookup = run.events.last { $0.lookup?.name == name }?.lookup
                    record = "\(lookup?.types.map(\.rawValue).joined(separator: "/") ?? kind.rawValue) \(name)"
                case nil: record = nil
                }
                return Cell(
                    status: run.outcome.status.rawValue, server: candidate.map { t($0.endpoint) },
                    record: record.map(t),
                    registrar: run.outcome.registrar.map { t($0.description) })
            }
            let inside = cell(.inside)
            let outside = cell(.outside)
            let mode = population.settings.signIn.value.mode
            let filterText = [
                population.name, population.ou.description, population.settings.client.value, mode, inside.status ?? "",
                outside.status ?? "",
            ].joined(separator: " ").lowercased()
            summary.append(
                Row(
                    anchor: anchor, page: pageOf(population.name), name: t(population.name),
                    sortName: target.attribute(population.name),
                    filter: target.attribute(filterText), ou: t(population.ou.description),
                    client: t(population.settings.client.value), mode: mode, inside: inside, outside: outside,
                    warnings: warnings.count))
            guard details else { continue }
            let networks = runs.map { run -> Network in
                let rendered = facts.rendered[DocumentationFacts.key(run)]!
                return Network(
                    network: run.network.rawValue, status: run.outcome.status.rawValue, headline: t(rendered.headline),
                    reason: t(rendered.reason),
                    diagram: target.diagram(
                        rendered,
                        "\(population.name), \(run.network.rawValue): \(run.outcome.status.rawValue)"),
                    notes: rendered.notes.map(t), hasNotes: !rendered.notes.isEmpty)
            }
            populations.append(
                Population(
                    anchor: anchor, name: t(population.name), ou: t(population.ou.description),
                    client: t(population.settings.client.value), clientName: t(profile?.displayName ?? ""),
                    sipDomain: t(population.settings.sipDomain.value.description), mode: mode,
                    parent: population.parent.map(t), forest: t(population.forest.description),
                    forestRole: site.forest(population.forest)?.role.rawValue,
                    networks: networks, warnings: warnings.map(warning), hasWarnings: !warnings.isEmpty))
        }

        ous = details || !extraOUs.isEmpty ? Self.ous(facts, populations: shown, extra: extraOUs, target: target) : []

        part = nil
        parts = []
        hasParts = false
        guard siteWide else {
            dns = []
            hasDNS = false
            hasCertificates = false
            certificates = []
            disputed = []
            hasDisputed = false
            differences = []
            hasDifferences = false
            uncertain = []
            hasUncertain = false
            otherWarnings = []
            hasOtherWarnings = false
            return
        }

        var attached = facts.recordSpans.union(facts.poolSpans)
        for warnings in facts.populationWarnings.values {
            attached.formUnion(warnings.compactMap(\.span).map(DocumentationFacts.Place.init))
        }
        dns = Self.views(facts, target: target, warning: warning)
        hasDNS = !dns.isEmpty
        certificates = facts.certificates.servers.map { server in
            let spans = [server.pool.span] + (server.pool.certificate.map { [$0.span] } ?? [])
            let warnings = spans.flatMap { facts.warningsBySpan[DocumentationFacts.Place($0)] ?? [] }
            return Server(
                fqdn: t(server.pool.fqdn.description), role: server.pool.role.rawValue,
                region: server.pool.region.map(t),
                declared: server.pool.certificate != nil,
                names: server.needs.map { need in
                    let status = need.onCertificate.map { $0 ? "present" : "missing" } ?? "undeclared"
                    return Name(
                        name: t(need.name), subject: need.isSubject, reasons: t(need.reasons.joined(separator: "; ")),
                        status: status, missing: need.onCertificate == false)
                }, warnings: warnings.map(warning), hasWarnings: !warnings.isEmpty)
        }
        hasCertificates = !certificates.isEmpty
        (disputed, differences, uncertain) = Self.disputed(input, target: target)
        hasDisputed = !disputed.isEmpty
        hasDifferences = !differences.isEmpty
        hasUncertain = !uncertain.isEmpty
        let others = facts.warnings.filter { warning in
            warning.span.map { !attached.contains(DocumentationFacts.Place($0)) } ?? true
        }
        otherWarnings = others.map(warning)
        hasOtherWarnings = !others.isEmpty
    }

    /// The OUs of the shown populations and every OU a GPO is linked at, with their ancestors, parents first.
    static func ous(
        _ facts: DocumentationFacts, populations: [SiteModel.Population], extra: [DistinguishedName] = [],
        target: Target
    ) -> [OU] {
        let input = facts.input
        let t = target.text
        var names: [DistinguishedName: [String]] = [:]
        for population in populations { names[population.ou, default: []].append(population.name) }
        var all: Set<DistinguishedName> = []
        let shownOUs = Set(names.keys).union(extra)
        // Links outside the shown populations' OUs and their ancestors belong to other pages of a split site.
        for start in shownOUs {
            var ou: DistinguishedName? = start
            while let current = ou, all.insert(current).inserted { ou = current.parent }
        }
        // Links at the shown OUs' ancestors are already in; links below a shown OU with no population of this page
        // are another page's.
        let evaluator = facts.evaluator
        let ordered = all.sorted { lhs, rhs in
            lhs.rdns.reversed().map { $0.value.lowercased() }.lexicographicallyPrecedes(
                rhs.rdns.reversed().map { $0.value.lowercased() })
        }
        return ordered.map { ou in
            let depth = ou.depth
            let settings = evaluator.resultant(for: ou).values.sorted {
                ($0.hive.rawValue, $0.key, $0.valueName) < ($1.hive.rawValue, $1.key, $1.valueName)
            }.map { value in
                Setting(
                    name: t(value.valueName), value: t(SettingValue(value.data).display), hive: value.hive.rawValue,
                    key: t(value.key), gpo: t(value.gpo), policy: t(value.policy),
                    source: t(value.source.map { Self.location($0, site: input.site) } ?? ""))
            }
            let here = (facts.links[ou] ?? []).map { Link(gpo: t($0.gpo), order: $0.order, enforced: $0.enforced) }
                .sorted { ($0.order, $0.gpo) < ($1.order, $1.gpo) }
            let people = names[ou] ?? []
            return OU(
                dn: t(ou.description),
                name: t(depth == 0 ? ou.description : ou.rdns.first.map { "\($0.type)=\($0.value)" } ?? ""),
                depth: depth, indent: depth == 0 ? "0" : String(Double(depth) * 1.5),
                populations: t(people.joined(separator: ", ")), hasPopulations: !people.isEmpty, links: here,
                hasLinks: !here.isEmpty, settings: settings, hasSettings: !settings.isEmpty)
        }
    }

    /// Each SIP domain's records in each view, whether discovery reached them, and the records the view lacks.
    static func views(_ facts: DocumentationFacts, target: Target, warning: (Diagnostic) -> Warning) -> [View] {
        let t = target.text
        var reached: [NetworkLocation: Set<SourceSpan>] = [:]
        for run in facts.input.runs {
            for case .lookup(let lookup) in run.events where lookup.found {
                if let span = lookup.span { reached[run.network, default: []].insert(span) }
                if case .services(let records) = lookup.answer {
                    reached[run.network, default: []].formUnion(records.map(\.span))
                }
                if case .addresses(let addresses) = lookup.answer {
                    reached[run.network, default: []].formUnion(addresses.compactMap(\.span))
                }
            }
        }
        var views: [View] = []
        let site = facts.input.site
        for domain in site.sipDomains {
            for network in NetworkLocation.allCases {
                let view = domain.view(network)
                let records = view.records.map { record in
                    let warnings = facts.warningsBySpan[DocumentationFacts.Place(record.span)] ?? []
                    return Record(
                        text: target.code(record.presentation), source: t(Self.location(record.span)),
                        used: reached[network]?.contains(record.span) ?? false, warnings: warnings.map(warning),
                        hasWarnings: !warnings.isEmpty)
                }
                let missing = facts.needs.missing.filter {
                    $0.zone == domain.name.description && $0.network == network
                }.map { Missing(text: target.code($0.presentation), reason: t($0.reason)) }
                views.append(
                    View(
                        domain: t(domain.name.description), network: network.rawValue,
                        file: view.file.flatMap { file in
                            let folder = site.file.dropLast(site.sourceName.count)
                            return file == site.file
                                ? nil : t(file.hasPrefix(folder) ? String(file.dropFirst(folder.count)) : file)
                        },
                        records: records, hasRecords: !records.isEmpty, missing: missing, hasMissing: !missing.isEmpty))
            }
        }
        return views
    }

    /// The facts sources disagree on, for the clients the site uses: each reading, the one followed, the
    /// populations whose outcome the other reading changes, and the registry encodings Microsoft does not document.
    static func disputed(_ input: DocumentationInput, target: Target) -> ([Client], [Difference], [Uncertain]) {
        let t = target.text
        var followed: [String: DiscoveryVariantName] = [:]
        for run in input.runs where followed[run.client] == nil { followed[run.client] = run.variant }
        let used = Set(input.site.populations.map(\.settings.client.value)).sorted()
        let clients = used.compactMap { id -> Client? in
            guard let profile = input.clients[id] else { return nil }
            let facts = profile.facts.filter { $0.uncertain == true }
            guard profile.variants.count > 1 || !facts.isEmpty else { return nil }
            let inUse = followed[id] ?? profile.defaultVariant
            return Client(
                id: t(id), name: t(profile.displayName),
                variants: profile.variants.keys.sorted { $0.rawValue > $1.rawValue }.map { name in
                    let variant = profile.variants[name]!
                    return Variant(
                        name: name.rawValue, summary: t(variant.summary), sources: variant.sources.map(t),
                        basis: variant.basis.map(t), inUse: name == inUse)
                },
                facts: facts.map { Fact(topic: t($0.topic), text: t($0.text), source: t($0.source)) },
                hasFacts: !facts.isEmpty)
        }

        struct DifferenceKey: Hashable {
            var client: String
            var network: NetworkLocation
            var used: DiscoveryVariantName
            var usedStatus: DiscoveryOutcome.Status
            var other: DiscoveryVariantName
            var otherStatus: DiscoveryOutcome.Status
        }
        var differing: [DifferenceKey: [String]] = [:]
        var order: [DifferenceKey] = []
        for run in input.runs {
            for case .otherVariantDiffers(let other, _, let outcome, _) in run.notes {
                let key = DifferenceKey(
                    client: run.client, network: run.network, used: run.variant, usedStatus: run.outcome.status,
                    other: other, otherStatus: outcome.status)
                if differing[key] == nil { order.append(key) }
                differing[key, default: []].append(run.population)
            }
        }
        let differences = order.map { key in
            let names = differing[key]!
            return Difference(
                client: t(key.client), network: key.network.rawValue, used: key.used.rawValue,
                usedStatus: key.usedStatus.rawValue, other: key.other.rawValue, otherStatus: key.otherStatus.rawValue,
                populations: t(list(names)), count: names.count)
        }

        var notes: [String: [String]] = [:]
        var noteOrder: [String] = []
        var noteText: [String: (name: String, note: String)] = [:]
        for population in input.site.populations {
            for setting in input.policies[population.name]?.settings ?? [] {
                guard let note = setting.note else { continue }
                let key = setting.value.valueName + "\u{0}" + note
                if notes[key] == nil {
                    noteOrder.append(key)
                    noteText[key] = (setting.value.valueName, note)
                }
                notes[key, default: []].append(population.name)
            }
        }
        let uncertain = noteOrder.map { key in
            Uncertain(
                name: t(noteText[key]!.name), note: t(noteText[key]!.note), populations: t(list(notes[key]!)),
                count: notes[key]!.count)
        }
        return (clients, differences, uncertain)
    }

    /// Where something is written, by file name without folders: the pages are handed to people who never saw the
    /// builder's checkout (as what is deployed is).
    static func location(_ span: SourceSpan) -> String {
        let name = span.file.split(separator: "/").last.map(String.init) ?? span.file
        return "\(name):\(span.start.line):\(span.start.column)"
    }

    /// A plan's source (`policies/site.yaml:22:5`) by the site description's file name.
    static func location(_ source: String, site: Site) -> String {
        source.hasPrefix(site.file + ":") ? site.sourceName + source.dropFirst(site.file.count) : source
    }

    /// "A, B and C" or "A, B, … and 37 more": long lists stay one line.
    static func list(_ names: [String]) -> String {
        let unique = names.reduce(into: [String]()) { out, name in if out.last != name { out.append(name) } }
        guard unique.count > 8 else { return unique.joined(separator: ", ") }
        return unique.prefix(6).joined(separator: ", ") + " and \(unique.count - 6) more"
    }
}
