import SiteModel

/// A DNS server to ask: an IPv4 address and a port (53 unless given).
public struct NameServer: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: Int

    public init(address: IPv4Address, port: Int = 53) {
        self.address = address
        self.port = port
    }

    /// `127.0.0.1` or `127.0.0.1:5353`. Only IPv4 servers: glibc's resolver state takes IPv4 server addresses.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Address(String(parts[0])) else { return nil }
        var port = 53
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number) else { return nil }
            port = number
        }
        self.init(address: address, port: port)
    }

    public var description: String { port == 53 ? address.description : "\(address):\(port)" }
}

/// One query: a name and a record type.
public struct DNSQuestion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: DNSName
    public var type: RecordType

    public init(_ name: DNSName, _ type: RecordType) {
        self.name = name
        self.type = type
    }

    public var description: String { "\(name) \(type.rawValue)" }

    public static func < (lhs: DNSQuestion, rhs: DNSQuestion) -> Bool {
        (lhs.name.description, lhs.type.rawValue) < (rhs.name.description, rhs.type.rawValue)
    }
}

/// One record of an answer section, as the server sent it.
public struct LiveRecord: Hashable, Sendable {
    public var name: DNSName
    public var ttl: Int
    public var data: RecordData

    public init(name: DNSName, ttl: Int, data: RecordData) {
        self.name = name
        self.ttl = ttl
        self.data = data
    }

    /// "pool01.contoso.com. 300 IN A 10.0.0.10".
    public var presentation: String { "\(name.presentation) \(ttl) IN \(data.type.rawValue) \(data.presentation)" }
}

/// What one query came back with. Every way a query can fail is its own case: a failure is never "absent".
public struct DNSResponse: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// The answer section holds records (of the type asked, or a CNAME chain).
        case found
        /// The name exists but has no record of this type (NOERROR, empty answer).
        case noData = "no-data"
        /// The name does not exist (NXDOMAIN).
        case nxdomain
        /// The server could not answer (SERVFAIL).
        case servfail
        /// The server refuses to answer for this name (REFUSED).
        case refused
        /// No answer within the timeout, after every retry.
        case timeout
        /// Another response code (FORMERR, NOTIMP, ...) or a local error (connection refused, malformed answer).
        case error

        /// The name is absent from DNS: the answer is authoritative and empty.
        public var isAbsent: Bool { self == .noData || self == .nxdomain }
        /// The lookup failed: nothing is known about the name.
        public var isFailure: Bool { !isAbsent && self != .found }
    }

    public var question: DNSQuestion
    public var status: Status
    /// The answer section: records of the asked type and any CNAMEs on the way.
    public var records: [LiveRecord]
    /// The UDP answer was truncated (TC), so the query was asked again over TCP.
    public var truncated: Bool
    /// The DNS response code, when a response arrived.
    public var rcode: Int?
    /// What went wrong, for `error` (and the response code's name otherwise).
    public var message: String?

    public init(
        question: DNSQuestion, status: Status, records: [LiveRecord] = [], truncated: Bool = false, rcode: Int? = nil,
        message: String? = nil
    ) {
        self.question = question
        self.status = status
        self.records = records
        self.truncated = truncated
        self.rcode = rcode
        self.message = message
    }
}
