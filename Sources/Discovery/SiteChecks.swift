import SiteModel

/// A rule about a design that resolves cleanly but will not work in practice. Each rule describes itself, so
/// `sipgpo check` can list them and the tests can run every example.
public struct SiteCheck: Sendable {
    public var id: DiagnosticID
    public var summary: String
    public var run: @Sendable (Site, [DiscoveryTrace], ClientCatalog) -> [Diagnostic]
}

extension SiteCheck {
    /// Every check, in the order their findings are most useful.
    public static let all: [SiteCheck] = [
        privateAddressOutside, tcpOnlyOutside, srvTargetOutsideDomain, discoveryFails, trustPrompt,
        settingWithoutPolicy,
        clientWithoutGroupPolicy, certificateNameMissing,
    ]

    /// Runs every check and returns their findings, at most one per root cause.
    public static func runAll(_ site: Site, traces: [DiscoveryTrace], clients: ClientCatalog) -> [Diagnostic] {
        all.flatMap { $0.run(site, traces, clients) }
    }

    /// "population 'A'" or "populations 'A', 'B' and 3 more", with the verb that agrees with it.
    static func populations(_ traces: [DiscoveryTrace]) -> (phrase: String, isPlural: Bool) {
        let names = Array(Set(traces.map(\.population))).sorted()
        let shown = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        let list = names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown
        return (names.count == 1 ? "population \(list)" : "populations \(list)", names.count != 1)
    }

    /// Groups findings by the record (span) that causes them, so one bad record gives one warning.
    static func grouped(_ items: [(span: SourceSpan, trace: DiscoveryTrace, detail: String)]) -> [(
        SourceSpan, [DiscoveryTrace], String
    )] {
        var order: [SourceSpan] = []
        var groups: [SourceSpan: ([DiscoveryTrace], String)] = [:]
        for item in items {
            if groups[item.span] == nil {
                order.append(item.span)
                groups[item.span] = ([], item.detail)
            }
            groups[item.span]!.0.append(item.trace)
        }
        return order.map { ($0, groups[$0]!.0, groups[$0]!.1) }
    }

    public static let privateAddressOutside = SiteCheck(
        id: "private-address-outside",
        summary: "outside users are sent to a private (RFC 1918) address they cannot reach"
    ) { _, traces, _ in
        let items = traces.filter { $0.network == .outside }.flatMap { trace in
            trace.steps.filter { $0.result == .unreachable && $0.type != "TCP" }.compactMap {
                step -> (SourceSpan, DiscoveryTrace, String)? in
                guard let span = step.span, let address = step.address else { return nil }
                return (span, trace, "\(step.lookup) (\(address))")
            }
        }
        return grouped(items.map { (span: $0.0, trace: $0.1, detail: $0.2) }).map { span, traces, detail in
            let (who, plural) = populations(traces)
            return .warning(
                "private-address-outside",
                "outside the firewall, \(who) \(plural ? "are" : "is") sent to \(detail), a private address \(plural ? "they" : "it") cannot reach",
                at: span,
                help:
                    "publish only public addresses in the outside view (the Access Edge for _sip._tls and sip), or remove internal records from it"
            )
        }
    }

    public static let tcpOnlyOutside = SiteCheck(
        id: "tcp-only-outside",
        summary: "a Communicator client outside finds only _sip._tcp, and the Edge accepts only TLS"
    ) { site, traces, clients in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        let outside = site.dns(.outside)
        for trace in traces where trace.network == .outside && trace.mode == "automatic" {
            guard clients[trace.client]?.isCommunicatorEra == true, let domain = DNSName(trace.sipDomain) else {
                continue
            }
            let tcp = outside.records(named: domain.prepending("_tcp").prepending("_sip"), type: .srv)
            let tls = outside.records(named: domain.prepending("_tls").prepending("_sip"), type: .srv)
            guard let record = tcp.first, tls.isEmpty, reported.insert(record.span).inserted else { continue }
            out.append(
                .warning(
                    "tcp-only-outside",
                    "outside the firewall \(domain) has _sip._tcp but no _sip._tls, and the Edge accepts only TLS",
                    at: record.span,
                    help: "publish '_sip._tls.\(domain). SRV 0 0 443 <access edge>' in the outside view"))
        }
        return out
    }

    public static let srvTargetOutsideDomain = SiteCheck(
        id: "srv-target-outside-domain",
        summary: "an SRV record points outside the SIP domain and no trusted-domain entry covers it"
    ) { site, traces, clients in
        let byName = Dictionary(site.populations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [(span: SourceSpan, trace: DiscoveryTrace, detail: String)] = []
        for trace in traces where trace.mode == "automatic" && trace.outcome.via?.hasPrefix("_") == true {
            guard let server = trace.outcome.server, let host = DNSName(server),
                let sipDomain = DNSName(trace.sipDomain),
                !host.isSubdomain(of: sipDomain),
                let population = byName[trace.population],
                !(population.settings.trustedDomains?.value ?? []).contains(where: { host.isSubdomain(of: $0) }),
                let span = trace.steps.first(where: { $0.type == "SRV" && $0.result == .found })?.span
            else { continue }
            let effect =
                clients[trace.client]?.trust == .strictDnsNaming
                ? "strict DNS naming needs its certificate to carry sip.\(sipDomain)"
                : "users are asked whether to trust it"
            items.append((span, trace, "\(server) is outside \(sipDomain): \(effect)"))
        }
        return grouped(items).map { span, traces, detail in
            .warning(
                "srv-target-outside-domain", "for \(populations(traces).phrase), \(detail)", at: span,
                help: "point the record at a host under the SIP domain, or add the target's domain to 'trustedDomains'")
        }
    }

    public static let discoveryFails = SiteCheck(
        id: "discovery-fails",
        summary: "a population cannot sign in on a network"
    ) { site, traces, _ in
        let spans = Dictionary(site.populations.map { ($0.name, $0.span) }, uniquingKeysWith: { first, _ in first })
        return traces.filter { $0.outcome.status == .failed }.map { trace in
            .warning(
                "discovery-fails",
                "population '\(trace.population)' cannot sign in \(trace.network.rawValue) the firewall: \(trace.outcome.reason)",
                at: spans[trace.population],
                help:
                    "run 'sipgpo explain \(site.file) --population \"\(trace.population)\" --network \(trace.network.rawValue)' to see each lookup"
            )
        }
    }

    public static let trustPrompt = SiteCheck(
        id: "trust-prompt",
        summary: "users are asked whether to trust an automatically discovered server"
    ) { site, traces, _ in
        let spans = Dictionary(site.populations.map { ($0.name, $0.span) }, uniquingKeysWith: { first, _ in first })
        return traces.filter { $0.outcome.status == .prompt }.map { trace in
            .warning(
                "trust-prompt",
                "population '\(trace.population)' is asked to trust \(trace.outcome.server ?? "the server") \(trace.network.rawValue) the firewall",
                at: spans[trace.population],
                help: "add the server's domain to 'trustedDomains', or point discovery at a server in the SIP domain")
        }
    }

    public static let settingWithoutPolicy = SiteCheck(
        id: "setting-without-policy",
        summary: "a setting that the population's client has no policy for"
    ) { site, _, clients in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        for population in site.populations {
            guard let profile = clients[population.settings.client.value], !profile.isCommunicatorEra,
                profile.isManagedByGroupPolicy
            else { continue }
            let strict = population.settings.strictDnsNaming
            if let span = strict.origin.span, reported.insert(span).inserted {
                out.append(
                    .warning(
                        "setting-without-policy",
                        "'strictDnsNaming' has no policy for \(profile.id) (population '\(population.name)')", at: span,
                        help:
                            "DisableStrictDNSNaming exists only for Communicator-era clients; \(profile.displayName) asks the user instead (see trustedDomains)"
                    ))
            }
            if case .manual(let manual) = population.settings.signIn.value, manual.transport == .tcp,
                let span = population.settings.signIn.origin.span, reported.insert(span).inserted
            {
                out.append(
                    .warning(
                        "setting-without-policy",
                        "'transport' has no policy for \(profile.id) (population '\(population.name)')", at: span,
                        help:
                            "Microsoft's \(profile.policyFamily == "office16" ? "lync16" : "lync15").admx has no Transport value; remove 'transport' or accept TLS"
                    ))
            }
        }
        return out
    }

    public static let clientWithoutGroupPolicy = SiteCheck(
        id: "client-without-group-policy",
        summary: "a population's client takes no Group Policy, yet the site gives it policy settings"
    ) { site, _, clients in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        for population in site.populations {
            guard let profile = clients[population.settings.client.value], !profile.isManagedByGroupPolicy else {
                continue
            }
            let written = [population.settings.signIn.origin, population.settings.trustedDomains?.origin].compactMap {
                $0?.span
            }
            for span in written where reported.insert(span).inserted {
                out.append(
                    .warning(
                        "client-without-group-policy",
                        "\(profile.displayName) (population '\(population.name)') is not configured by Group Policy; this setting reaches no device",
                        at: span,
                        help:
                            "configure these clients through in-band provisioning or the device itself; sipgpo still explains their discovery"
                    ))
            }
        }
        return out
    }

    public static let certificateNameMissing = SiteCheck(
        id: "certificate-name-missing",
        summary: "a declared certificate lacks a name that discovery or registration needs"
    ) { site, traces, _ in
        var out: [Diagnostic] = []
        var reported: Set<String> = []
        // Every refusal a declared certificate caused, on whatever network, once per certificate and reason.
        for trace in traces {
            for step in trace.steps where step.result == .refused {
                guard let span = step.span, let pool = site.pools.first(where: { $0.certificate?.span == span }),
                    reported.insert("\(span)|\(step.detail)").inserted
                else { continue }
                out.append(
                    .warning(
                        "certificate-name-missing", step.detail, at: span,
                        help:
                            "reissue the certificate of \(pool.fqdn) with the names listed in certificates.md ('sipgpo build')"
                    ))
            }
        }
        return out
    }
}
