import LiveDNS
import SiteModel

/// Which names the probe asks: what the chosen clients look up for each SIP domain, then the targets of what came
/// back, round after round, until nothing new is named.
public enum ProbePlan {
    /// Every name the profiles' lookups ask for each domain, in every discovery variant: SRV names by SRV,
    /// Autodiscover and host-fallback names by A and AAAA (a CNAME comes back in those answers).
    public static func questions(domains: [DNSName], profiles: [ClientProfile]) -> [DNSQuestion] {
        var out: [DNSQuestion] = []
        var seen: Set<DNSQuestion> = []
        func add(_ question: DNSQuestion) {
            if seen.insert(question).inserted { out.append(question) }
        }
        for domain in domains {
            for profile in profiles {
                for variantName in DiscoveryVariantName.allCases {
                    guard let variant = profile.variants[variantName] else { continue }
                    for lookup in variant.lookups {
                        let name = lookup.name.split(separator: ".").reversed().reduce(domain) {
                            $0.prepending(String($1))
                        }
                        switch lookup.kind {
                        case .srv: add(DNSQuestion(name, .srv))
                        case .host, .autodiscover:
                            add(DNSQuestion(name, .a))
                            add(DNSQuestion(name, .aaaa))
                        }
                    }
                }
            }
        }
        return out
    }

    /// The names a site declares for one network, each by the type it is declared with (a CNAME by A and AAAA,
    /// which return it), so that drift sees every declared record.
    public static func questions(declared records: [ResourceRecord]) -> [DNSQuestion] {
        var out: [DNSQuestion] = []
        var seen: Set<DNSQuestion> = []
        for record in records {
            let types: [RecordType] = record.type == .cname || record.type == .a ? [.a, .aaaa] : [record.type]
            for type in types where seen.insert(DNSQuestion(record.name, type)).inserted {
                out.append(DNSQuestion(record.name, type))
            }
        }
        return out
    }

    /// A and AAAA of every SRV target and CNAME target in `responses` not asked yet.
    public static func followUps(_ responses: [DNSResponse], asked: Set<DNSQuestion>) -> [DNSQuestion] {
        var out: [DNSQuestion] = []
        var seen = asked
        for response in responses {
            for record in response.records {
                let target: DNSName
                switch record.data {
                case .srv(_, _, _, let name): target = name
                case .cname(let name): target = name
                case .a, .aaaa: continue
                }
                guard target != .root else { continue }
                for type in [RecordType.a, .aaaa] where seen.insert(DNSQuestion(target, type)).inserted {
                    out.append(DNSQuestion(target, type))
                }
            }
        }
        return out
    }
}
