import Discovery
import Rendering
import SiteModel

/// A rule about a design that resolves cleanly but will not work in practice. Each rule describes itself, so
/// `sipgpo check` can list them and the tests can run every example.
public struct SiteCheck: Sendable {
    public var id: DiagnosticID
    public var run: @Sendable (Site, [DiscoveryRun], ClientCatalog) -> [Diagnostic]

    /// What the check finds, from the diagnostics catalog (one wording for the check and `explain-diagnostic`).
    public var summary: String { DiagnosticCatalog.entry(id)?.summary ?? id.rawValue }
}

extension SiteCheck {
    /// Every check, in the order their findings are most useful.
    public static let all: [SiteCheck] = [
        privateAddressOutside, tcpOnlyOutside, srvTargetOutsideDomain, srvTargetAlias, srvWeightedFailure,
        discoveryFails, trustPrompt,
        settingWithoutPolicy,
        clientWithoutGroupPolicy, certificateNameMissing, certificateIssuerUntrusted,
        settingIgnoredByClient, autodiscoverAliasOtherDomain, internalAutodiscoverMissing,
    ]

    /// Runs every check and returns their findings, at most one per root cause.
    public static func runAll(_ site: Site, runs: [DiscoveryRun], clients: ClientCatalog) -> [Diagnostic] {
        all.flatMap { $0.run(site, runs, clients) }
    }

    /// "population 'A'" or "populations 'A', 'B' and 3 more", with the verb that agrees with it.
    static func populations(_ runs: [DiscoveryRun]) -> (phrase: String, isPlural: Bool) {
        let names = Array(Set(runs.map(\.population))).sorted()
        let shown = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        let list = names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown
        return (names.count == 1 ? "population \(list)" : "populations \(list)", names.count != 1)
    }

    /// Groups findings by the record (span) that causes them, so one bad record gives one warning.
    static func grouped(_ items: [(span: SourceSpan, run: DiscoveryRun, detail: String)]) -> [(
        SourceSpan, [DiscoveryRun], String
    )] {
        var order: [SourceSpan] = []
        var groups: [SourceSpan: ([DiscoveryRun], String)] = [:]
        for item in items {
            if groups[item.span] == nil {
                order.append(item.span)
                groups[item.span] = ([], item.detail)
            }
            groups[item.span]!.0.append(item.run)
        }
        return order.map { ($0, groups[$0]!.0, groups[$0]!.1) }
    }

    public static let privateAddressOutside = SiteCheck(
        id: "private-address-outside"
    ) { _, runs, _ in
        let items = runs.filter { $0.network == .outside }.flatMap { run in
            run.events.compactMap { event -> (span: SourceSpan, run: DiscoveryRun, detail: String)? in
                guard let connection = event.connection, connection.decision == .privateAddress,
                    let span = connection.span
                else { return nil }
                return (span, run, "\(connection.candidate.endpoint) (\(connection.address.text))")
            }
        }
        return grouped(items).map { span, runs, detail in
            let (who, plural) = populations(runs)
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
        id: "tcp-only-outside"
    ) { site, runs, clients in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        let outside = site.dns(.outside)
        for run in runs where run.network == .outside && run.signIn == .automatic {
            guard clients[run.client]?.isCommunicatorEra == true else { continue }
            let domain = run.sipDomain
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
        id: "srv-target-outside-domain"
    ) { site, runs, clients in
        let byName = Dictionary(site.populations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [(span: SourceSpan, run: DiscoveryRun, detail: String)] = []
        var effects: [SourceSpan: [(client: String, effect: String)]] = [:]
        for run in runs where run.signIn == .automatic && run.outcome.candidate?.via.kind == .srv {
            let sipDomain = run.sipDomain
            guard let candidate = run.outcome.candidate, case .name(let host) = candidate.host,
                !host.isSubdomain(of: sipDomain),
                let population = byName[run.population],
                !(population.settings.trustedDomains?.value ?? []).contains(where: { host.isSubdomain(of: $0) }),
                let span = run.events.lazy.compactMap(\.lookup).first(where: { $0.types == [.srv] && $0.found })?.span
            else { continue }
            let server = candidate.hostName
            // Each client's own effect: strict naming refuses the server unless its certificate proves the domain;
            // the trusted-domain rule asks the user.
            let effect =
                clients[run.client]?.trust == .strictDnsNaming
                ? "\(run.clientName) refuses it unless its certificate carries sip.\(sipDomain) (strict DNS naming)"
                : "\(run.clientName) asks the user whether to trust it"
            if !(effects[span] ?? []).contains(where: { $0.client == run.client }) {
                effects[span, default: []].append((run.client, effect))
            }
            items.append((span, run, "\(server) is outside \(sipDomain)"))
        }
        return grouped(items).map { span, runs, detail in
            let effect = (effects[span] ?? []).map(\.effect).joined(separator: "; ")
            return .warning(
                "srv-target-outside-domain", "for \(populations(runs).phrase), \(detail): \(effect)", at: span,
                help: "point the record at a host under the SIP domain, or add the target's domain to 'trustedDomains'")
        }
    }

    public static let discoveryFails = SiteCheck(
        id: "discovery-fails"
    ) { site, runs, _ in
        let spans = Dictionary(site.populations.map { ($0.name, $0.span) }, uniquingKeysWith: { first, _ in first })
        return runs.filter { $0.outcome.status == .failed }.map { run in
            .warning(
                "discovery-fails",
                "population '\(run.population)' cannot sign in \(run.network.rawValue) the firewall: \(Phrases(run).reason(run.outcome))",
                at: spans[run.population],
                help:
                    "run 'sipgpo explain \(site.file) --population \"\(run.population)\" --network \(run.network.rawValue)' to see each lookup"
            )
        }
    }

    public static let trustPrompt = SiteCheck(
        id: "trust-prompt"
    ) { site, runs, _ in
        let spans = Dictionary(site.populations.map { ($0.name, $0.span) }, uniquingKeysWith: { first, _ in first })
        return runs.filter { $0.outcome.status == .prompt }.map { run in
            .warning(
                "trust-prompt",
                "population '\(run.population)' is asked to trust \(run.outcome.candidate?.hostName ?? "the server") \(run.network.rawValue) the firewall",
                at: spans[run.population],
                help: "add the server's domain to 'trustedDomains', or point discovery at a server in the SIP domain")
        }
    }

    public static let settingWithoutPolicy = SiteCheck(
        id: "setting-without-policy"
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
        id: "client-without-group-policy"
    ) { site, _, clients in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        for population in site.populations {
            guard let profile = clients[population.settings.client.value], !profile.isManagedByGroupPolicy else {
                continue
            }
            let written =
                [population.settings.signIn.origin, population.settings.trustedDomains?.origin].compactMap {
                    $0?.span
                }
                + [population.settings.strictDnsNaming.origin.span].compactMap { $0 }
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
        id: "certificate-name-missing"
    ) { site, runs, _ in
        var out: [Diagnostic] = []
        var reported: Set<String> = []
        // The sentence depends only on the connection and on what `Phrases(run)` reads; a refusal seen before says
        // what was already reported (thousands of populations meet the same one).
        struct Refusal: Hashable {
            var connection: ConnectionEvent
            var network: NetworkLocation
            var sipDomain: DNSName
            var clientName: String
        }
        var seen: Set<Refusal> = []
        // Every refusal a declared certificate caused, on whatever network, once per certificate and reason.
        for run in runs {
            for case .connection(let connection) in run.events where connection.result == .refused {
                if case .certificate(.untrustedIssuer) = connection.decision { continue }
                guard
                    seen.insert(
                        Refusal(
                            connection: connection, network: run.network, sipDomain: run.sipDomain,
                            clientName: run.clientName)
                    ).inserted,
                    let span = connection.span, let pool = site.pools.first(where: { $0.certificate?.span == span })
                else { continue }
                let detail = Phrases(run).detail(connection)
                guard reported.insert("\(span)|\(detail)").inserted else { continue }
                out.append(
                    .warning(
                        "certificate-name-missing", detail, at: span,
                        help:
                            "reissue the certificate of \(pool.fqdn) with the names listed in certificates.md ('sipgpo build')"
                    ))
            }
        }
        return out
    }

    public static let certificateIssuerUntrusted = SiteCheck(
        id: "certificate-issuer-untrusted"
    ) { site, runs, _ in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        func report(_ pool: Pool) {
            guard let certificate = pool.certificate, reported.insert(certificate.span).inserted else { return }
            out.append(
                .warning(
                    "certificate-issuer-untrusted",
                    "the certificate of \(pool.fqdn) is issued by a CA the clients do not trust, so TLS to it fails",
                    at: certificate.span,
                    help:
                        "deploy the issuing CA's root certificate to the clients' Trusted Root Certification Authorities (a GPO can), or reissue the certificate from a CA they already trust"
                ))
        }
        for run in runs {
            for case .connection(let connection) in run.events {
                if case .certificate(.untrustedIssuer(let pool)) = connection.decision { report(pool) }
            }
            if case .registrationFailed(_, .untrustedIssuer(let pool)) = run.outcome.reason { report(pool) }
        }
        return out
    }

    /// RFC 2782: "Target … MUST NOT be an alias"; Microsoft requires an A record for the SRV target in the SIP
    /// domain ("DNS requirements for automatic client sign-in", Lync Server 2013).
    public static let srvTargetAlias = SiteCheck(
        id: "srv-target-cname"
    ) { site, runs, _ in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        let views = Dictionary(uniqueKeysWithValues: NetworkLocation.allCases.map { ($0, site.dns($0)) })
        for run in runs {
            for case .lookup(let lookup) in run.events {
                guard case .services(let records) = lookup.answer else { continue }
                for record in records where reported.insert(record.span).inserted {
                    guard let alias = views[run.network]!.records(named: record.target, type: .cname).first,
                        case .cname(let canonical) = alias.data
                    else { continue }
                    out.append(
                        .warning(
                            "srv-target-cname",
                            "\(lookup.name) points to \(record.target), an alias of \(canonical): RFC 2782 says an SRV target must not be an alias, and Microsoft requires the target's A record",
                            at: record.span,
                            help: "point the SRV record at \(canonical) (the name with the A record) instead"))
                }
            }
        }
        return out
    }

    /// RFC 2782: among records of equal priority the client picks by weight. A client that uses only the record it
    /// picks (Communicator 2007 and 2007 R2: "does not try any other SRV records") fails for that share of attempts.
    public static let srvWeightedFailure = SiteCheck(
        id: "srv-weighted-failure"
    ) { _, runs, _ in
        var items: [(span: SourceSpan, run: DiscoveryRun, detail: String)] = []
        for run in runs {
            let phrases = Phrases(run)
            for branch in run.outcome.branches where branch.status == .failed {
                let reason = branch.failure.map(phrases.failure) ?? "it cannot be used"
                items.append(
                    (
                        branch.record.span, run,
                        "\(Phrases.percent(branch.share))% of sign-in attempts \(run.network.rawValue) pick \(branch.record.target):\(branch.record.port) (weight \(branch.record.weight)), which fails: \(reason)"
                    ))
            }
        }
        return grouped(items).map { span, runs, detail in
            .warning(
                "srv-weighted-failure", "for \(populations(runs).phrase), \(detail)", at: span,
                help:
                    "fix or remove this record: weights spread the load, and \(runs[0].clientName) does not fall back to the other records"
            )
        }
    }
}
