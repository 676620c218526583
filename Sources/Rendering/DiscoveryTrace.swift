import Discovery
import SiteModel

/// A `DiscoveryRun` in words: the lookups in order, the connection it makes, and how it ends, each with the sentence
/// an administrator reads. Rendered from the run by `DiscoveryRun.trace`; nothing reads these sentences to learn what
/// happened.
///
/// This is the stable JSON interface of `sipgpo explain --format json` (see DESIGN.md); add fields, never rename.
public struct DiscoveryTrace: Hashable, Sendable {
    public var population: String
    public var ou: String
    public var client: String
    public var sipDomain: String
    public var network: NetworkLocation
    public var mode: String
    /// The discovery variant followed (`field` or `documented`).
    public var variant: DiscoveryVariantName
    public var steps: [DiscoveryStep]
    /// After discovery: where the client goes next, to its home pool (empty when the site declares no pools).
    public var hops: [Hop] = []
    public var outcome: Outcome
    public var settings: [EffectiveSetting]
    public var notes: [String]
    /// User preferences (not policies) Group Policy Preferences write for the population; in the JSON only when
    /// there are some.
    public var preferences: [EffectivePreference] = []
}

/// One thing the client does: a DNS query, or a connection to what the queries found.
public struct DiscoveryStep: Hashable, Sendable {
    public enum Result: String, Hashable, Sendable {
        /// The query returned records.
        case found
        /// The name has no record of that type in this network's DNS.
        case notFound = "not-found"
        /// A connection was made and the server is usable.
        case connected
        /// The address cannot be reached from this network, or the transport is refused.
        case unreachable
        /// The server was reached but the client refuses it or asks the user (trust, naming).
        case refused
    }

    /// The name queried (`_sipinternaltls._tcp.contoso.com`) or, for a connection, `host:port`.
    public var lookup: String
    /// `SRV`, `A`, `AAAA`, `CNAME`, or the transport of a connection (`TLS`, `TCP`, `HTTPS`).
    public var type: String
    public var result: Result
    /// What the query returned (`pool01.contoso.com:5061`, `10.0.0.10`) or the address connected to.
    public var answer: String?
    /// One sentence an administrator can check against the client's event log.
    public var detail: String
    /// Where the record that answered was written; printed as `site.yaml:12:9`.
    public var span: SourceSpan?

    public init(
        lookup: String, type: String, result: Result, answer: String? = nil, detail: String, span: SourceSpan? = nil
    ) {
        self.lookup = lookup
        self.type = type
        self.result = result
        self.answer = answer
        self.detail = detail
        self.span = span
    }
}

public struct Outcome: Hashable, Sendable {
    public typealias Status = DiscoveryOutcome.Status

    public var status: Status
    /// The server discovery found (not necessarily the user's home pool).
    public var server: String?
    public var port: Int?
    public var transport: String?
    /// The lookup that produced the server, or `manual`.
    public var via: String?
    public var reason: String
    /// The names the server must present on its certificate for the client to accept it, when a naming rule applies.
    public var certificateNames: [String]?
    /// The home pool the client registers with, when the site declares pools.
    public var registrar: String?
    /// One line: "connects to pool01.contoso.com:5061 over TLS via _sipinternaltls._tcp.contoso.com".
    public var headline: String
    /// How the outcome splits over weighted SRV records, in a sentence; nil when it does not.
    public var shares: String?
    /// The weighted SRV records a first-record client picks among, and how each ends.
    public var branches: [Branch]
    /// When the undocumented port of an A-record fallback decides the outcome, in a sentence; nil otherwise.
    public var portNote: String? = nil
    /// Each reading of that port and how it ends; the outcome above is the worse one.
    public var portReadings: [PortReading] = []
    /// Reached on an undocumented port that no declared server confirms (see `DiscoveryOutcome.portUnverified`).
    public var portUnverified = false
    /// The condition that puts in words, for the status ("if the server listens on the port the client uses").
    public var portCondition: String? = nil

    /// The share of attempts that end as this outcome says: the followed branch's share.
    public var share: Double? { branches.first(where: \.followed)?.share }

    public struct PortReading: Hashable, Sendable {
        public var port: Int
        public var status: Status
        public var server: String?
        public var via: String?
        public var headline: String
    }

    public struct Branch: Hashable, Sendable {
        public var target: String
        public var port: Int
        public var priority: Int
        public var weight: Int
        public var share: Double
        public var status: Status
        public var reason: String?
        public var followed: Bool
    }
}

/// One server on the way from the server discovery found to the user's home pool.
public struct Hop: Hashable, Sendable {
    public typealias Action = HopEvent.Action

    public var server: String
    public var role: String
    public var action: Action
    public var reason: String

    public init(server: String, role: String, action: Action, reason: String) {
        self.server = server
        self.role = role
        self.action = action
        self.reason = reason
    }
}

extension DiscoveryTrace {
    /// The documented JSON interface of `explain --format json`, keys in the documented order, streamed into a
    /// writer (an explanation of a large site has millions of values).
    public func write(to writer: inout JSONWriter) {
        var unshared: [JSONWriter.SharedKey<SharedPart>: [UInt8]] = [:]
        write(to: &writer, shape: nil, shared: &unshared)
    }

    /// A part of the JSON that every trace of one shape (see `Explanation`) writes the same.
    struct SharedPart: Hashable {
        var shape: Int
        /// 0: from `client` to `outcome`; 1: `notes`.
        var part: Int
    }

    /// `write(to:)`, copying the parts traces of the same `shape` share from `shared` once written.
    func write(
        to writer: inout JSONWriter, shape: Int?, shared: inout [JSONWriter.SharedKey<SharedPart>: [UInt8]]
    ) {
        writer.object { w in
            w.member("population", population)
            w.member("ou", ou)
            if let shape {
                w.shared(SharedPart(shape: shape, part: 0), in: &shared) { writeDiscovery(to: &$0) }
            } else {
                writeDiscovery(to: &w)
            }
            w.member("settings") { w in
                w.array { w in
                    for setting in settings {
                        w.element { w in
                            w.object { w in
                                w.member("name", setting.name)
                                switch setting.value {
                                case .number(let number): w.member("value", number)
                                case .text(let text): w.member("value", text)
                                }
                                w.member("hive", setting.hive)
                                w.member("gpo", setting.gpo)
                                w.member("source", setting.source)
                                w.member("note", setting.note)
                            }
                        }
                    }
                }
            }
            if let shape {
                w.shared(SharedPart(shape: shape, part: 1), in: &shared) { w in w.member("notes") { $0.strings(notes) }
                }
            } else {
                w.member("notes") { $0.strings(notes) }
            }
            if !preferences.isEmpty {
                w.member("preferences") { w in
                    w.array { w in
                        for preference in preferences {
                            w.element { w in
                                w.object { w in
                                    w.member("name", preference.name)
                                    w.member("value", preference.value)
                                    w.member("hive", preference.hive)
                                    w.member("key", preference.key)
                                    w.member("gpo", preference.gpo)
                                    w.member("source", preference.source)
                                    w.member("locationSource", preference.locationSource)
                                    w.member("uncertain", preference.uncertain)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The members from `client` to `outcome`: what discovery did, the same for every trace of one shape.
    private func writeDiscovery(to w: inout JSONWriter) {
        w.member("client", client)
        w.member("sipDomain", sipDomain)
        w.member("network", network.rawValue)
        w.member("mode", mode)
        w.member("variant", variant.rawValue)
        w.member("steps") { w in
            w.array { w in
                for step in steps {
                    w.element { w in
                        w.object { w in
                            w.member("lookup", step.lookup)
                            w.member("type", step.type)
                            w.member("result", step.result.rawValue)
                            w.member("answer", step.answer)
                            w.member("detail", step.detail)
                            w.member("source", step.span?.description)
                        }
                    }
                }
            }
        }
        w.member("hops") { w in
            w.array { w in
                for hop in hops {
                    w.element { w in
                        w.object { w in
                            w.member("server", hop.server)
                            w.member("role", hop.role)
                            w.member("action", hop.action.rawValue)
                            w.member("reason", hop.reason)
                        }
                    }
                }
            }
        }
        w.member("outcome") { w in
            w.object { w in
                w.member("status", outcome.status.rawValue)
                w.member("server", outcome.server)
                w.member("port", outcome.port)
                w.member("transport", outcome.transport)
                w.member("via", outcome.via)
                w.member("reason", outcome.reason)
                if let names = outcome.certificateNames { w.member("certificateNames") { $0.strings(names) } }
                w.member("registrar", outcome.registrar)
                if !outcome.branches.isEmpty {
                    w.member("share", fraction: outcome.share)
                    w.member("branches") { w in
                        w.array { w in
                            for branch in outcome.branches {
                                w.element { w in
                                    w.object { w in
                                        w.member("target", branch.target)
                                        w.member("port", branch.port)
                                        w.member("priority", branch.priority)
                                        w.member("weight", branch.weight)
                                        w.member("share", fraction: branch.share)
                                        w.member("status", branch.status.rawValue)
                                        w.member("reason", branch.reason)
                                    }
                                }
                            }
                        }
                    }
                }
                if outcome.portUnverified { w.member("portUnverified", true) }
                if !outcome.portReadings.isEmpty {
                    w.member("portNote", outcome.portNote)
                    w.member("portReadings") { w in
                        w.array { w in
                            for reading in outcome.portReadings {
                                w.element { w in
                                    w.object { w in
                                        w.member("port", reading.port)
                                        w.member("status", reading.status.rawValue)
                                        w.member("server", reading.server)
                                        w.member("via", reading.via)
                                        w.member("headline", reading.headline)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
