import Discovery
import LiveDNS
import LiveTLS
import Probe
import SiteModel

extension ProbeCommand {
    /// `--connect`: TLS to every server the simulations reach (at the address DNS returned), then the simulations
    /// again with the certificates presented; repeated while a new certificate sends a client to a new server.
    func connectAndAnalyze(
        _ first: ProbeReport, answers: LiveAnswers, domains: [DNSName], profiles: [ClientProfile],
        clients: ClientCatalog, declared: DeclaredSite?, progress: ProgressLine
    ) throws -> ProbeReport {
        var report = first
        var presented: [PresentedCertificate] = []
        var tried: Set<PresentedCertificate.Endpoint> = []
        let configuration = TLSProbe.Configuration(timeout: timeout, caFile: caFile)
        for _ in 0..<4 {
            let endpoints = Self.endpoints(report, answers: answers).filter { !tried.contains($0) }
            guard !endpoints.isEmpty else { break }
            progress.show("TLS: \(endpoints.count) servers")
            let results = TLSProbe.probe(
                endpoints.map { TLSProbe.Target(host: $0.host.description, address: $0.address, port: $0.port) },
                configuration: configuration)
            for (endpoint, result) in zip(endpoints, results) {
                tried.insert(endpoint)
                let row = presented.count + 1
                switch result {
                case .presented(let certificate):
                    presented.append(
                        PresentedCertificate(
                            endpoint: endpoint, row: row, subject: certificate.subject, dnsNames: certificate.dnsNames,
                            issuer: certificate.issuer, notBefore: certificate.notBefore,
                            notAfter: certificate.notAfter, trustedIssuer: certificate.verified,
                            verification: certificate.verification, error: nil))
                case .failed(let reason):
                    presented.append(
                        PresentedCertificate(
                            endpoint: endpoint, row: row, subject: nil, dnsNames: [], issuer: nil, notBefore: nil,
                            notAfter: nil, trustedIssuer: false, verification: nil, error: reason))
                }
            }
            report = ProbeRun.analyze(
                answers, domains: domains, profiles: profiles, network: network, clients: clients, variant: variant,
                site: declared, certificates: presented)
        }
        progress.clear()
        return report
    }

    /// Each TLS or HTTPS connection the simulations make to a name, at the address DNS returned, and the Access Edge
    /// on 443 when a client goes through it.
    static func endpoints(_ report: ProbeReport, answers: LiveAnswers) -> [PresentedCertificate.Endpoint] {
        var out: [PresentedCertificate.Endpoint] = []
        let runs = report.results + (report.site?.live ?? [])
        let index = DNSIndex(records: answers.records)
        func add(_ endpoint: PresentedCertificate.Endpoint) {
            if !out.contains(endpoint) { out.append(endpoint) }
        }
        for run in runs {
            for event in run.events {
                guard let connection = event.connection, case .name(let host) = connection.candidate.host,
                    connection.candidate.transport == .tls || connection.candidate.transport == .https,
                    connection.result != .unreachable
                else { continue }
                add(
                    PresentedCertificate.Endpoint(
                        host: host, address: connection.address.text, port: connection.candidate.port))
            }
            for hop in run.hops where hop.role == PoolRole.edge.rawValue {
                guard let edge = DNSName(hop.server), let address = Self.address(of: edge, in: index) else { continue }
                add(PresentedCertificate.Endpoint(host: edge, address: address, port: 443))
            }
        }
        return out
    }

    /// The first address DNS returned for `name`, after its CNAMEs.
    static func address(of name: DNSName, in index: DNSIndex) -> String? {
        var current = name
        for _ in 0..<8 {
            guard case .cname(let target) = index.records(named: current, type: .cname).first?.data else { break }
            current = target
        }
        for record in index.records(named: current) {
            switch record.data {
            case .a(let address): return address.description
            case .aaaa(let address): return address.description
            default: continue
            }
        }
        return nil
    }
}
