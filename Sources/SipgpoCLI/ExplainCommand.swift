import ArgumentParser
import Compiler
import Discovery
import Rendering
import SiteModel

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, step by step, how each population's client finds its sign-in server.",
        discussion: """
            For each population and network: the DNS lookups in the order the client version makes them, \
            what each returns, the record that wins, the trust and naming decision, where the client goes next \
            (Edge, Director, home pool), whether sign-in succeeds, and the policy values it receives.

            Examples:
              sipgpo explain site.yaml
              sipgpo explain site.yaml --population "Head office" --network outside
              sipgpo explain site.yaml --format markdown > discovery.md
              sipgpo explain site.yaml --format json | jq '.results[].outcome'
            """)

    enum Network: String, ExpressibleByArgument, CaseIterable {
        case inside, outside, both
        var locations: [NetworkLocation] {
            switch self {
            case .inside: [.inside]
            case .outside: [.outside]
            case .both: NetworkLocation.allCases
            }
        }
    }

    @OptionGroup var options: SiteOptions

    @Option(
        name: .customLong("population"),
        help: ArgumentHelp("Explain only this population (repeatable).", valueName: "name"))
    var populations: [String] = []

    @Option(help: "Which network's DNS to simulate.")
    var network: Network = .both

    @Option(help: "Output format.")
    var format: Explanation.Format = .text

    func run() throws {
        let compiled = try runCompiler(options)
        let result = compiled.compilation
        guard let site = result.site else { throw ExitCode(1) }
        let known = site.populations.map(\.name)
        for name in populations where !known.contains(name) {
            let hint = Suggestion.closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("no population named '\(name)' in \(options.site)\(hint)")
        }
        let wanted = Set(populations)
        let runs = result.runs.filter { run in
            (wanted.isEmpty || wanted.contains(run.population)) && network.locations.contains(run.network)
        }
        var explanation = Explanation(site: site, runs: runs, clients: compiled.clients, words: compiled.words)
        explanation.colored = Console().coloredOutput
        if format == .json {
            Console().output(bytes: explanation.jsonBytes())
        } else {
            Console().output(explanation.render(format))
        }
    }
}
