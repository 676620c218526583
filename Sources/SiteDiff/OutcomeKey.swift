import Discovery
import SiteModel

/// What decides where a population's client signs in, without where anything is written (two site descriptions
/// place the same record on different lines): the status, the server and how it was found, the servers after
/// discovery, the SRV records picked by weight, and for a failure, the path the client took to it.
public struct OutcomeKey: Hashable, Sendable {
    var status: DiscoveryOutcome.Status
    var endpoint: String?
    var transport: Transport?
    var via: Via?
    var registrar: DNSName?
    var hops: [Hop]
    var branches: [Branch]
    /// Only for a failure: the lookups and connections that led to it, and why registration failed.
    var path: [Event]?
    var registration: Registration?

    struct Hop: Hashable {
        var server: String
        var action: HopEvent.Action
    }

    struct Branch: Hashable {
        var target: DNSName
        var port: Int
        var share: Double
        var status: DiscoveryOutcome.Status
    }

    enum Event: Hashable {
        case lookup(DNSName, [RecordType], found: Bool)
        case connection(endpoint: String, ConnectionEvent.Result)
    }

    enum Registration: Hashable {
        case untrustedIssuer(DNSName)
        case lacksName(DNSName)
        case unresolved(DNSName)
        case privateAddress(DNSName)
        case noAnswer(DNSName)
    }

    public init(_ run: DiscoveryRun) {
        let outcome = run.outcome
        status = outcome.status
        endpoint = outcome.candidate?.endpoint
        transport = outcome.candidate?.transport
        via = outcome.candidate?.via
        registrar = outcome.registrar
        hops = run.hops.map { Hop(server: $0.server, action: $0.action) }
        branches = outcome.branches.map {
            Branch(target: $0.record.target, port: $0.record.port, share: $0.share, status: $0.status)
        }
        guard outcome.status == .failed else { return }
        path = run.events.map { event in
            switch event {
            case .lookup(let lookup): .lookup(lookup.name, lookup.types, found: lookup.found)
            case .connection(let connection): .connection(endpoint: connection.candidate.endpoint, connection.result)
            }
        }
        if case .registrationFailed(_, let failure) = outcome.reason {
            registration =
                switch failure {
                case .untrustedIssuer(let pool): .untrustedIssuer(pool.fqdn)
                case .lacksName(let pool): .lacksName(pool.fqdn)
                case .unresolved(let pool): .unresolved(pool.fqdn)
                case .privateAddress(let pool, _): .privateAddress(pool.fqdn)
                case .noAnswer(let pool, _): .noAnswer(pool.fqdn)
                }
        }
    }
}
