import PolicyPlan
import SiteModel
import Testing

@testable import Artifacts

@Suite struct PreferencesXMLTests {
    static let lync = #"Software\Policies\Microsoft\Office\16.0\Lync"#

    static func ou(_ text: String) throws -> DistinguishedName { try DistinguishedName.parse(text).get() }

    @Test func userAndMachineItemsWithOUFilters() throws {
        let items = [
            PreferenceItem(
                hive: .user, key: Self.lync, valueName: "ServerAddressInternal", data: .string(#"sip&"emea"<1>"#),
                action: .update, organizationalUnit: try Self.ou("OU=EMEA,DC=contoso,DC=com"),
                uid: GUID(bytes: Array(0..<16)), source: "site.yaml:3:5"),
            PreferenceItem(
                hive: .machine, key: Self.lync, valueName: "ConfigurationMode", data: .dword(10),
                action: .replace, organizationalUnit: try Self.ou("OU=Kiosks,OU=EMEA,DC=contoso,DC=com"),
                uid: GUID(bytes: Array(16..<32)), source: nil),
        ]
        let expected =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
            + #"<RegistrySettings clsid="{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}">"#
            + #"<Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="ServerAddressInternal" status="ServerAddressInternal" image="7" changed="2000-01-01 00:00:00" uid="{00010203-0405-0607-0809-0A0B0C0D0E0F}" bypassErrors="1" userContext="1">"#
            + #"<Properties action="U" displayDecimal="0" default="0" hive="HKEY_CURRENT_USER" key="Software\Policies\Microsoft\Office\16.0\Lync" name="ServerAddressInternal" type="REG_SZ" value="sip&amp;&quot;emea&quot;&lt;1&gt;"/>"#
            + #"<Filters><FilterOrgUnit bool="AND" not="0" name="OU=EMEA,DC=contoso,DC=com" userContext="1" directMember="0"/></Filters></Registry>"#
            + "\r\n\t"
            + #"<Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="ConfigurationMode" status="ConfigurationMode" image="11" changed="2000-01-01 00:00:00" uid="{10111213-1415-1617-1819-1A1B1C1D1E1F}" bypassErrors="1">"#
            + #"<Properties action="R" displayDecimal="1" default="0" hive="HKEY_LOCAL_MACHINE" key="Software\Policies\Microsoft\Office\16.0\Lync" name="ConfigurationMode" type="REG_DWORD" value="0000000A"/>"#
            + #"<Filters><FilterOrgUnit bool="AND" not="0" name="OU=Kiosks,OU=EMEA,DC=contoso,DC=com" userContext="0" directMember="0"/></Filters></Registry>"#
            + "</RegistrySettings>"
        #expect(PreferencesXML.registryXML(items) == expected)
        #expect(PreferencesXML.registryXML(items) == PreferencesXML.registryXML(items))
    }

    @Test func multiStringListsItsValues() throws {
        let item = PreferenceItem(
            hive: .user, key: "K", valueName: "Domains", data: .multiString(["a.com", "b&c"]), action: .update,
            organizationalUnit: try Self.ou("DC=contoso,DC=com"), uid: GUID(name: "x"), source: nil)
        let xml = PreferencesXML.registryXML([item])
        #expect(
            xml.contains(
                #"type="REG_MULTI_SZ" value="a.com b&amp;c"><Values><Value>a.com</Value><Value>b&amp;c</Value></Values></Properties>"#
            ))
    }

    @Test func xmlEscaping() {
        #expect(XMLText.attribute("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e'f")
        #expect(XMLText.attribute("t\tn\nr\r") == "t&#x9;n&#xA;r&#xD;")
        #expect(XMLText.attribute("nul\u{0}bell\u{7}") == "nul\u{FFFD}bell\u{FFFD}")
        #expect(XMLText.attribute("del\u{7F}") == "del&#x7F;")
        #expect(XMLText.text("a\"b\nc\r") == "a\"b\nc&#xD;")
        #expect(XMLText.cdata("x]]>y") == "<![CDATA[x]]]]><![CDATA[>y]]>")
        #expect(XMLText.cdataElement("Comment", "") == "<Comment/>")
    }
}
