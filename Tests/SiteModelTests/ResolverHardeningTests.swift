import Testing

@testable import SiteModel

/// What Group Policy and DNS cannot do is refused at resolve time, not discovered in the domain.
@Suite struct ResolverHardeningTests {
    static func site(populations: String, sipDomains: String = "  contoso.com: { dns: { inside: [] } }") -> String {
        """
        version: 1
        site: Contoso
        forests:
          contoso.com: { role: single }
        sipDomains:
        \(sipDomains)
        defaults:
          client: lync-2013
        populations:
        \(populations)
        """
    }

    func found(_ result: Resolver.Result) -> [String] {
        result.diagnostics.map { "\($0.severity.rawValue) \($0.id) \($0.span?.start.description ?? "-")" }
    }

    @Test(arguments: [
        "CN=Users,DC=contoso,DC=com",
        "OU=Sales,CN=Users,DC=contoso,DC=com",
        "CN=Computers,DC=contoso,DC=com",
    ])
    func aPopulationMustLiveInAnOU(ou: String) {
        let result = resolve(Self.site(populations: "  - { name: P, ou: '\(ou)' }"))
        #expect(found(result) == ["error ou-not-linkable 10:20"])
        #expect(result.diagnostics.first?.message.contains("'\(ou)'") == true)
        #expect(result.diagnostics.first?.help?.contains("sites, domains and OUs") == true)
    }

    @Test func theDomainRootStaysAWarning() {
        let result = resolve(Self.site(populations: "  - { name: P, ou: 'DC=contoso,DC=com' }"))
        #expect(found(result) == ["warning ou-is-domain-root 10:20"])
    }

    @Test(arguments: ["defaults (contoso.com)", "Defaults (CONTOSO.COM)"])
    func aPopulationMayNotTakeTheNameOfTheDefaultsGPO(name: String) {
        let result = resolve(Self.site(populations: "  - { name: '\(name)', ou: 'OU=A,DC=contoso,DC=com' }"))
        #expect(found(result) == ["error gpo-name-clash 10:13"])
        #expect(result.diagnostics.first?.message.contains("'sipgpo Contoso - defaults (contoso.com)'") == true)
    }

    @Test(arguments: ["Contoso.com", "contoso.com.", "CONTOSO.COM."])
    func sipDomainsThatDifferOnlyByCaseOrATrailingDotAreDuplicates(second: String) {
        let domains = "  contoso.com: { dns: { inside: [] } }\n  \(second): { dns: { inside: [] } }"
        let result = resolve(
            Self.site(populations: "  - { name: P, ou: 'OU=A,DC=contoso,DC=com' }", sipDomains: domains))
        // The population then has two SIP domains to choose from and names none: that is reported too.
        #expect(found(result).first == "error duplicate-sip-domain 7:3")
        #expect(result.diagnostics.first?.notes.first?.span?.start == SourceLocation(line: 6, column: 3))
    }
}
