/// The record types sign-in discovery looks up. Other types in a zone are read and skipped.
public enum RecordType: String, Codable, Sendable, CaseIterable {
    case a = "A"
    case aaaa = "AAAA"
    case cname = "CNAME"
    case srv = "SRV"
}

/// The data of one record, already validated.
public enum RecordData: Hashable, Codable, Sendable {
    case a(IPv4Address)
    case aaaa(IPv6Address)
    case cname(DNSName)
    /// A target of `DNSName.root` means "service not available" (RFC 2782).
    case srv(priority: Int, weight: Int, port: Int, target: DNSName)

    public var type: RecordType {
        switch self {
        case .a: .a
        case .aaaa: .aaaa
        case .cname: .cname
        case .srv: .srv
        }
    }

    /// The data as written in a zone file: "10.0.0.10", "0 0 5061 pool01.contoso.com.".
    public var presentation: String {
        switch self {
        case .a(let address): address.description
        case .aaaa(let address): address.description
        case .cname(let target): target.presentation
        case .srv(let priority, let weight, let port, let target):
            "\(priority) \(weight) \(port) \(target.presentation)"
        }
    }
}

/// One record of the simulated DNS, with where it was written.
public struct ResourceRecord: Hashable, Codable, Sendable {
    public var name: DNSName
    public var ttl: Int
    public var data: RecordData
    /// From the record's first token to the end of its last token.
    public var span: SourceSpan

    public init(name: DNSName, ttl: Int, data: RecordData, span: SourceSpan) {
        self.name = name
        self.ttl = ttl
        self.data = data
        self.span = span
    }

    public var type: RecordType { data.type }

    /// One zone-file line with every field explicit: "pool01.contoso.com. 3600 IN A 10.0.0.10".
    public var presentation: String { "\(name.presentation) \(ttl) IN \(data.type.rawValue) \(data.presentation)" }
}
