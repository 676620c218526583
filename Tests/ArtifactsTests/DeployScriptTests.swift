import PolicyPlan
import SipgpoTestSupport
import SiteModel
import Testing

@testable import Analysis
@testable import Artifacts

@Suite struct DeployScriptTests {
    static func dn(_ text: String) throws -> DistinguishedName { try DistinguishedName.parse(text).get() }

    static func gpo(_ name: String, links: [GPOLink]) -> GPO {
        GPO(
            name: name, id: GUID(bytes: Array(repeating: 0x11, count: 16)),
            backupID: GUID(bytes: Array(repeating: 0x22, count: 16)), domain: "contoso.com", comment: "for O'Brien",
            links: links, policy: [:], preferences: [])
    }

    static func record(_ network: NetworkLocation, _ name: String, port: Int, target: String) -> DNSNeeds.MissingRecord
    {
        DNSNeeds.MissingRecord(
            zone: "contoso.com", network: network, name: name, priority: 0, weight: 0, port: port, target: target,
            reason: "automatic sign-in of 'Staff' fails \(network.rawValue)")
    }

    static func render(_ plan: PolicyPlan, records: [DNSNeeds.MissingRecord] = []) -> String {
        DeployScript.render(
            plan: plan, site: .init(name: "Contoso", file: "site.yaml"), dnsRecords: records,
            library: bundledScripts.powerShell)
    }

    /// The site's part: every line after the library.
    static func calls(_ script: String) -> [Substring] {
        let lines = script.split(separator: "\r\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0.hasPrefix("# ---- The site's calls") }!
        return lines[(start + 1)...].filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    @Test func oneCallPerGPOLinkAndRecord() throws {
        let plan = PolicyPlan(
            site: "Contoso",
            gpos: [
                Self.gpo(
                    "sipgpo Contoso - Staff",
                    links: [
                        GPOLink(target: try Self.dn("OU=Staff,DC=contoso,DC=com"), order: 2, enforced: true),
                        GPOLink(target: try Self.dn("OU=Temps,DC=contoso,DC=com"), order: 1),
                    ])
            ])
        let script = Self.render(
            plan,
            records: [
                Self.record(.inside, "_sipinternaltls._tcp", port: 5061, target: "pool01.contoso.com"),
                Self.record(.outside, "_sip._tls", port: 443, target: "sip.contoso.com"),
            ])
        #expect(
            Self.calls(script) == [
                "Deploy-SipgpoGpo -Name 'sipgpo Contoso - Staff' -Domain 'contoso.com' -Comment 'for O''Brien'",
                "Set-SipgpoLink -Name 'sipgpo Contoso - Staff' -Domain 'contoso.com' -Target 'OU=Staff,DC=contoso,DC=com' -Order 2 -Enforced",
                "Set-SipgpoLink -Name 'sipgpo Contoso - Staff' -Domain 'contoso.com' -Target 'OU=Temps,DC=contoso,DC=com' -Order 1",
                "Add-SipgpoSrvRecord -View 'inside' -Zone 'contoso.com' -Name '_sipinternaltls._tcp' -Target 'pool01.contoso.com' -Priority 0 -Weight 0 -Port 5061 -TimeToLive 3600 -Record '_sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 pool01.contoso.com.'",
                "Add-SipgpoSrvRecord -View 'outside' -Zone 'contoso.com' -Name '_sip._tls' -Target 'sip.contoso.com' -Priority 0 -Weight 0 -Port 443 -TimeToLive 3600 -Record '_sip._tls.contoso.com. 3600 IN SRV 0 0 443 sip.contoso.com.'",
            ])
        // The TTL the script adds is the one dns/ shows.
        #expect(Self.record(.inside, "_sip._tls", port: 443, target: "x").presentation.contains(" 3600 IN SRV "))
        let tokens = try PowerShellTokens.strings(PowerShellTokens.tokenize(script))
        #expect(tokens.strings.contains("for O'Brien"))
    }

    @Test func bytesStartWithAByteOrderMarkAndUseCRLF() {
        let bytes = DeployScript.bytes(
            plan: PolicyPlan(site: "Zürich", gpos: [Self.gpo("sipgpo Zürich - Staff", links: [])]),
            site: .init(name: "Zürich", file: "site.yaml"), dnsRecords: [], library: bundledScripts.powerShell)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.contains("-Name 'sipgpo Zürich - Staff'"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    /// `$PSScriptRoot` is empty in a param() default under `powershell.exe -File` in Windows PowerShell 5.1.
    @Test func noPSScriptRootInTheParameterDefaults() throws {
        let library = bundledScripts.powerShell
        let param = try #require(library.range(of: "\nparam(")).upperBound
        let end = try #require(library[param...].range(of: "\n)")).lowerBound
        #expect(!library[param..<end].contains("PSScriptRoot"))
        #expect(library[param..<end].contains("[string] $BackupPath = ''"))
        #expect(library.contains("if (-not $BackupPath) {\n    $here = $PSScriptRoot\n"))
    }

    /// Records missing outside go only to the server the administrator names; each record gets an explicit TTL.
    @Test func outsideRecordsGoOnlyToTheExternalServer() throws {
        let library = bundledScripts.powerShell
        let start = try #require(library.range(of: "function Add-SipgpoSrvRecord {")).upperBound
        let body = library[start...]
        #expect(library.contains("[string] $ExternalDnsServer = ''"))
        #expect(
            body.contains(
                """
                    $server = $script:DnsServer
                    if ($View -eq 'outside') {
                        $server = $script:ExternalDnsServer
                        if (-not $server) {
                            Write-Warning ('not added: {0}
                """))
        #expect(body.contains("TimeToLive = [TimeSpan]::FromSeconds($TimeToLive)"))
        #expect(!body.contains("$DnsServer") || body.contains("$script:DnsServer"))
    }
}
