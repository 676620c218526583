import Compiler
import Discovery
import Foundation
import PolicyCatalog
import PolicyPlan
import SipgpoCLI
import SipgpoTestSupport
import SiteModel
import Testing

let clients = bundledClients
let catalog = bundledCatalog

func compile(_ yaml: String, file: String = "site.yaml", sources: any SourceProvider = InMemorySources([:]))
    -> Compiler.Compilation
{
    Compiler.compile(file: file, text: yaml, sources: sources, clients: clients, catalog: catalog)
}

@Suite struct LoweringTests {
    static let examples = (try? files(in: "policies", withExtension: "yaml")) ?? []

    /// The property of the plan on every example: Group Policy applied to each population's OU gives it exactly the
    /// values the model says (`Lowering.verify` is empty), and every GPO is linked.
    @Test(arguments: examples)
    func everyExampleLowersToAPlanThatMatchesTheModel(_ path: String) throws {
        let text = try RootedSources().read(path)
        let result = compile(text, file: path, sources: RootedSources())
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.errors.map(\.message))")
        let site = try #require(result.site)
        let plan = try #require(result.plan)
        #expect(Lowering.verify(plan, site: site, clients: clients, catalog: catalog).isEmpty)
        #expect(plan.gpos.allSatisfy { !$0.links.isEmpty })
    }

    /// Done-when of the build issue: a manual Skype for Business 2016 population with user scope gets exactly the
    /// values Microsoft's lync16.admx defines for "Specify server" enabled, in User/Registry.pol of its GPO.
    @Test func manualSkypeForBusiness2016UserScopeWritesSpecifyServerEnabled() throws {
        let yaml = """
            version: 1
            site: Contoso
            forests: { contoso.com: { role: single } }
            sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
            populations:
              - name: Branch
                ou: OU=Branch,DC=contoso,DC=com
                client: skype-for-business-2016
                scope: user
                signIn: { mode: manual, internalServer: pool01.contoso.com, externalServer: sip.contoso.com }
            """
        let result = compile(yaml)
        let plan = try #require(result.plan)
        let gpo = try #require(plan.gpos.first { $0.name == "sipgpo Contoso - Branch" })
        let key = #"software\policies\microsoft\office\16.0\lync"#
        #expect(
            gpo.records(.user) == [
                RegistryRecord(key: key, valueName: "configurationmode", data: .dword(1)),
                RegistryRecord(key: key, valueName: "serveraddressinternal", data: .string("pool01.contoso.com")),
                RegistryRecord(key: key, valueName: "serveraddressexternal", data: .string("sip.contoso.com")),
            ])
        #expect(gpo.records(.machine).isEmpty)
        #expect(
            gpo.links == [GPOLink(target: try DistinguishedName.parse("OU=Branch,DC=contoso,DC=com").get(), order: 1)])
        #expect(gpo.policy[.user]?.first?.policy == "L_PolicyConfigurationMode_1 (enabled)")
    }

    @Test func automaticDisablesSpecifyServerAndDeletesItsValues() throws {
        let yaml = """
            version: 1
            site: Contoso
            forests: { contoso.com: { role: single } }
            sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
            defaults: { client: communicator-2007-r2, signIn: automatic, scope: machine }
            populations:
              - { name: Staff, ou: "OU=Staff,DC=contoso,DC=com" }
            """
        let plan = try #require(compile(yaml).plan)
        let gpo = try #require(plan.gpos.first)
        #expect(gpo.name == "sipgpo Contoso - defaults (contoso.com)")
        #expect(gpo.links.first?.target.description == "DC=contoso,DC=com")
        let key = #"Software\Policies\Microsoft\Communicator"#
        // Deletions first within a key, as the Group Policy editor orders them.
        #expect(
            gpo.records(.machine) == [
                .delete(key: key, valueName: "ServerAddressInternal"),
                .delete(key: key, valueName: "ServerAddressExternal"),
                .delete(key: key, valueName: "Transport"),
                RegistryRecord(key: key, valueName: "ConfigurationMode", data: .dword(0)),
            ])
    }

    @Test func userScopeOverrideUnderMachineDefaultsIsReported() throws {
        let yaml = """
            version: 1
            site: Contoso
            forests: { contoso.com: { role: single } }
            sipDomains: { contoso.com: { dns: { inside: [], outside: [] } } }
            defaults: { client: lync-2013, signIn: automatic, scope: machine }
            populations:
              - { name: Staff, ou: "OU=Staff,DC=contoso,DC=com" }
              - name: Branch
                ou: OU=Branch,DC=contoso,DC=com
                scope: user
                signIn: { mode: manual, internalServer: pool01.contoso.com, externalServer: sip.contoso.com }
            """
        let result = compile(yaml)
        let mismatch = result.diagnostics.all.first { $0.id == "plan-mismatch" }
        #expect(mismatch != nil)
        #expect(mismatch?.message.contains("configurationmode") == true)
        #expect(mismatch?.span?.start.line == 8)
    }

    /// The property on generated sites: random OU trees, clients, sign-in modes and overrides, one scope per site.
    @Test(arguments: Array(0..<60))
    func generatedSitesLowerToPlansThatMatchTheModel(_ seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let yaml = GeneratedSite.yaml(&random, scopes: seed % 2 == 0 ? ["user"] : ["machine"])
        let result = compile(yaml)
        #expect(!result.diagnostics.hasErrors, "seed \(seed): \(result.diagnostics.errors.map(\.message))\n\(yaml)")
    }

    /// With scopes mixed, every mismatch the plan reports is one Group Policy really produces: the value in force
    /// comes from HKLM while the population's own scope is user.
    @Test(arguments: Array(0..<40))
    func mixedScopesOnlyFailWhereMachinePolicyOutranksUserPolicy(_ seed: Int) throws {
        var random = SplitMix64(seed: UInt64(1000 + seed))
        let yaml = GeneratedSite.yaml(&random, scopes: ["user", "machine"])
        let result = compile(yaml)
        for diagnostic in result.diagnostics.errors {
            #expect(diagnostic.id == "plan-mismatch", "seed \(seed): \(diagnostic.message)")
            #expect(diagnostic.message.contains("(HKLM)"), "seed \(seed): \(diagnostic.message)")
        }
    }
}

/// A deterministic generator (SplitMix64), so a failing seed can be replayed.
enum GeneratedSite {
    static func yaml(_ random: inout SplitMix64, scopes: [String]) -> String {
        let clients = [
            "communicator-2007", "communicator-2007-r2", "lync-2010", "lync-2013", "skype-for-business-2016",
        ]
        var out = """
            version: 1
            site: Generated
            forests: { corp.example: { role: account } }
            sipDomains:
              corp.example: { dns: { inside: [], outside: [] } }
              other.example: { dns: { inside: [], outside: [] } }
            defaults:
              client: \(random.pick(clients))
              scope: \(random.pick(scopes))

            """
        if random.chance(50) { out += "  signIn: automatic\n" }
        if random.chance(40) { out += "  trustedDomains: [corp.example]\n" }
        out += "  sipDomain: corp.example\npopulations:\n"
        var ous: [String] = []
        for index in 0..<Int(3 + random.next() % 10) {
            let parent = ous.isEmpty || random.chance(30) ? "DC=corp,DC=example" : random.pick(ous)
            let ou = "OU=P\(index),\(parent)"
            ous.append(ou)
            out += "  - name: P\(index)\n    ou: \"\(ou)\"\n"
            if random.chance(40) { out += "    client: \(random.pick(clients))\n" }
            if random.chance(30) { out += "    scope: \(random.pick(scopes))\n" }
            if random.chance(35) {
                out +=
                    random.chance(50)
                    ? "    signIn: automatic\n"
                    : "    signIn: { mode: manual, internalServer: pool\(index).corp.example\(random.chance(50) ? ", externalServer: sip.corp.example" : "") }\n"
            }
            if random.chance(25) { out += "    trustedDomains: [p\(index).example]\n" }
            if random.chance(20) { out += "    strictDnsNaming: \(random.chance(50))\n" }
        }
        return out
    }
}
