import Analysis
import Artifacts
import Compiler
import Decompile
import Discovery
import Foundation
import PolicyPlan
import Rendering
import SipgpoCLI
import SipgpoSiteGenerator
import SiteModel

/// `swift run -c release sipgpo-bench [explain|build|pol] [size] [repetitions]`
///
/// - `explain`: each stage of `explain` on a generated site of `size` populations: load (YAML → syntax), resolve,
///   simulate (every population × both networks), checks, and rendering text and JSON.
/// - `build`: the whole of `build` in memory (compile, lower, emit every artifact) on the same generated site.
/// - `pol`: the Registry.pol encoder and decoder on `size` records.
/// - `site`: prints the generated site, to time `sipgpo explain` and `sipgpo build` end to end.
/// - `classic` after any mode: the site of the first measurements instead of the estate (Benchmarks/README.md).
/// - `polfile`: writes the benchmark's Registry.pol of `size` records to `bench.pol` (or the path given after it),
///   to time `sipgpo decompile FILE --format json` against Samba's parser (`Benchmarks/decompile-vs-samba`).
/// - `decompile`: the streaming Registry.pol reader alone on that file.
///
/// Prints the median and the fastest of the repetitions, and the process's peak resident memory. A harness, not a
/// test: figures depend on the machine, so nothing here passes or fails. Run one mode per process so the peak
/// memory belongs to it.
let words = Array(CommandLine.arguments.dropFirst())
let mode = words.first.flatMap { Int($0) == nil && $0 != "classic" ? $0 : nil } ?? "explain"
let arguments = words.compactMap { Int($0) }
let populationCount = arguments.first ?? (mode == "pol" ? 1_000_000 : 10_000)
let repetitions = arguments.dropFirst().first ?? 5

/// The generated estate (`SiteGenerator.estate`), or with `classic` the site of the first measurements.
func generateSite(populations: Int) -> String {
    words.contains("classic")
        ? SiteGenerator.classic(populations: populations) : SiteGenerator.estate(populations: populations)
}

/// One repetition's wall time and the process's CPU time (user + system) over it, in milliseconds. CPU time is
/// what to compare on a shared machine: wall time there also counts other people's work.
struct Sample {
    var wall: Double
    var cpu: Double
}

func cpuMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

func measure<T>(_ label: String, _ body: () -> T) -> (T, [Sample]) {
    var samples: [Sample] = []
    var last: T?
    for _ in 0..<repetitions {
        let clock = ContinuousClock()
        var value: T?
        let cpu = cpuMilliseconds()
        let wall = clock.measure { value = body() }
        samples.append(
            Sample(
                wall: Double(wall.components.seconds) * 1000 + Double(wall.components.attoseconds) / 1e15,
                cpu: cpuMilliseconds() - cpu))
        last = value
    }
    return (last!, samples)
}

func report(_ label: String, _ samples: [Sample]) {
    let wall = samples.map(\.wall).sorted()
    let cpu = samples.map(\.cpu).sorted()
    func ms(_ value: Double) -> String { String(format: "%9.1f ms", value) }
    print(
        "\(label.padding(toLength: 34, withPad: " ", startingAt: 0)) wall median \(ms(wall[wall.count / 2])) fastest \(ms(wall[0]))   cpu median \(ms(cpu[cpu.count / 2]))"
    )
}

func peakMemory() -> String {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return String(format: "%.0f MiB", Double(usage.ru_maxrss) / 1024)  // ru_maxrss is in KiB on Linux
}

let clients = try TemplateStore().clients()
switch mode {
case "site":
    // The generated site itself, to time the CLI end to end: `sipgpo-bench site 10000 > bench.yaml`.
    print(generateSite(populations: populationCount), terminator: "")
    exit(0)
case "pol":
    benchmarkRegistryPol(records: populationCount)
case "polfile":
    let path = words.dropFirst().first { Int($0) == nil } ?? "bench.pol"
    let bytes = RegistryPol.encode(benchmarkRecords(populationCount))
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        fatalError("cannot write \(path)")
    }
    print("wrote \(path): \(populationCount) records, \(bytes.count) bytes")
    exit(0)
case "decompile":
    let path = words.dropFirst().first { Int($0) == nil } ?? "bench.pol"
    var count = 0
    let (_, times) = measure("read") { () -> Int in
        count = 0
        try! RegistryPolFile.read(path) { _, _ in count += 1 }
        return count
    }
    report("read \(count) records", times)
case "build":
    try benchmarkBuild()
default:
    try benchmarkExplain()
}
print("peak resident memory: \(peakMemory())")

func benchmarkRegistryPol(records count: Int) {
    let records = benchmarkRecords(count)
    print("Registry.pol: \(count) records, \(repetitions) repetitions")
    let (bytes, encodeTimes) = measure("encode") { RegistryPol.encode(records) }
    let (_, decodeTimes) = measure("decode") { try! RegistryPol.decode(bytes) }
    let (_, streamTimes) = measure("stream") { try! RegistryPolReader.records(bytes) }
    report("encode (\(bytes.count / 1_048_576) MiB)", encodeTimes)
    report("decode", decodeTimes)
    report("streaming reader", streamTimes)
}

/// `count` records under 1,000-record keys: REG_DWORD, REG_SZ, `**del.` and REG_MULTI_SZ in turn.
func benchmarkRecords(_ count: Int) -> [RegistryRecord] {
    var records: [RegistryRecord] = []
    records.reserveCapacity(count)
    for index in 0..<count {
        let key = #"Software\Policies\Microsoft\Office\16.0\Lync\Bench"# + String(index / 1000)
        switch index % 4 {
        case 0:
            records.append(
                RegistryRecord(key: key, valueName: "configurationmode\(index)", data: .dword(UInt32(index))))
        case 1:
            records.append(
                RegistryRecord(
                    key: key, valueName: "serveraddressinternal\(index)", data: .string("pool\(index).contoso.com")))
        case 2: records.append(.delete(key: key, valueName: "serveraddressexternal\(index)"))
        default:
            records.append(
                RegistryRecord(
                    key: key, valueName: "trustmodeldata\(index)", data: .multiString(["contoso.com", "fabrikam.com"])))
        }
    }
    return records
}

func benchmarkBuild() throws {
    let yaml = generateSite(populations: populationCount)
    guard let catalog = try TemplateStore().policyCatalog().catalog else {
        fatalError("the policy catalog does not load")
    }
    print("build: \(populationCount) populations, \(yaml.utf8.count / 1024) KiB of YAML, \(repetitions) repetitions")
    let (compilation, compileTimes) = measure("compile") {
        Compiler.compile(
            file: "bench.yaml", text: yaml, sources: InMemorySources([:]), clients: clients, catalog: catalog)
    }
    guard let site = compilation.site, let plan = compilation.plan else {
        print(compilation.diagnostics.errors.prefix(5).map(\.message))
        exit(1)
    }
    let input = Emit.Input(
        site: site, plan: plan, policies: compilation.policies, runs: compilation.runs, clients: clients,
        catalog: catalog)
    let (folder, emitTimes) = measure("emit") { Emit.artifacts(input) }
    let bytes = folder.files.values.reduce(0) { $0 + $1.count }
    report("compile (load → lower)", compileTimes)
    report("emit (\(folder.files.count) files, \(bytes / 1_048_576) MiB)", emitTimes)
    print("GPOs: \(plan.gpos.count)")
}

func benchmarkExplain() throws {
    let yaml = generateSite(populations: populationCount)
    print("site: \(populationCount) populations, \(yaml.utf8.count / 1024) KiB of YAML, \(repetitions) repetitions")

    let (loaded, loadTimes) = measure("load") { SiteLoader.load(yaml: yaml, file: "bench.yaml") }
    guard let syntax = loaded.syntax, loaded.diagnostics.isEmpty else {
        print(loaded.diagnostics.map(\.message))
        exit(1)
    }
    let (resolved, resolveTimes) = measure("resolve") {
        Resolver.resolve(syntax, clients: clients, sources: InMemorySources([:]))
    }
    guard let site = resolved.site else {
        print(resolved.diagnostics.prefix(5).map(\.message))
        exit(1)
    }
    let (runs, simulateTimes) = measure("simulate") { Simulator.run(site, clients: clients) }
    let (_, checkTimes) = measure("checks") { SiteCheck.runAll(site, runs: runs, clients: clients) }
    let explanation = Explanation(site: site, runs: runs, clients: clients)
    let (text, textTimes) = measure("render text") { explanation.text() }
    let (json, jsonTimes) = measure("render json") { explanation.json() }
    let (_, pipelineTimes) = measure("whole explain") { () -> String in
        let result = Pipeline.run(file: "bench.yaml", text: yaml, sources: InMemorySources([:]), clients: clients)
        return Explanation(site: result.site!, runs: result.runs, clients: clients).text()
    }

    report("load (YAML)", loadTimes)
    report("resolve", resolveTimes)
    report("simulate (\(runs.count) runs)", simulateTimes)
    report("checks", checkTimes)
    report("render text (\(text.utf8.count / 1024) KiB)", textTimes)
    report("render json (\(json.utf8.count / 1024) KiB)", jsonTimes)
    report("pipeline + text", pipelineTimes)

    // Micro: the pieces of resolve, per population.
    let ous = (0..<populationCount).map { "OU=Dept\($0),OU=Site\($0 % 100),OU=Region\($0 % 10),DC=corp,DC=example" }
    let (_, dnTimes) = measure("dn") { ous.map { try! DistinguishedName.parse($0).get() } }
    report("  DN parse", dnTimes)
    let (_, nameTimes) = measure("dns") {
        ous.map { DNSName.parse("pool01.sip\($0.count % 20).example.", origin: nil) }
    }
    report("  DNS name parse", nameTimes)
}
