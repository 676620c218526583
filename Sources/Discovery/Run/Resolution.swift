import SiteModel

/// Resolution of a name in one network's DNS: CNAME chains, then addresses, each query recorded as a lookup event.
struct Resolution {
    let view: DNSIndex
    var events: [DiscoveryEvent] = []
    /// The last name a resolution ended on after following CNAMEs.
    var canonicalName: DNSName?

    init(view: DNSIndex) { self.view = view }

    /// Follows CNAMEs, then collects A and AAAA records, adding a lookup event for each query that answered or failed.
    mutating func resolve(_ name: DNSName, purpose: String?) -> [ResolvedAddress] {
        var current = name
        var seen: Set<DNSName> = []
        while let cname = view.records(named: current, type: .cname).first, case .cname(let target) = cname.data {
            guard seen.insert(current).inserted else {
                events.append(
                    .lookup(LookupEvent(name: current, types: [.cname], answer: .aliasLoop, span: cname.span)))
                return []
            }
            events.append(
                .lookup(LookupEvent(name: current, types: [.cname], answer: .alias(target), span: cname.span)))
            current = target
        }
        canonicalName = current
        let records = view.records(named: current).filter { $0.type == .a || $0.type == .aaaa }
        guard !records.isEmpty else {
            events.append(.lookup(LookupEvent(name: current, types: [.a], answer: .absent(purpose: purpose))))
            return []
        }
        let addresses = records.compactMap { record -> ResolvedAddress? in
            switch record.data {
            case .a(let address): ResolvedAddress(value: .ipv4(address), span: record.span)
            case .aaaa(let address): ResolvedAddress(value: .ipv6(address), span: record.span)
            default: nil
            }
        }
        var types: [RecordType] = []
        for record in records where !types.contains(record.type) { types.append(record.type) }
        // "A/AAAA" when both answered, in that order.
        if types.count == 2 { types = [.a, .aaaa] }
        events.append(
            .lookup(LookupEvent(name: current, types: types, answer: .addresses(addresses), span: records[0].span)))
        return addresses
    }
}
