import SiteModel
import Testing

@testable import LiveDNS

/// The answer parser on messages built by hand: compressed names, every record type the probe reads, and a record of
/// another type skipped.
@Suite struct DNSParseTests {
    /// A response header with `answers` answer records and one question for `question`.
    func message(question: [UInt8], answers: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, UInt8(answers.count), 0, 0, 0, 0]
        out += question + [0, 33, 0, 1]
        for answer in answers { out += answer }
        return out
    }

    func name(_ text: String) -> [UInt8] {
        text.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    /// owner, type, class IN, ttl, rdata.
    func record(owner: [UInt8], type: UInt16, ttl: UInt32, rdata: [UInt8]) -> [UInt8] {
        owner + [UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
            + [UInt8(ttl >> 24), UInt8(ttl >> 16 & 0xFF), UInt8(ttl >> 8 & 0xFF), UInt8(ttl & 0xFF)]
            + [UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF)] + rdata
    }

    @Test func readsSRVWithACompressedTargetAAndAAAAAndCNAME() throws {
        let question = name("_sip._tls.contoso.com")
        // The question's name starts at offset 12; "contoso.com" starts after "_sip" (5 bytes) and "_tls" (5 bytes).
        let pointerToQuestion: [UInt8] = [0xC0, 12]
        let pointerToDomain: [UInt8] = [0xC0, 22]
        let srv = record(
            owner: pointerToQuestion, type: 33, ttl: 3600,
            rdata: [0, 10, 0, 20, 0x01, 0xBB] + [3] + Array("sip".utf8) + pointerToDomain)
        let a = record(owner: name("sip.contoso.com"), type: 1, ttl: 300, rdata: [198, 51, 100, 10])
        let aaaa = record(
            owner: name("sip.contoso.com"), type: 28, ttl: 60,
            rdata: [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 11) + [1])
        let cname = record(
            owner: name("lyncdiscover.contoso.com"), type: 5, ttl: 5, rdata: [3] + Array("web".utf8) + pointerToDomain)
        let txt = record(owner: pointerToQuestion, type: 16, ttl: 1, rdata: [2] + Array("hi".utf8))
        let bytes = message(question: question, answers: [srv, a, aaaa, txt, cname])
        let records = try bytes.withUnsafeBufferPointer { try DNSResolver.parse($0.baseAddress!, length: $0.count) }
        #expect(
            records.map(\.presentation) == [
                "_sip._tls.contoso.com. 3600 IN SRV 10 20 443 sip.contoso.com.",
                "sip.contoso.com. 300 IN A 198.51.100.10",
                "sip.contoso.com. 60 IN AAAA 2001:db8::1",
                "lyncdiscover.contoso.com. 5 IN CNAME web.contoso.com.",
            ])
    }

    @Test func aTruncatedMessageIsAnErrorNotAnEmptyAnswer() {
        let bytes = message(
            question: name("sip.contoso.com"),
            answers: [record(owner: name("sip.contoso.com"), type: 1, ttl: 300, rdata: [198, 51, 100, 10])])
        let cut = Array(bytes.dropLast(3))
        #expect(throws: DNSResolver.ParseError.self) {
            try cut.withUnsafeBufferPointer { try DNSResolver.parse($0.baseAddress!, length: $0.count) }
        }
    }

    @Test func serverAddressesParseWithAndWithoutPort() {
        #expect(NameServer("127.0.0.1:5353")?.description == "127.0.0.1:5353")
        #expect(NameServer("10.0.0.53")?.port == 53)
        #expect(NameServer("10.0.0.53:0") == nil)
        #expect(NameServer("dns.contoso.com") == nil)
        #expect(NameServer("::1") == nil)
    }
}
