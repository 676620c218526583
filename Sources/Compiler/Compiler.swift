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
        /// What Group Policy gives each population under the plan, by population name.
        public var policies: [String: ResultantPolicy] = [:]
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
        compilation.policies = ResultantPolicy.compute(
            site: site, plan: lowered.plan, evaluator: lowered.evaluator, clients: clients, catalog: catalog)
        compilation.runs = withSettings(front.runs, policies: compilation.policies)
        compilation.runs = withPreferences(compilation.runs, plan: lowered.plan, site: site, clients: clients)
        return compilation
    }

    /// Fills each run's `settings` with the values Group Policy gives its population under the plan.
    static func withSettings(_ runs: [DiscoveryRun], policies: [String: ResultantPolicy]) -> [DiscoveryRun] {
        var byPopulation: [String: [EffectiveSetting]] = [:]
        for (name, policy) in policies { byPopulation[name] = settings(policy) }
        return runs.map { run in
            var run = run
            run.settings = byPopulation[run.population] ?? []
            return run
        }
    }

    /// The population's policy values in force, in the order its family's policies list them.
    public static func settings(_ policy: ResultantPolicy) -> [EffectiveSetting] {
        policy.settings.map { setting in
            EffectiveSetting(
                name: setting.value.valueName, value: EffectiveSetting.Value(setting.value.data),
                hive: setting.value.hive.rawValue, gpo: setting.value.gpo, source: setting.value.source ?? "",
                note: setting.note)
        }
    }
}
