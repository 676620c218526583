import ArgumentParser
import Discovery
import Foundation
import LiveDNS
import Probe
import Rendering
import SiteModel

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Ask real DNS what each client version would find for SIP domains, and where it would sign in.",
        discussion: """
            Queries every name the chosen clients look up for each SIP domain (Autodiscover names, SRV records, \
            A fallbacks) and the A and AAAA records of every target (CNAMEs come back in those answers), \
            through the system's resolver or the server given. Prints every lookup (found, absent, or failed: \
            SERVFAIL, REFUSED and timeouts are failures, never "absent"), then runs the same simulator as \
            'explain' on the answers: one line per client version saying where it signs in.

            With --site, the site's populations are simulated on the live answers too, and every difference \
            from the DNS the site declares for that network is listed, with the outcomes it changes. \
            --connect opens TLS (handshake only, no credentials) to each server the simulation reaches, at the \
            address DNS returned, reads the certificate it presents and judges naming and trust on it.

            Examples:
              sipgpo probe contoso.com
              sipgpo probe contoso.com fabrikam.com --client lync-2013 --server 10.0.0.53
              sipgpo probe contoso.test --server 127.0.0.1:5353 --explain
              sipgpo probe --site policies/single-forest.yaml --server 10.0.0.53 --connect --exit-code
              sipgpo probe contoso.com --format json | jq '.results[].outcome'

            Exit status: 0 success, 1 with --exit-code when drift changes an outcome (or the site has errors), \
            64 wrong usage.
            """)

    @OptionGroup var color: ColorOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(
        help: ArgumentHelp(
            "SIP domains to probe (with --site, the site's SIP domains by default).", valueName: "domain"))
    var domains: [String] = []

    @Option(help: ArgumentHelp("A client profile (see 'sipgpo clients'), or 'all'.", valueName: "profile"))
    var client: String = "all"

    @Option(
        help: ArgumentHelp(
            "Ask this DNS server (IPv4 address, optional port) instead of the system's resolvers.",
            valueName: "address[:port]"))
    var server: String?

    @Option(help: "Which network the answers are read as (private addresses are unreachable from outside).")
    var network: NetworkLocation = .inside

    @Option(help: ArgumentHelp("Compare with what this site description declares for the network.", valueName: "site"))
    var site: String?

    @Flag(help: "Open TLS to each server the simulation reaches and judge it on the certificate it presents.")
    var connect = false

    @Option(help: ArgumentHelp("With --connect, also trust the CAs in this PEM file.", valueName: "file"))
    var caFile: String?

    @Flag(help: "Print the full step-by-step explanation of each client version.")
    var explain = false

    @Option(help: "Output format.")
    var format: Format = .text

    @Flag(help: "Exit 1 when drift from the site changes some population's outcome.")
    var exitCode = false

    @Option(help: ArgumentHelp("Seconds to wait for each DNS or TLS attempt.", valueName: "seconds"))
    var timeout: Int = 2

    @Option(help: ArgumentHelp("Times each DNS query is sent before it is a timeout.", valueName: "count"))
    var attempts: Int = 2

    @Option(help: ArgumentHelp("Queries in flight at once.", valueName: "count"))
    var concurrency: Int = 32

    @Option(
        help: ArgumentHelp(
            "Follow the 'field' (observed) or 'documented' (Microsoft's text) discovery order where sources disagree.",
            valueName: "variant"))
    var variant: DiscoveryVariantName?

    @Option(help: ArgumentHelp("Read client profiles from this templates folder.", valueName: "dir"))
    var templates: String?

    @Flag(help: .hidden)
    var timings = false

    func validate() throws {
        if let server, NameServer(server) == nil {
            throw ValidationError("'\(server)' is not an IPv4 address with an optional port, such as 10.0.0.53:53")
        }
        if domains.isEmpty, site == nil { throw ValidationError("name at least one SIP domain, or a site with --site") }
        for domain in domains where DNSName(domain) == nil { throw ValidationError("'\(domain)' is not a DNS name") }
        guard (1...60).contains(timeout), (1...10).contains(attempts), (1...1024).contains(concurrency) else {
            throw ValidationError("--timeout takes 1-60 seconds, --attempts 1-10, --concurrency 1-1024")
        }
    }

    func run() throws {
        let clients = try loadClients(templates: templates)
        let profiles: [ClientProfile]
        if client == "all" {
            profiles = clients.ids.compactMap { clients[$0] }
        } else if let profile = clients[client] {
            profiles = [profile]
        } else {
            let hint = Suggestion.closest(to: client, in: clients.ids).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("unknown client '\(client)'\(hint); see 'sipgpo clients'")
        }

        var declared: DeclaredSite?
        if let site {
            let options = try SiteOptions.parse(
                [site] + (templates.map { ["--templates", $0] } ?? [])
                    + (variant.map { ["--variant", $0.rawValue] } ?? []))
            let compiled = try runCompiler(options).compilation
            guard let model = compiled.site else { throw ExitCode(1) }
            declared = DeclaredSite(site: model, runs: compiled.runs)
        }
        let names =
            domains.isEmpty ? declared?.site.sipDomains.map(\.name) ?? [] : domains.compactMap { DNSName($0) }

        var questions = ProbePlan.questions(domains: names, profiles: profiles)
        if let declared {
            let known = Set(questions)
            let records = declared.site.sipDomains.flatMap { $0.view(network).records }
            questions += ProbePlan.questions(declared: records).filter { !known.contains($0) }
        }

        let configuration = DNSResolver.Configuration(
            server: server.flatMap(NameServer.init), timeout: timeout, attempts: attempts)
        let progress = ProgressLine(enabled: isatty(2) != 0)
        var onProgress: DNSBatch.Progress?
        if progress.enabled {
            onProgress = { @Sendable done, total in progress.show("DNS: \(done)/\(total) lookups") }
        }
        let shownProgress = onProgress
        let concurrency = self.concurrency
        let answers: LiveAnswers
        let started = DispatchTime.now().uptimeNanoseconds
        let startedCPU = Self.cpuSeconds()
        do {
            answers = try ProbeRun.lookups(initial: questions) { batch -> [DNSResponse] in
                try DNSBatch.resolve(
                    batch, configuration: configuration, concurrency: concurrency, progress: shownProgress)
            }
        } catch {
            progress.clear()
            Console().error("\(error)")
            throw ExitCode(1)
        }
        progress.clear()
        let looked = DispatchTime.now().uptimeNanoseconds
        let lookedCPU = Self.cpuSeconds()

        var report = ProbeRun.analyze(
            answers, domains: names, profiles: profiles, network: network, clients: clients, variant: variant,
            site: declared)
        if connect {
            report = try connectAndAnalyze(
                report, answers: answers, domains: names, profiles: profiles, clients: clients, declared: declared,
                progress: progress)
        }

        let serverText = server ?? "the system resolver"
        let words = try loadWords(templates: templates)
        switch format {
        case .json:
            Console().output(report.renderJSON(server: serverText, phrasebook: words.phrasebook))
        case .text:
            var explanation: String?
            if explain {
                explanation = Explanation(
                    site: report.probeSite, runs: report.results, clients: clients,
                    words: try loadWords(templates: templates)
                ).render(.text)
            }
            Console().output(
                report.renderText(server: serverText, explanation: explanation, phrasebook: words.phrasebook))
        }
        if timings {
            // For Benchmarks/probe-bench: the DNS lookups alone, then everything after them.
            let finished = DispatchTime.now().uptimeNanoseconds
            let seconds = { (from: UInt64, to: UInt64) in String(format: "%.3f", Double(to - from) / 1e9) }
            let cpu = String(format: "%.3f", lookedCPU - startedCPU)
            Console().note(
                "timings: \(answers.responses.count) lookups in \(seconds(started, looked)) s (\(cpu) s of CPU), "
                    + "simulation and output in \(seconds(looked, finished)) s")
        }
        if exitCode, report.hasOutcomeDrift { throw ExitCode(1) }
    }
}

extension ProbeCommand {
    /// CPU time of this process so far (user and system), for --timings.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

extension NetworkLocation: ExpressibleByArgument {}

/// One line on standard error, rewritten in place; only when standard error is a terminal.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private var last = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ text: String) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(last) > 0.1 else { return }
            last = now
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        }
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
