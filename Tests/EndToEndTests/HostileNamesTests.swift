import Artifacts
import Compiler
import Foundation
import SipgpoTestSupport
import SiteModel
import Testing

/// Sites whose every free-text name (the site, each population, each OU) is a hostile string, compiled and built
/// like any other. The scripts must carry each name only inside string literals, exactly: `deploy.ps1` is read with
/// a tokenizer written to PowerShell's quoting rules and compared with the script of a twin site whose names are
/// plain markers; `samba/deploy.sh` must pass `bash -n`, and its calls, run by bash against stub functions, must
/// pass each name through unchanged.
@Suite struct HostileNamesTests {
    static let hostile: [String] = [
        "S'+$(calc.exe)+'", "O'Brien team", "\u{2018}a\u{2019}b\u{201A}c\u{201B}d'", "x\"\u{201C}\u{201D}\u{201E}",
        "`$(calc)`; & | > < *", "$env:PATH ${x} $(id) `id`", "a\nb", "a\r\nb\r", "tab\there",
        "Zürich 東京 😀", "#> <# x", "\\'", "\u{202E}gnp.exe", "@'\nx\n'@", "a\u{0}b",
    ]

    /// Markers in the twin site that stand for the hostile names.
    static let markers = (site: "XSITEX", first: "XPOPONEX", second: "XPOPTWOX", ou: "XOUX")

    struct Names {
        var site: String
        var first: String
        var second: String
        var ou: String
    }

    static func names(_ hostile: String) -> Names {
        Names(site: hostile, first: hostile + " 1", second: "2 " + hostile, ou: hostile)
    }

    /// A YAML double-quoted scalar: every character but printable ASCII letters and digits as an escape.
    static func yaml(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) || scalar == " " {
                out.unicodeScalars.append(scalar)
            } else if scalar.value <= 0xFFFF {
                out += "\\u" + String(format: "%04X", scalar.value)
            } else {
                out += "\\U" + String(format: "%08X", scalar.value)
            }
        }
        return out + "\""
    }

    /// An RDN value with every byte but letters and digits as a hex pair (RFC 4514).
    static func dnValue(_ text: String) -> String {
        text.utf8.map { byte in
            let scalar = Unicode.Scalar(byte)
            return byte < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                ? String(scalar) : String(format: "\\%02X", byte)
        }.joined()
    }

    static func siteText(_ names: Names) -> String {
        """
        version: 1
        site: \(yaml(names.site))
        forests:
          contoso.com: { role: single }
        sipDomains:
          contoso.com:
            dns:
              inside:
                - _sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 pool01.contoso.com.
                - pool01.contoso.com.  3600 IN A 10.10.1.11
                - sip                  3600 IN A 10.10.1.11
              outside:
                - _sip._tls.contoso.com.    3600 IN SRV 0 0 443 sip.contoso.com.
                - sip.contoso.com.          3600 IN A 203.0.113.10
        defaults:
          client: skype-for-business-2016
          signIn: automatic
          scope: user
        populations:
          - name: \(yaml(names.first))
            ou: \(yaml("OU=" + dnValue(names.ou) + ",DC=contoso,DC=com"))
          - name: \(yaml(names.second))
            ou: \(yaml("OU=" + dnValue(names.ou) + "2,OU=" + dnValue(names.ou) + ",DC=contoso,DC=com"))
            scope: machine

        """
    }

    static func build(_ names: Names) throws -> OutputFolder {
        let compilation = Compiler.compile(
            file: "site.yaml", text: siteText(names), sources: RootedSources(), clients: bundledClients,
            catalog: bundledCatalog)
        let rendered = compilation.diagnostics.sorted.map(\.message).joined(separator: "\n")
        let site = try #require(compilation.site, "\(rendered)")
        let plan = try #require(compilation.plan, "\(rendered)")
        return Emit.artifacts(
            .init(
                site: site, plan: plan, policies: compilation.policies, runs: compilation.runs,
                clients: bundledClients, catalog: bundledCatalog, scripts: bundledScripts))
    }

    /// The text of an RDN value as `DistinguishedName.description` writes it.
    static func dnEscaped(_ value: String) throws -> String {
        let suffix = ",DC=contoso,DC=com"
        let dn = try DistinguishedName.parse("OU=" + dnValue(value) + suffix).get().description
        return String(dn.dropFirst(3).dropLast(suffix.count))
    }

    /// Turns a string of the twin's script into the one the hostile site's script must hold.
    static func substitute(_ text: String, _ names: Names) throws -> String {
        let escapedOU = try dnEscaped(names.ou)
        return
            text
            .replacingOccurrences(of: "OU=\(markers.ou)", with: "OU=\(escapedOU)")
            .replacingOccurrences(of: markers.site, with: names.site)
            .replacingOccurrences(of: markers.first, with: names.first)
            .replacingOccurrences(of: markers.second, with: names.second)
    }

    static let twin = Names(site: markers.site, first: markers.first, second: markers.second, ou: markers.ou)

    static func powerShell(_ folder: OutputFolder) throws -> String {
        let bytes = try #require(folder.files["deploy.ps1"])
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    @Test(arguments: hostile)
    func deployPs1HoldsEachNameOnlyInsideLiterals(_ hostile: String) throws {
        let names = Self.names(hostile)
        let twin = try PowerShellTokens.strings(PowerShellTokens.tokenize(Self.powerShell(Self.build(Self.twin))))
        let actual = try PowerShellTokens.strings(PowerShellTokens.tokenize(Self.powerShell(Self.build(names))))
        #expect(actual.skeleton == twin.skeleton)
        let expected = try twin.strings.map { try Self.substitute($0, names) }
        #expect(actual.strings == expected)
        #expect(twin.strings.contains { $0.contains(Self.markers.site) })
        #expect(twin.strings.contains { $0.contains(Self.markers.second) })
        #expect(twin.strings.contains { $0.contains("OU=\(Self.markers.ou)") })
    }

    @Test(arguments: hostile)
    func deployPs1WritesNoControlCharacterRaw(_ hostile: String) throws {
        let script = try Self.powerShell(Self.build(Self.names(hostile)))
        let raw = script.unicodeScalars.filter { $0.properties.generalCategory == .control && $0 != "\r" && $0 != "\n" }
        #expect(raw.isEmpty)
    }

    @Test(arguments: hostile)
    func deployShIsValidBash(_ hostile: String) throws {
        let script = String(
            decoding: try #require(Self.build(Self.names(hostile)).files["samba/deploy.sh"]), as: UTF8.self)
        let run = try Bash.run(script, syntaxOnly: true)
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// bash cannot hold NUL: the script for such a site refuses to run and changes nothing.
    @Test func deployShRefusesANameWithNUL() throws {
        let script = String(
            decoding: try #require(Self.build(Self.names("a\u{0}b")).files["samba/deploy.sh"]), as: UTF8.self)
        let run = try Bash.run(script, arguments: ["--dry-run"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("which holds a NUL character"))
        #expect(run.stderr.hasPrefix("deploy.sh: the site names 'OU=a\\0b'"))
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
        #expect(run.stdout.isEmpty)
    }

    /// Each call of the site in `deploy.sh`, as bash passes it to stub functions: the function and its arguments.
    static func sambaCalls(_ folder: OutputFolder) throws -> [[String]] {
        let script = String(decoding: try #require(folder.files["samba/deploy.sh"]), as: UTF8.self)
        let marker = "\n# ---- The site's calls"
        let calls = try #require(script.range(of: marker)).lowerBound
        let stubs = """
            set -euo pipefail
            record() { printf '%s\\0' "$#" "$@"; }
            for function in site_domain section ensure_ou deploy_gpo link_gpo finish; do
                eval "$function() { record $function \\"\\$@\\"; }"
            done
            begin() { record begin "$@"; }

            """
        let run = try Bash.run(stubs + script[calls...])
        #expect(run.status == 0, "\(run.stderr)")
        var fields = run.stdout.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(fields.popLast() == "")
        var out: [[String]] = []
        while let count = fields.first.flatMap({ Int($0) }), fields.count > count {
            out.append(Array(fields[1...count]))
            fields.removeFirst(count + 1)
        }
        #expect(fields.isEmpty)
        return out
    }

    @Test(arguments: hostile.filter { !$0.unicodeScalars.contains("\u{0}") })
    func deployShPassesEachNameThroughUnchanged(_ hostile: String) throws {
        let names = Self.names(hostile)
        let twin = try Self.sambaCalls(Self.build(Self.twin))
        let actual = try Self.sambaCalls(Self.build(names))
        #expect(twin.count == actual.count)
        #expect(twin.contains { $0.first == "deploy_gpo" && $0.contains { $0.contains(Self.markers.second) } })
        #expect(twin.contains { $0.first == "ensure_ou" && $0.contains("OU=\(Self.markers.ou)") })
        for (expected, call) in zip(twin, actual) {
            var expected = try expected.map { try Self.substitute($0, names) }
            var call = call
            if call.first == "deploy_gpo", call.count > 3 {
                // The folder under policy/ is a file name made from the GPO name (FileName.safe).
                #expect(call[3].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
                expected.remove(at: 3)
                call.remove(at: 3)
            }
            #expect(call == expected)
        }
    }

    /// The fixture `.ci/run` reads with tree-sitter-powershell and shellcheck compiles, and its scripts hold up here too.
    @Test func ciFixtureBuildsAndItsScriptsParse() throws {
        let path = "Tests/EndToEndTests/Cases/hostile/names.yaml"
        let compilation = try compileSite(path)
        let site = try #require(compilation.site)
        let plan = try #require(compilation.plan)
        #expect(plan.gpos.count == 2)
        let folder = Emit.artifacts(
            .init(
                site: site, plan: plan, policies: compilation.policies, runs: compilation.runs,
                clients: bundledClients, catalog: bundledCatalog, scripts: bundledScripts))
        let strings = try PowerShellTokens.strings(PowerShellTokens.tokenize(Self.powerShell(folder))).strings
        #expect(strings.contains { $0.hasPrefix("sipgpo \(site.name) - O'Brien team\nline two\r\n") })
        let script = String(decoding: try #require(folder.files["samba/deploy.sh"]), as: UTF8.self)
        #expect(try Bash.run(script, syntaxOnly: true).status == 0)
        #expect(
            try Self.sambaCalls(folder).contains { $0.first == "deploy_gpo" && $0[2].hasPrefix("sipgpo \(site.name)") })
    }

    /// Free-text names reach certificates.csv: no cell may start with what a spreadsheet runs as a formula (OWASP
    /// "CSV Injection": =, +, -, @, tab, CR), whatever the site says.
    @Test func ciFixturesCSVHasNoFormulaCell() throws {
        let compilation = try compileSite("Tests/EndToEndTests/Cases/hostile/names.yaml")
        let site = try #require(compilation.site)
        let plan = try #require(compilation.plan)
        let folder = Emit.artifacts(
            .init(
                site: site, plan: plan, policies: compilation.policies, runs: compilation.runs,
                clients: bundledClients, catalog: bundledCatalog, scripts: bundledScripts))
        let csv = String(decoding: try #require(folder.files["certificates.csv"]), as: UTF8.self)
        let cells = Self.csvCells(csv)
        #expect(cells.contains { $0.contains("cmd|") }, "the hostile regions must reach the CSV")
        for cell in cells {
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(where: { cell.hasPrefix($0) }), "formula cell: \(cell)")
        }
    }

    /// RFC 4180 cells: quoted cells may hold commas, doubled quotes and line breaks.
    static func csvCells(_ text: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" {
                        cell.unicodeScalars.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," || c == "\n" {
                cells.append(cell)
                cell = ""
            } else if c != "\r" {
                cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty { cells.append(cell) }
        return cells
    }
}
