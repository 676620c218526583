import Foundation
import SipgpoCLI
import SiteModel
import Testing

@testable import PolicyCatalog

@Suite struct PolicyCatalogTests {
    @Test func bundledCatalogLoadsAndBindsEverySettingForEveryFamily() throws {
        let (catalog, diagnostics) = try TemplateStore().policyCatalog()
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let loaded = try #require(catalog)
        #expect(Set(loaded.families.keys) == ["communicator", "office15", "office16"])
        let communicator = try #require(loaded.family("communicator"))
        let signIn = try #require(communicator.policy(for: .signIn, machine: false))
        #expect(signIn.policy.key == #"Software\Policies\Microsoft\Communicator"#)
        #expect(signIn.policy.valueName == "ConfigurationMode")
        #expect(signIn.policy.enabledValue == .decimal(1))
        #expect(signIn.policy.disabledValue == .decimal(0))
        #expect(communicator.policy(for: .strictDnsNaming, machine: true) != nil)
        let office16 = try #require(loaded.family("office16"))
        let user = try #require(office16.policy(for: .signIn, machine: false))
        #expect(user.policy.name == "L_PolicyConfigurationMode_1")
        #expect(user.policy.key == #"software\policies\microsoft\office\16.0\lync"#)
        #expect(user.policy.element("L_ServerAddressExternal_VALUE")?.valueName == "serveraddressexternal")
        // Microsoft's Office templates have no strict-naming policy.
        #expect(office16.policy(for: .strictDnsNaming, machine: true) == nil)
        #expect(
            loaded.centralStoreFiles.keys.sorted() == [
                "PolicyDefinitions/en-US/sipgpo-communicator.adml", "PolicyDefinitions/sipgpo-communicator.admx",
            ])
    }

    @Test func malformedXMLReportsLineAndColumn() {
        let text = "<a>\n  <b>\n</a>\n"
        guard case .failure(let failure) = XMLDocument.parse(Array(text.utf8), path: "t.xml") else {
            Issue.record("malformed XML parsed")
            return
        }
        #expect(failure.issues.first?.line == 3)
        #expect(failure.issues.first?.file == "t.xml")
    }

    @Test func externalEntitiesAreNeverLoaded() {
        let text = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>&e;</x>"#
        guard case .failure(let failure) = XMLDocument.parse(Array(text.utf8), path: "evil.xml") else {
            Issue.record("a document with an external entity was accepted")
            return
        }
        #expect(failure.issues.first?.message.contains("entities") == true)
    }

    @Test func schemaErrorsCarryTheElementLine() throws {
        let templates = try #require(try? TemplateStore().directory)
        let schema = try XMLSchema.load(
            path: templates.appendingPathComponent("schemas/sipgpo-policy-bindings.xsd").path
        ).get()
        let text = """
            <?xml version="1.0"?>
            <policyBindings xmlns="urn:sipgpo:policy-bindings:1" version="1">
              <family id="x" template="x" namespace="x" shipped="maybe">
                <binding setting="signIn" machine="A" user="B" />
              </family>
            </policyBindings>
            """
        let document = try XMLDocument.parse(Array(text.utf8), path: "b.xml").get()
        let issues = document.validate(against: schema)
        #expect(issues.first?.line == 3)
        #expect(issues.first?.message.contains("shipped") == true)
    }

    @Test func xpathSelectsWithNamespaces() throws {
        let text = #"<r xmlns="urn:x"><i n="1"/><i n="2"/><j/></r>"#
        let document = try XMLDocument.parse(Array(text.utf8), path: "x.xml").get()
        #expect(document.select("//x:i", namespaces: ["x": "urn:x"]).compactMap { $0.attribute("n") } == ["1", "2"])
    }
}
