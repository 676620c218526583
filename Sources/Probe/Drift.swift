import Discovery
import LiveDNS
import SiteModel

/// One difference between what a site declares for a network and what is there.
public struct DriftItem: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Declared, and DNS does not return it.
        case missing
        /// Returned by DNS, and not declared.
        case extra
        /// Declared and returned with other data (target, port, priority, weight, address).
        case different
        /// Declared, and the lookup failed (SERVFAIL, REFUSED, timeout): DNS did not say either way.
        case unanswered
        /// The certificate a server presents lacks names its declared certificate carries.
        case certificateNamesMissing = "certificate-names-missing"
        /// The declared certificate is from a trusted issuer; the one presented does not chain to the trust store.
        case certificateUntrusted = "certificate-untrusted"
    }

    public var kind: Kind
    /// The record's owner name, or the server's name for a certificate.
    public var name: String
    /// `SRV`, `A`, `AAAA`, `CNAME`, or `certificate`.
    public var type: String
    public var declared: ResourceRecord?
    public var live: ResourceRecord?
    /// What differs: `target`, `port`, `priority`, `weight`, `address`, or the certificate names missing.
    public var fields: [String]
    /// For `unanswered`: what the lookup came back with.
    public var failure: String?
    /// The populations whose outcome this difference alone changes.
    public var changes: [OutcomeChange] = []

    /// "missing: _sip._tls.contoso.com SRV 0 0 443 sip.contoso.com. (site.yaml:12:9)".
    public var summary: String {
        switch kind {
        case .missing: "missing: \(declared!.presentation) (declared at \(declared!.span))"
        case .extra: "extra: \(live!.presentation) (not declared)"
        case .different:
            "different \(fields.joined(separator: ", ")): \(name) \(type) is \(live!.data.presentation), declared \(declared!.data.presentation) (\(declared!.span))"
        case .unanswered:
            "unanswered: \(declared!.presentation) (declared at \(declared!.span)): the lookup failed (\(failure ?? "?"))"
        case .certificateNamesMissing:
            "certificate of \(name) lacks \(fields.joined(separator: ", ")), which the site declares"
        case .certificateUntrusted:
            "certificate of \(name) does not chain to a trusted issuer, which the site declares\(failure.map { " (\($0))" } ?? "")"
        }
    }
}

/// A population whose outcome differs between two simulations.
public struct OutcomeChange: Hashable, Sendable {
    public var population: String
    public var network: NetworkLocation
    public var before: DiscoveryRun
    public var after: DiscoveryRun
}

public enum Drift {
    /// What decides where a client signs in; the explanation's wording is not compared.
    public struct OutcomeKey: Hashable, Sendable {
        var status: DiscoveryOutcome.Status
        var host: ServerAddress.Host?
        var port: Int?
        var transport: Transport?
        var via: Via?
        var registrar: DNSName?
        /// The SRV records a client picks among by weight, each with its share and how it ends (spans left out: a
        /// declared and a live record differ there).
        var branches: [Branch]

        struct Branch: Hashable, Sendable {
            var target: DNSName
            var port: Int
            var share: Double
            var status: DiscoveryOutcome.Status
        }

        public init(_ outcome: DiscoveryOutcome) {
            status = outcome.status
            host = outcome.candidate?.host
            port = outcome.candidate?.port
            transport = outcome.candidate?.transport
            via = outcome.candidate?.via
            registrar = outcome.registrar
            branches = outcome.branches.map {
                Branch(target: $0.record.target, port: $0.record.port, share: $0.share, status: $0.status)
            }
        }
    }

    /// Every difference between the declared records and the live ones, among the names that were asked: a
    /// declared name that was never asked, or whose lookup failed, is not "missing".
    public static func records(declared: [ResourceRecord], live: LiveAnswers) -> [DriftItem] {
        let answered = live.answered
        let failures = Dictionary(
            live.failed.map { ($0.question, $0) }, uniquingKeysWith: { first, _ in first })
        /// Whether DNS said something about this name and type: CNAMEs come back in A and AAAA answers.
        func answeredKey(_ name: DNSName, _ type: RecordType) -> Bool {
            type == .cname
                ? answered.contains(DNSQuestion(name, .a)) || answered.contains(DNSQuestion(name, .aaaa))
                : answered.contains(DNSQuestion(name, type))
        }
        func failure(_ name: DNSName, _ type: RecordType) -> DNSResponse? {
            type == .cname
                ? failures[DNSQuestion(name, .a)] ?? failures[DNSQuestion(name, .aaaa)]
                : failures[DNSQuestion(name, type)]
        }
        struct Key: Hashable, Comparable {
            var name: DNSName
            var type: RecordType
            static func < (lhs: Key, rhs: Key) -> Bool {
                (lhs.name.description, lhs.type.rawValue) < (rhs.name.description, rhs.type.rawValue)
            }
        }
        let declaredByKey = Dictionary(grouping: declared) { Key(name: $0.name, type: $0.type) }
        let liveByKey = Dictionary(grouping: live.records) { Key(name: $0.name, type: $0.type) }
        var items: [DriftItem] = []
        for key in Set(declaredByKey.keys).union(liveByKey.keys).sorted() {
            let declaredRecords = declaredByKey[key] ?? []
            if !answeredKey(key.name, key.type) {
                guard let failed = failure(key.name, key.type) else { continue }
                for record in declaredRecords {
                    items.append(
                        DriftItem(
                            kind: .unanswered, name: key.name.description, type: key.type.rawValue, declared: record,
                            live: nil, fields: [], failure: describe(failed)))
                }
                continue
            }
            var left = declaredRecords.filter { record in !(liveByKey[key] ?? []).contains { $0.data == record.data } }
            var right = (liveByKey[key] ?? []).filter { record in !declaredRecords.contains { $0.data == record.data } }
            // Pair what is left: SRV records by target, then a single record on each side.
            var pairs: [(ResourceRecord, ResourceRecord)] = []
            if key.type == .srv {
                for record in left {
                    guard case .srv(_, _, _, let target) = record.data,
                        let match = right.firstIndex(where: {
                            if case .srv(_, _, _, let other) = $0.data { return other == target }
                            return false
                        })
                    else { continue }
                    pairs.append((record, right.remove(at: match)))
                }
                left.removeAll { record in pairs.contains { $0.0 == record } }
            }
            if left.count == 1, right.count == 1 {
                pairs.append((left.removeFirst(), right.removeFirst()))
            }
            for (declaredRecord, liveRecord) in pairs {
                items.append(
                    DriftItem(
                        kind: .different, name: key.name.description, type: key.type.rawValue, declared: declaredRecord,
                        live: liveRecord, fields: differences(declaredRecord.data, liveRecord.data), failure: nil))
            }
            for record in left {
                items.append(
                    DriftItem(
                        kind: .missing, name: key.name.description, type: key.type.rawValue, declared: record,
                        live: nil, fields: [], failure: nil))
            }
            for record in right {
                items.append(
                    DriftItem(
                        kind: .extra, name: key.name.description, type: key.type.rawValue, declared: nil, live: record,
                        fields: [], failure: nil))
            }
        }
        return items
    }

    /// "SERVFAIL", "timeout", "REFUSED".
    public static func describe(_ response: DNSResponse) -> String {
        switch response.status {
        case .servfail: "SERVFAIL"
        case .refused: "REFUSED"
        case .timeout: "timeout"
        case .nxdomain: "NXDOMAIN"
        case .noData: "no data"
        case .found: "found"
        case .error: response.message ?? "error"
        }
    }

    static func differences(_ declared: RecordData, _ live: RecordData) -> [String] {
        switch (declared, live) {
        case (.srv(let p1, let w1, let port1, let t1), .srv(let p2, let w2, let port2, let t2)):
            return [
                t1 != t2 ? "target" : nil, port1 != port2 ? "port" : nil, p1 != p2 ? "priority" : nil,
                w1 != w2 ? "weight" : nil,
            ].compactMap { $0 }
        case (.cname, .cname): return ["target"]
        default: return ["address"]
        }
    }

    /// The declared records with one difference applied: what DNS would be if only this one had drifted.
    public static func applying(_ item: DriftItem, to records: [ResourceRecord]) -> [ResourceRecord] {
        var out = records
        if let declared = item.declared, item.kind == .missing || item.kind == .different || item.kind == .unanswered {
            out.removeAll { $0 == declared }
        }
        if let live = item.live, item.kind == .extra || item.kind == .different { out.append(live) }
        return out
    }

    /// The populations whose outcome differs between two simulations of the same site.
    public static func changes(from before: [DiscoveryRun], to after: [DiscoveryRun]) -> [OutcomeChange] {
        var afterByKey: [String: DiscoveryRun] = [:]
        for run in after { afterByKey["\(run.population)\u{0}\(run.network.rawValue)"] = run }
        return before.compactMap { run in
            guard let other = afterByKey["\(run.population)\u{0}\(run.network.rawValue)"],
                OutcomeKey(run.outcome) != OutcomeKey(other.outcome)
            else { return nil }
            return OutcomeChange(population: run.population, network: run.network, before: run, after: other)
        }
    }
}
