import SipgpoTestSupport
import Testing

@testable import SiteModel

@Suite struct ZoneParserTests {
    private let contoso = DNSName("contoso.com")!

    private func name(_ text: String) -> DNSName { DNSName(text)! }

    private func span(_ line: Int, _ column: Int, to endLine: Int, _ endColumn: Int) -> SourceSpan {
        SourceSpan(
            file: "contoso.zone", start: SourceLocation(line: line, column: column),
            end: SourceLocation(line: endLine, column: endColumn))
    }

    /// (id, line, column) of each diagnostic, the part of a diagnostic these tests pin down.
    private func positions(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.id) \($0.span!.start.line):\($0.span!.start.column)" }
    }

    // MARK: - Reading

    @Test func readsARealZone() {
        let zone = """
            $ORIGIN contoso.com.
            $TTL 1h
            @       IN  SOA ns1.contoso.com. hostmaster.contoso.com. (
                            2024010101 ; serial
                            1h         ; refresh
                            15m 1w 1h )
                    IN  NS  ns1
                    IN  MX  10 mail
                    IN  TXT "v=spf1 include:spf.protection.outlook.com -all ; not a comment"
            pool01  300 IN A 10.0.0.10 ; front end
                    IN 300 AAAA 2001:0db8::10
            sip     in cname pool01
            _sip._tls  IN  SRV  0 0 443 sip.contoso.com.
            _sipfederationtls._tcp 7200 SRV ( 0 0 5061
                                               access.contoso.com. )
            _sip._tcp Srv 0 0 0 .
            lyncdiscover IN CNAME webext.fabrikam.com.
            """
        let (records, diagnostics) = ZoneParser.parse(zone, file: "contoso.zone", origin: nil)
        #expect(diagnostics.isEmpty)
        #expect(
            records == [
                ResourceRecord(
                    name: name("pool01.contoso.com"), ttl: 300, data: .a(IPv4Address("10.0.0.10")!),
                    span: span(10, 1, to: 10, 27)),
                ResourceRecord(
                    name: name("pool01.contoso.com"), ttl: 300, data: .aaaa(IPv6Address("2001:db8::10")!),
                    span: span(11, 9, to: 11, 34)),
                ResourceRecord(
                    name: name("sip.contoso.com"), ttl: 3600, data: .cname(name("pool01.contoso.com")),
                    span: span(12, 1, to: 12, 24)),
                ResourceRecord(
                    name: name("_sip._tls.contoso.com"), ttl: 3600,
                    data: .srv(priority: 0, weight: 0, port: 443, target: name("sip.contoso.com")),
                    span: span(13, 1, to: 13, 45)),
                ResourceRecord(
                    name: name("_sipfederationtls._tcp.contoso.com"), ttl: 7200,
                    data: .srv(priority: 0, weight: 0, port: 5061, target: name("access.contoso.com")),
                    span: span(14, 1, to: 15, 55)),
                ResourceRecord(
                    name: name("_sip._tcp.contoso.com"), ttl: 3600,
                    data: .srv(priority: 0, weight: 0, port: 0, target: .root), span: span(16, 1, to: 16, 22)),
                ResourceRecord(
                    name: name("lyncdiscover.contoso.com"), ttl: 3600, data: .cname(name("webext.fabrikam.com")),
                    span: span(17, 1, to: 17, 43)),
            ])
    }

    @Test func usesTheCallersOriginAndDefaultTTL() {
        let zone = """
            sip IN A 10.0.0.1
            $ORIGIN emea
            sip IN A 10.0.0.2
            """
        let (records, diagnostics) = ZoneParser.parse(zone, file: "z", origin: contoso, defaultTTL: 60)
        #expect(diagnostics.isEmpty)
        #expect(records.map(\.name.description) == ["sip.contoso.com", "sip.emea.contoso.com"])
        #expect(records.map(\.ttl) == [60, 60])
    }

    @Test(arguments: [
        ("3600", 3600), ("0", 0), ("1h", 3600), ("30m", 1800), ("1d", 86400), ("1w", 604_800), ("1H", 3600),
        ("1h30m", 5400), ("90s", 90), ("1h30", 3630), ("2147483647", 2_147_483_647),
    ])
    func parsesTTLs(text: String, seconds: Int) {
        #expect(ZoneParser.parseTTL(text) == seconds)
    }

    @Test(arguments: ["", "h", "1x", "-1", "1.5h", "2147483648", "3551w", "99999999999999999999"])
    func rejectsMalformedTTLs(text: String) {
        #expect(ZoneParser.parseTTL(text) == nil)
    }

    @Test func inlineRecordSpansPointIntoTheYAMLFile() {
        // As if written in site.yaml at line 12, column 15: `    record: pool01 IN A 10.0.0.10`.
        let start = SourceLocation(line: 12, column: 15)
        let good = ZoneParser.parse("pool01 IN A 10.0.0.10", file: "site.yaml", start: start, origin: contoso)
        #expect(good.diagnostics.isEmpty)
        #expect(
            good.records.first?.span
                == SourceSpan(
                    file: "site.yaml", start: SourceLocation(line: 12, column: 15),
                    end: SourceLocation(line: 12, column: 36)))

        let bad = ZoneParser.parse("pool01 IN A 10.0.0.300", file: "site.yaml", start: start, origin: contoso)
        #expect(bad.records.isEmpty)
        #expect(
            bad.diagnostics == [
                .error(
                    "malformed-address", "malformed IPv4 address '10.0.0.300'",
                    at: SourceSpan(file: "site.yaml", line: 12, column: 27, length: 10),
                    help: "write four numbers from 0 to 255 separated by dots, such as '10.0.0.10'")
            ])
    }

    // MARK: - Errors

    @Test func reportsEveryProblemWithItsPosition() {
        let zone = """
            $ORIGIN contoso.com.
            pool01 IN A 10.0.0.300
            pool02 IN AAAA 2001:db8::g
            pool..bad IN A 10.0.0.1
            sip IN CNAME -bad
            _sip._tls IN SRV 0 0 70000 pool01
            _sip._tcp IN SRV 0 0 5061
            pool03 IN A 10.0.0.1 10.0.0.2
            pool04 IM A 10.0.0.1
            pool05 1x A 10.0.0.1
            pool06 IN SRVV 0 0 5061 pool01
            pool07 IN WKS 10.0.0.1
            $INCLUDE other.zone
            $ORIGN fabrikam.com.
            pool08 IN TXT "unterminated
            pool09 IN A 10.0.0.9 )
            pool10 IN A 10.0.0.10
            """
        let (records, diagnostics) = ZoneParser.parse(zone, file: "contoso.zone", origin: nil)
        #expect(
            positions(diagnostics) == [
                "malformed-address 2:13",
                "malformed-address 3:16",
                "malformed-dns-name 4:1",
                "malformed-dns-name 5:14",
                "malformed-record 6:22",
                "malformed-record 7:22",
                "malformed-record 8:22",
                "malformed-record 9:8",
                "malformed-record 10:8",
                "unknown-record-type 11:11",
                "unknown-record-type 12:11",
                "unsupported-directive 13:1",
                "zone-syntax 14:1",
                "zone-syntax 15:15",
                "zone-syntax 16:22",
            ])
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.help != nil && $0.span?.file == "contoso.zone" })
        #expect(records.map(\.name.description) == ["pool10.contoso.com"])

        let byLine = Dictionary(diagnostics.map { ($0.span!.start.line, $0) }) { first, _ in first }
        #expect(byLine[4]?.message == "malformed DNS name 'pool..bad': empty label")
        #expect(byLine[5]?.message == "malformed DNS name '-bad': label '-bad' starts with a hyphen")
        #expect(byLine[6]?.message == "malformed SRV port '70000'")
        #expect(byLine[6]?.span == SourceSpan(file: "contoso.zone", line: 6, column: 22, length: 5))
        #expect(byLine[7]?.message == "'SRV' record takes 4 data fields, found 3")
        #expect(byLine[8]?.message == "'A' record takes 1 data field, found 2")
        #expect(byLine[9]?.message == "unknown class 'IM'")
        #expect(byLine[9]?.help == "did you mean 'IN'?")
        #expect(byLine[10]?.message == "malformed TTL '1x'")
        #expect(byLine[11]?.message == "unknown record type 'SRVV'")
        #expect(byLine[11]?.help == "did you mean 'SRV'?")
        #expect(byLine[12]?.help == "write one of A, AAAA, CNAME or SRV")
        #expect(byLine[13]?.message == "unsupported directive '$INCLUDE'")
        #expect(byLine[14]?.help == "did you mean '$ORIGIN'?")
        #expect(byLine[15]?.message == "unterminated quoted string")
        #expect(byLine[15]?.span == SourceSpan(file: "contoso.zone", line: 15, column: 15, length: 13))
    }

    @Test func reportsAnErrorOnTheThirdLineOfARecord() {
        let zone = """
            _sip._tls IN SRV ( 0 0
                               443
                               sip.contoso..com. )
            """
        let (records, diagnostics) = ZoneParser.parse(zone, file: "contoso.zone", origin: contoso)
        #expect(records.isEmpty)
        #expect(
            diagnostics == [
                .error(
                    "malformed-dns-name", "malformed DNS name 'sip.contoso..com.': empty label",
                    at: SourceSpan(file: "contoso.zone", line: 3, column: 20, length: 17),
                    help: "remove the extra dot")
            ])
    }

    @Test func reportsAnUnclosedParenthesisOnce() {
        let zone = """
            pool01 IN A 10.0.0.1
            _sip._tls IN SRV ( 0 0 443
                sip
            pool02 IN A 10.0.0.2
            """
        let (records, diagnostics) = ZoneParser.parse(zone, file: "contoso.zone", origin: contoso)
        #expect(records.map(\.name.description) == ["pool01.contoso.com"])
        #expect(positions(diagnostics) == ["zone-syntax 2:18"])
    }

    @Test func checksTheRestOfARecordWhoseOwnerIsMalformed() {
        let zone = """
            pool_01!.contoso.com. IN A 10.0.0.300
                IN AAAA ::1
            """
        let (records, diagnostics) = ZoneParser.parse(zone, file: "contoso.zone", origin: contoso)
        #expect(records.isEmpty)
        #expect(positions(diagnostics) == ["malformed-dns-name 1:1", "malformed-address 1:28"])
        #expect(
            diagnostics.first?.message == "malformed DNS name 'pool_01!.contoso.com.': character '!' is not allowed")
    }

    @Test(arguments: [
        ("  IN A 10.0.0.1", "malformed-record 1:3", "record has no owner name"),
        ("pool01 10.0.0.1", "malformed-record 1:8", "record has no type before '10.0.0.1'"),
        ("pool01 IN", "malformed-record 1:8", "record has no type after 'IN'"),
        ("pool01 CH A 10.0.0.1", "malformed-record 1:8", "unsupported class 'CH'"),
        ("pool01 IN A", "malformed-record 1:11", "'A' record takes 1 data field, found 0"),
        ("pool01 IN CNAME", "malformed-record 1:11", "'CNAME' record takes 1 data field, found 0"),
        ("pool01 IN AA 10.0.0.1", "unknown-record-type 1:11", "unknown record type 'AA'"),
        ("_sip._tls IN SRV 0 -1 443 sip.", "malformed-record 1:20", "malformed SRV weight '-1'"),
        ("_sip._tls IN SRV x 0 443 sip.", "malformed-record 1:18", "malformed SRV priority 'x'"),
        ("_sip._tls IN SRV 0 0 443 sip. )", "zone-syntax 1:31", "unbalanced ')' without a matching '('"),
        ("$TTL 1y", "zone-syntax 1:6", "malformed TTL '1y'"),
        ("$TTL", "zone-syntax 1:1", "directive '$TTL' takes one TTL, found 0 fields"),
        ("$ORIGIN a. b.", "zone-syntax 1:1", "directive '$ORIGIN' takes one name, found 2 fields"),
        ("$ORIGIN a..b.", "malformed-dns-name 1:9", "malformed DNS name 'a..b.': empty label"),
    ])
    func reportsEachProblem(text: String, position: String, message: String) {
        let (records, diagnostics) = ZoneParser.parse(text, file: "contoso.zone", origin: contoso)
        #expect(records.isEmpty)
        #expect(positions(diagnostics) == [position])
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test func reportsRelativeNamesWithoutAnOrigin() {
        let (records, diagnostics) = ZoneParser.parse("sip.contoso.com. IN CNAME pool01", file: "z", origin: nil)
        #expect(records.isEmpty)
        #expect(positions(diagnostics) == ["malformed-dns-name 1:27"])
        #expect(diagnostics.map(\.message) == ["malformed DNS name 'pool01': relative name without an origin"])
    }

    @Test func skipsBlankOwnerRecordsAfterAMissingOwnerWithOneError() {
        let zone = """
              IN A 10.0.0.1
              IN A 10.0.0.2
            """
        let (_, diagnostics) = ZoneParser.parse(zone, file: "contoso.zone", origin: contoso)
        #expect(positions(diagnostics) == ["malformed-record 1:3"])
    }

    @Test func diagnosticsEndAtTheEndOfTheirToken() {
        let (_, diagnostics) = ZoneParser.parse("pool01 IN A 10.0.0.1 extra\n", file: "z", origin: contoso)
        #expect(diagnostics.first?.span == SourceSpan(file: "z", line: 1, column: 22, length: 5))
    }

    // MARK: - Write, read, same

    @Test func presentationReadsBackAsTheSameRecord() {
        var generator = SplitMix64(seed: 2013)
        for _ in 0..<500 {
            let record = randomRecord(using: &generator)
            let text = record.presentation
            let (records, diagnostics) = ZoneParser.parse(text, file: "z", origin: nil)
            #expect(diagnostics.isEmpty, "\(text)")
            #expect(records == [record], "\(text)")
        }
    }

    private func randomRecord(using generator: inout SplitMix64) -> ResourceRecord {
        let data: RecordData
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: data = .a(IPv4Address(value: .random(in: .min ... .max, using: &generator)))
        case 1:
            // Half the groups zero, so that `::` compression and the IPv4-mapped form come up.
            let pieces = (0..<8).map { _ in
                Bool.random(using: &generator) ? 0 : UInt16.random(in: 0...0xFFFF, using: &generator)
            }
            data = .aaaa(
                Bool.random(using: &generator)
                    ? IPv6Address(pieces: pieces) : IPv6Address(pieces: [0, 0, 0, 0, 0, 0xFFFF] + pieces[6...]))
        case 2: data = .cname(randomName(using: &generator))
        default:
            data = .srv(
                priority: .random(in: 0...65535, using: &generator), weight: .random(in: 0...65535, using: &generator),
                port: .random(in: 0...65535, using: &generator),
                target: Int.random(in: 0..<10, using: &generator) == 0 ? .root : randomName(using: &generator))
        }
        let name = randomName(using: &generator)
        let ttl = Int.random(in: 0...ZoneParser.maxTTL, using: &generator)
        let length = "\(name.presentation) \(ttl) IN \(data.type.rawValue) \(data.presentation)".unicodeScalars.count
        return ResourceRecord(
            name: name, ttl: ttl, data: data, span: SourceSpan(file: "z", line: 1, column: 1, length: length))
    }

    private func randomName(using generator: inout SplitMix64) -> DNSName {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let labels = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
            var label = String(
                (0..<Int.random(in: 1...12, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
            if label.count >= 2, Bool.random(using: &generator) {
                label.insert("-", at: label.index(after: label.startIndex))
            }
            if Int.random(in: 0..<4, using: &generator) == 0 { label = "_" + label }
            return label
        }
        return DNSName(labels.joined(separator: "."))!
    }
}

/// A seeded generator, so the property test sees the same records on every run.

/// The examples of the zone-file diagnostics in `DiagnosticCatalog` (what `sipgpo explain-diagnostic` prints) are
/// true: each one, parsed, gives its id.
@Suite struct ZoneDiagnosticExampleTests {
    @Test(arguments: DiagnosticCatalog.entries.filter { $0.stage == .dns }.map(\.id))
    func exampleProducesItsID(_ id: DiagnosticID) throws {
        let entry = try #require(DiagnosticCatalog.entry(id))
        let (_, diagnostics) = ZoneParser.parse(
            entry.example + "\n", file: "example.zone", origin: DNSName("contoso.com"))
        #expect(diagnostics.map(\.id).contains(id), "\(entry.example) gave \(diagnostics.map(\.id))")
    }
}

/// RFC 2782 port 0 and RFC 4592 wildcards.
@Suite struct ZoneParserHardeningTests {
    let contoso = DNSName("contoso.com")!

    @Test func anSRVRecordWithPortZeroAndATargetIsAnError() {
        let parsed = ZoneParser.parse(
            "_sip._tls IN SRV 0 0 0 sip.contoso.com.\n", file: "z.zone", origin: contoso)
        #expect(parsed.diagnostics.map { "\($0.id) \($0.span!.start)" } == ["srv-port-zero 1:22"])
        #expect(parsed.records.isEmpty)
    }

    @Test func portZeroWithTheRootTargetSaysNoServiceAndIsAccepted() {
        let parsed = ZoneParser.parse("_sip._tls IN SRV 0 0 0 .\n", file: "z.zone", origin: contoso)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.records.first?.data == .srv(priority: 0, weight: 0, port: 0, target: .root))
    }

    @Test(arguments: [
        ("*.contoso.com. IN A 192.0.2.1", "*.contoso.com"),
        ("* IN A 192.0.2.1", "*.contoso.com"),
        ("*.lab IN CNAME pool.contoso.com.", "*.lab.contoso.com"),
        ("*._tcp IN SRV 0 0 5061 pool.contoso.com.", "*._tcp.contoso.com"),
    ])
    func wildcardOwnersAreZoneContent(line: String, owner: String) {
        let parsed = ZoneParser.parse(line + "\n", file: "z.zone", origin: contoso)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.records.map(\.name.description) == [owner])
        #expect(parsed.records.first?.name.isWildcard == true)
    }

    @Test(arguments: ["a.*.contoso.com. IN A 192.0.2.1", "*a.contoso.com. IN A 192.0.2.1", "x IN CNAME *.contoso.com."])
    func anAsteriskElsewhereIsStillMalformed(line: String) {
        let parsed = ZoneParser.parse(line + "\n", file: "z.zone", origin: contoso)
        #expect(parsed.diagnostics.map(\.id) == ["malformed-dns-name"])
    }
}
