import Discovery
import SiteModel

/// Checks added with issue 9 ("the explanation, held against the sources"): settings a client ignores, and
/// Autodiscover records that do not work as written.
extension SiteCheck {
    /// `strictDnsNaming` for a Communicator-era client that judges servers by the trusted-domain prompt (Lync 2010):
    /// the policy is written (Communicator.adm's explain text names Microsoft Lync), but the client's trust model
    /// asks the user instead (jenstr's blog), so the setting changes nothing sipgpo can show.
    public static let settingIgnoredByClient = SiteCheck(
        id: "setting-ignored-by-client",
        summary: "a setting is written to a policy the population's client does not decide by"
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
