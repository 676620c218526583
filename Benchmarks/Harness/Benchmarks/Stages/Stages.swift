import Analysis
import Artifacts
import Benchmark
import Compiler
import Discovery
import Foundation
import PolicyCatalog
import PolicyPlan
import Rendering
import SipgpoSiteGenerator
import SipgpoTemplates
import SiteModel

// Each stage of `sipgpo explain` and `sipgpo build` over a generated estate (`SiteGenerator.estate`): wall time, CPU
// time, allocations and peak resident memory, one benchmark per stage, so a change shows which stage it moved.
// `SIPGPO_BENCH_POPULATIONS` sets the size (10,000 by default; `.ci/run` runs 200 once each as a smoke test). Thresholds are
// not set: figures depend on the machine, so nothing here fails on timing. See Benchmarks/README.md.

/// The inputs of each stage, made once, outside any measurement.
enum Inputs {
    static let populations = Int(ProcessInfo.processInfo.environment["SIPGPO_BENCH_POPULATIONS"] ?? "") ?? 10_000
    static let yaml = SiteGenerator.estate(populations: populations)
    static let templates = BundledTemplates.directory!
    /// The bundled client profiles, read as `sipgpo` reads them (`TemplateStore`).
    static let clients = try! ClientCatalog.decode(
        FileManager.default.contentsOfDirectory(atPath: templates.appendingPathComponent("clients").path)
            .filter { $0.hasSuffix(".json") }.sorted().map { name in
                let url = templates.appendingPathComponent("clients").appendingPathComponent(name)
                return (url.path, try Data(contentsOf: url))
            })
    static let catalog = PolicyCatalog.load(templates: templates).catalog!
    static let syntax = SiteLoader.load(yaml: yaml, file: "estate.yaml").syntax!
    static let site = Resolver.resolve(syntax, clients: clients, sources: InMemorySources([:])).site!
    static let runs = Simulator.run(site, clients: clients)
    static let compilation = Compiler.compile(
        file: "estate.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog)
    static let explanation = Explanation(
        site: compilation.site!, runs: compilation.runs, clients: clients, words: .bundled)
    static let emitInput = Emit.Input(
        site: compilation.site!, plan: compilation.plan!, policies: compilation.policies, runs: compilation.runs,
        clients: clients, catalog: catalog)
}

let benchmarks: @Sendable () -> Void = {
    // The smoke run (`SIPGPO_BENCH_SMOKE=1`, in CI) measures each stage once.
    let smoke = ProcessInfo.processInfo.environment["SIPGPO_BENCH_SMOKE"] != nil
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 0, maxDuration: .seconds(smoke ? 1 : 10), maxIterations: smoke ? 1 : 3)

    stage("load", prepare: { _ = Inputs.yaml }) {
        blackHole(SiteLoader.load(yaml: Inputs.yaml, file: "estate.yaml"))
    }
    stage("resolve", prepare: { _ = (Inputs.syntax, Inputs.clients) }) {
        blackHole(Resolver.resolve(Inputs.syntax, clients: Inputs.clients, sources: InMemorySources([:])))
    }
    stage("simulate", prepare: { _ = Inputs.site }) {
        blackHole(Simulator.run(Inputs.site, clients: Inputs.clients))
    }
    stage("checks", prepare: { _ = Inputs.runs }) {
        blackHole(SiteCheck.runAll(Inputs.site, runs: Inputs.runs, clients: Inputs.clients))
    }
    stage("lower", prepare: { _ = (Inputs.site, Inputs.catalog) }) {
        blackHole(Lowering.lower(Inputs.site, clients: Inputs.clients, catalog: Inputs.catalog))
    }
    stage("compile", prepare: { _ = (Inputs.yaml, Inputs.catalog) }) {
        blackHole(
            Compiler.compile(
                file: "estate.yaml", text: Inputs.yaml, sources: InMemorySources([:]), clients: Inputs.clients,
                catalog: Inputs.catalog))
    }
    stage("explanation", prepare: { _ = Inputs.compilation }) {
        blackHole(
            Explanation(
                site: Inputs.compilation.site!, runs: Inputs.compilation.runs, clients: Inputs.clients,
                words: .bundled))
    }
    stage("render json", prepare: { _ = Inputs.explanation }) {
        blackHole(Inputs.explanation.jsonBytes())
    }
    stage("render text", prepare: { _ = Inputs.explanation }) {
        blackHole(Inputs.explanation.text())
    }
    stage("render markdown", prepare: { _ = Inputs.explanation }) {
        blackHole(Inputs.explanation.markdown())
    }
    stage("emit", prepare: { _ = Inputs.emitInput }) {
        blackHole(Emit.artifacts(Inputs.emitInput))
    }
}

/// One benchmark: `prepare` makes the inputs before the measurement, `body` is the stage measured.
func stage(_ name: String, prepare: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () -> Void) {
    Benchmark("\(name) \(Inputs.populations)", closure: { _ in body() }, setup: { prepare() })
}
