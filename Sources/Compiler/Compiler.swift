import Analysis
import Discovery
import PolicyCatalog
import PolicyPlan
import SiteModel

/// The compiler as one pure function of values:
///
/// 1. **load** and **resolve** (`Pipeline`, front half): YAML → `Site`, with diagnostics;
/// 2. **simulate**: `Site` → `DiscoveryRun` per population × network;
/// 3. **lower**: `Site` → `PolicyPlan` (GPOs, links, registry records with provenance), verified against the model;
/// 4. the settings each run reports are read back from the plan, so the explanation and the GPOs cannot disagree.
///
/// `emit` (in `Artifacts`) turns a `Compilation` into files; the CLI writes them.
public enum Compiler {
    public struct Compilation: Sendable {
        public var site: Site?
        public var runs: [DiscoveryRun]
        public var plan: PolicyPlan?
        public var diagnostics: Diagnostics
        public var files: [String: String]

        public var succeeded: Bool { site != nil && plan != nil && !diagnostics.hasErrors }

        /// A compilation that stopped before it began, such as when the site description cannot be read.
        public static func failed(_ diagnostic: Diagnostic) -> Compilation {
            Compilation(site: nil, runs: [], plan: nil, diagnostics: Diagnostics([diagnostic]), files: [:])
        }
    }

    public static func compile(
        file: String, text: String, sources: any SourceProvider, clients: ClientCatalog, catalog: PolicyCatalog,
        options: Pipeline.Options = .init()
    ) -> Compilation {
        let front = Pipeline.run(file: file, text: text, sources: sources, clients: clients, options: options)
        var compilation = Compilation(
            site: nil, runs: [], plan: nil, diagnostics: front.diagnostics, files: front.files)
        guard let site = front.site, front.succeeded else { return compilation }

        let lowered = Lowering.lower(site, clients: clients, catalog: catalog)
        var loweringDiagnostics = Diagnostics(lowered.diagnostics)
        if options.warningsAsErrors { loweringDiagnostics.upgradeWarnings() }
        compilation.diagnostics.append(contentsOf: loweringDiagnostics)
        guard !compilation.diagnostics.hasErrors else { return compilation }

        compilation.site = site
        compilation.plan = lowered.plan
        compilation.runs = withSettings(
            front.runs, site: site, evaluator: lowered.evaluator, clients: clients, catalog: catalog)
        return compilation
    }

    /// Fills each run's `settings` with the values Group Policy gives its population under the plan.
    static func withSettings(
        _ runs: [DiscoveryRun], site: Site, evaluator: PlanEvaluator, clients: ClientCatalog,
        catalog: PolicyCatalog
    ) -> [DiscoveryRun] {
        var byPopulation: [String: [EffectiveSetting]] = [:]
        for population in site.populations {
            byPopulation[population.name] = settings(
                of: population, evaluator: evaluator, clients: clients, catalog: catalog)
        }
        return runs.map { run in
            var run = run
            run.settings = byPopulation[run.population] ?? []
            return run
        }
    }

    /// The population's policy values in force, in the order its family's policies list them.
    public static func settings(
        of population: Population, evaluator: PlanEvaluator, clients: ClientCatalog, catalog: PolicyCatalog
    ) -> [EffectiveSetting] {
        guard let profile = clients[population.settings.client.value], let family = catalog.family(profile.policyFamily)
        else { return [] }
        let resultant = evaluator.resultant(for: population.ou)
        var out: [EffectiveSetting] = []
        for setting in BoundSetting.allCases {
            for machine in [true, false] {
                guard let (binding, policy) = family.policy(for: setting, machine: machine) else { continue }
                var names: [(role: String, key: String, valueName: String)] = []
                if let valueName = policy.valueName { names.append(("policy", policy.key, valueName)) }
                let roleOrder = ["internalServer", "externalServer", "transport", "domains"]
                for (role, id) in binding.elements.sorted(by: {
                    (roleOrder.firstIndex(of: $0.key) ?? 9, $0.key) < (roleOrder.firstIndex(of: $1.key) ?? 9, $1.key)
                }) {
                    guard let element = policy.element(id), let valueName = element.valueName else { continue }
                    names.append((role, element.key ?? policy.key, valueName))
                }
                for name in names {
                    let id = "\(name.key.lowercased())\\\(name.valueName.lowercased())"
                    guard let value = resultant[id], value.hive == (machine ? .machine : .user),
                        !out.contains(where: { $0.name == value.valueName && $0.hive == value.hive.rawValue })
                    else { continue }
                    out.append(
                        EffectiveSetting(
                            name: value.valueName, value: EffectiveSetting.Value(value.data), hive: value.hive.rawValue,
                            gpo: value.gpo,
                            source: value.source ?? "", note: binding.uncertain[name.role]))
                }
            }
        }
        return out
    }
}

extension EffectiveSetting.Value {
    init(_ data: RegistryData) {
        switch data {
        case .dword(let number), .dwordBigEndian(let number): self = .number(Int(number))
        case .qword(let number): self = .number(Int(truncatingIfNeeded: number))
        case .string(let text), .expandString(let text): self = .text(text)
        case .multiString(let list): self = .text(list.joined(separator: "\n"))
        case .binary(let bytes): self = .text(bytes.map { String($0, radix: 16) }.joined(separator: " "))
        case .none: self = .text("")
        }
    }
}
