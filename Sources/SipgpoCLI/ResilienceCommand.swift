import ArgumentParser
import Compiler
import Resilience
import SiteModel

struct ResilienceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resilience",
        abstract: "Which single DNS record, server or certificate name, if lost, stops a population signing in.",
        discussion: """
            For each population and network: every DNS record its discovery used, every server it reached \
            (a declared pool, Edge or Director, or an undeclared host), and every name on those servers' \
            certificates is removed in turn (a server as if it stopped answering), and the client simulated \
            again. A loss that alone turns 'connected' into a prompt or a failure (or a prompt into a failure) \
            is a single point of failure. Last, the populations that sign in on every network with none.

            Only what the run used is tried: nothing else can change its outcome. Behind the Access Edge, the \
            simulator does not follow a proxied client's connection past the Director (it cannot reach the \
            pools from outside), so a Director or pool lost behind the Edge is not reported for outside users.

            Examples:
              sipgpo resilience policies/multi-region.yaml
              sipgpo resilience site.yaml --format json | jq '.results[] | select(.network == "outside")'
            """)

    @OptionGroup var options: SiteOptions

    @Option(help: "Output format.")
    var format: ResilienceReport.Format = .text

    func run() throws {
        let compiled = try runCompiler(options)
        guard let site = compiled.compilation.site else { throw ExitCode(1) }
        let report = Resilience.analyse(
            site, runs: compiled.compilation.runs, clients: compiled.clients, variant: options.variant)
        Console().output(report.render(format, site: site, file: options.site, words: compiled.words))
    }
}

extension ResilienceReport.Format: ExpressibleByArgument {}
