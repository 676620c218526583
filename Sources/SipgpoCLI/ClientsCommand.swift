import ArgumentParser
import Foundation
import SiteModel

struct ClientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "List the client profiles: policy key, discovery order per variant, trust rule, and sources.",
        discussion: """
            Examples:
              sipgpo clients
              sipgpo clients --format json
            """)

    @OptionGroup var color: ColorOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Read client profiles from this templates folder.", valueName: "dir"))
    var templates: String?

    func run() throws {
        let catalog = try loadClients(templates: templates)
        let profiles = catalog.ids.compactMap { catalog[$0] }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console().output(String(decoding: try encoder.encode(profiles), as: UTF8.self) + "\n")
        case .text:
            Console().output(profiles.map(Self.describe).joined(separator: "\n"))
        }
    }

    static func describe(_ profile: ClientProfile) -> String {
        var out = "\(profile.id): \(profile.displayName)\n"
        out +=
            profile.isManagedByGroupPolicy
            ? "  policy key: HKLM and HKCU\\\(profile.policyRoot)\n" : "  policy: not configured by Group Policy\n"
        switch profile.trust {
        case .strictDnsNaming:
            out += "  trust: strict DNS naming over TLS (the server must prove <sipdomain> or sip.<sipdomain>)\n"
        case .trustedDomainPrompt: out += "  trust: prompt for servers outside the SIP domain and TrustModelData\n"
        }
        for name in DiscoveryVariantName.allCases {
            guard let variant = profile.variants[name] else { continue }
            let marker = name == profile.defaultVariant ? " (default)" : ""
            out += "  \(name.rawValue)\(marker): \(variant.summary)\n"
            if let basis = variant.basis { out += "    rests on: \(basis)\n" }
            let order = variant.lookups.enumerated().map { index, lookup in
                let what =
                    lookup.kind == .srv
                    ? "SRV \(lookup.name)"
                    : lookup.kind == .autodiscover ? "Autodiscover \(lookup.name)" : "A \(lookup.name)"
                let ports: String
                if let listed = lookup.ports {
                    let values = listed.values.map(String.init)
                    ports =
                        listed.documented
                        ? " " + values.joined(separator: ", then ")
                        : " port undocumented: " + values.joined(separator: " or ")
                } else {
                    ports = lookup.port.map { " \($0)" } ?? ""
                }
                return
                    "    \(index + 1). \(what) (\(lookup.transport.rawValue)\(ports))\(lookup.condition.map { ", \($0)" } ?? "")"
            }
            out += order.joined(separator: "\n") + "\n"
            out +=
                "    after a found record fails: \(variant.onFoundRecordFailure == .stop ? "stop" : "try the next") ; A fallback: \(variant.hostFallback == .onlyWithoutSRV ? "only without any SRV record" : "after the SRV records")\n"
            for source in variant.sources { out += "    source: \(source)\n" }
        }
        for fact in profile.facts {
            out += "  - \(fact.text)\(fact.uncertain == true ? " (uncertain)" : "")\n    source: \(fact.source)\n"
        }
        return out
    }
}
