import Discovery
import SiteModel

/// Checks added with issue 9 ("the explanation, held against the sources"): settings a client ignores, and
/// Autodiscover records that do not work as written.
extension SiteCheck {
    /// `strictDnsNaming` for a Communicator-era client that judges servers by the trusted-domain prompt (Lync 2010):
    /// the policy is written (Communicator.adm's explain text names Microsoft Lync), but the client's trust model
    /// asks the user instead (jenstr's blog), so the setting changes nothing sipgpo can show.
    public static let settingIgnoredByClient = SiteCheck(
        id: "setting-ignored-by-client"
    ) { site, _, clients in
        var out: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        for population in site.populations {
            guard let profile = clients[population.settings.client.value], profile.isCommunicatorEra,
                profile.trust == .trustedDomainPrompt
            else { continue }
            let strict = population.settings.strictDnsNaming
            guard let span = strict.origin.span, reported.insert(span).inserted else { continue }
            out.append(
                .warning(
                    "setting-ignored-by-client",
                    "'strictDnsNaming: \(strict.value)' is written to DisableStrictDNSNaming, but \(profile.displayName) (population '\(population.name)') decides trust by asking the user about servers outside the SIP domain and trustedDomains, not by strict DNS naming",
                    at: span,
                    help:
                        "use 'trustedDomains' (TrustModelData) for \(profile.displayName); whether it still reads DisableStrictDNSNaming is not documented (see 'sipgpo clients')"
                ))
        }
        return out
    }
}

extension SiteCheck {
    /// "CNAME redirection to different domains is not supported over HTTPS" (Lync Server 2013, "DNS summary -
    /// Autodiscover"): one warning per alias record.
    public static let autodiscoverAliasOtherDomain = SiteCheck(
        id: "autodiscover-cname-other-domain"
    ) { _, runs, _ in
        var items: [(span: SourceSpan, run: DiscoveryRun, detail: String)] = []
        for run in runs {
            for case .autodiscoverAliasOtherDomain(let name, let target) in run.notes {
                guard
                    let span = run.events.lazy.compactMap(\.lookup).first(where: {
                        $0.name == name && $0.answer != .absent(purpose: nil) && $0.types == [.cname]
                    })?.span
                else { continue }
                items.append((span, run, "\(name) is a CNAME of \(target), outside \(run.sipDomain)"))
            }
        }
        return grouped(items).map { span, runs, detail in
            .warning(
                "autodiscover-cname-other-domain",
                "for \(populations(runs).phrase), \(detail), asked over HTTPS: Microsoft does not support CNAME redirection to a different domain over HTTPS",
                at: span,
                help:
                    "point the name at an A record in the SIP domain (the reverse proxy or the pool's web services), or make the first request over HTTP (mobile clients)"
            )
        }
    }

    /// "Excluding lyncdiscoverinternal makes internal clients fail or get the external response" (Lync Server 2013,
    /// "DNS summary - Autodiscover"; clients.md §7 #7): inside, the external Autodiscover name answered because the
    /// internal one is missing.
    public static let internalAutodiscoverMissing = SiteCheck(
        id: "lyncdiscoverinternal-missing"
    ) { _, runs, clients in
        var items: [(span: SourceSpan, run: DiscoveryRun, detail: String)] = []
        for run in runs where run.network == .inside && run.signIn == .automatic {
            guard let profile = clients[run.client],
                case .lookup(let name, .autodiscover) = run.outcome.candidate?.via,
                case let lookups = profile.variant(run.variant).variant.lookups.filter({ $0.kind == .autodiscover }),
                lookups.contains(where: { !$0.isInternal && run.sipDomain.prepending($0.name) == name }),
                let missing = lookups.first(where: \.isInternal).map({ run.sipDomain.prepending($0.name) }),
                !run.events.contains(where: { $0.connection?.candidate.via == .lookup(missing, .autodiscover) }),
                let span = run.events.lazy.compactMap(\.lookup).first(where: { $0.name == name && $0.found })?.span
            else { continue }
            items.append((span, run, "\(missing) does not resolve inside, and \(name) answers"))
        }
        return grouped(items).map { span, runs, detail in
            .warning(
                "lyncdiscoverinternal-missing",
                "for \(populations(runs).phrase), \(detail): internal clients get the external Autodiscover response",
                at: span,
                help:
                    "publish lyncdiscoverinternal in the inside DNS, pointing at the internal web services of the Director or Front End pool"
            )
        }
    }
}
