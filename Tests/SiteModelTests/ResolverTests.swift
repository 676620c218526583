import Testing

@testable import SiteModel

/// Two profiles are enough for resolution; the bundled ones are exercised by the Discovery and end-to-end tests.
let testClients = ClientCatalog(
    profiles: ["lync-2013", "communicator-2007-r2"].map { id in
        ClientProfile(
            id: id, displayName: id, policyFamily: "office15", policyRoot: "Software", trust: .trustedDomainPrompt,
            defaultVariant: .field,
            variants: [
                .field: DiscoveryVariant(
                    summary: "", lookups: [], onFoundRecordFailure: .advance, hostFallback: .afterSRV,
                    addressFailover: .everyAddress, sources: [])
            ],
            facts: [])
    })

func resolve(_ yaml: String, files: [String: String] = [:]) -> Resolver.Result {
    let (syntax, diagnostics) = SiteLoader.load(yaml: yaml, file: "site.yaml")
    guard let syntax, diagnostics.isEmpty else {
        return Resolver.Result(site: nil, diagnostics: diagnostics, files: [:])
    }
    return Resolver.resolve(syntax, clients: testClients, sources: InMemorySources(files))
}

@Suite struct ResolverTests {
    static let site = """
        version: 1
        site: Contoso
        forests:
          contoso.com: { role: account }
        sipDomains:
          contoso.com:
            dns: { inside: [], outside: zones/out.zone }
        defaults:
          client: lync-2013
          trustedDomains: [uc.contoso.net]
        populations:
          - name: Sales branch
            ou: OU=Sales,OU=Branches,DC=emea,DC=contoso,DC=com
            scope: machine
          - name: Branches
            ou: OU=Branches,DC=emea,DC=contoso,DC=com
            client: communicator-2007-r2
            signIn: { mode: manual, internalServer: "pool01.contoso.com:5061", externalServer: sip.contoso.com }
        """

    @Test func inheritsFromTheClosestAncestorOUAndRecordsWhere() throws {
        let result = resolve(Self.site, files: ["zones/out.zone": "sip IN A 203.0.113.10\n"])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let site = try #require(result.site)
        // File order, though 'Sales branch' inherits from 'Branches', listed after it.
        #expect(site.populations.map(\.name) == ["Sales branch", "Branches"])
        let sales = site.populations[0]
        #expect(sales.parent == "Branches")
        #expect(sales.forest.description == "contoso.com")  // emea.contoso.com is a domain of the contoso.com forest
        #expect(sales.settings.client.value == "communicator-2007-r2")
        #expect(
            sales.settings.client.origin
                == .population(name: "Branches", span: SourceSpan(file: "site.yaml", line: 17, column: 13, length: 20)))
        #expect(sales.settings.scope.value == .machine)
        #expect(sales.settings.trustedDomains?.origin.span?.start.line == 10)
        guard case .manual(let manual) = sales.settings.signIn.value else {
            Issue.record("expected manual sign-in")
            return
        }
        #expect(manual.internalServer.port == 5061)
        #expect(manual.transport == .tls)
        // The only SIP domain is everyone's; sipgpo says it decided that itself.
        #expect(sales.settings.sipDomain.origin == .builtIn)
        #expect(site.sipDomains[0].outside.records.count == 1)
        #expect(site.sipDomains[0].outside.file == "zones/out.zone")
    }

    @Test func missingZoneFileIsReportedAtItsPath() {
        let result = resolve(Self.site)
        let error = result.diagnostics.first { $0.id == "zone-file-unreadable" }
        #expect(error?.span?.start == SourceLocation(line: 7, column: 33))
        #expect(result.site == nil)
    }

    @Test func oneDiagnosticPerRootCause() {
        let yaml = """
            version: 1
            site: C
            forests: { contoso.com: { role: account } }
            sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
            defaults: { client: lync-2012 }
            populations:
              - { name: A, ou: "OU=A,DC=contoso,DC=com" }
              - { name: B, ou: "OU=B,DC=contoso,DC=com" }
            """
        let result = resolve(yaml)
        #expect(result.diagnostics.map(\.id) == ["unknown-client"])
    }

    /// An unknown client explains only the gaps of the populations that would have used it: a sibling that names
    /// no client, with no default to inherit, is still reported.
    @Test func missingSettingBesideAnUnknownClientIsStillReported() {
        let yaml = """
            version: 1
            site: C
            forests: { contoso.com: { role: account } }
            sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
            populations:
              - { name: A, ou: "OU=A,DC=contoso,DC=com", client: lync-2012 }
              - { name: Child of A, ou: "OU=Sub,OU=A,DC=contoso,DC=com" }
              - { name: B, ou: "OU=B,DC=contoso,DC=com" }
            """
        let result = resolve(yaml)
        #expect(result.diagnostics.map(\.id) == ["unknown-client", "missing-setting"])
        #expect(result.diagnostics.last?.message == "population 'B' has no 'client'")
        #expect(result.diagnostics.last?.span?.start.line == 8)
    }

    @Test func unsupportedVersionStopsResolution() {
        let result = resolve("version: 3\nsite: C\n")
        #expect(result.diagnostics.map(\.id) == ["unsupported-version"])
        #expect(result.diagnostics[0].help?.contains("version: 1") == true)
    }
}
