import Foundation
import Testing

@testable import SiteModel

@Suite struct IPAddressTests {
    @Test(arguments: ["10.0.0.10", "0.0.0.0", "255.255.255.255", "192.0.2.1"])
    func parsesDottedQuads(text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(arguments: [
        "10.0.0.300", "10.0.0", "10.0.0.1.2", "10..0.1", "10.0.0.01", "10.0.0.-1", "10.0.0.+1", "10.0.0.a", "",
        " 10.0.0.1", "１0.0.0.1",
    ])
    func rejectsMalformedIPv4(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func ipv4ValueAndOrder() {
        #expect(IPv4Address("10.0.0.10")?.value == 0x0A00_000A)
        #expect(IPv4Address("10.0.0.10")?.octets == [10, 0, 0, 10])
        #expect(IPv4Address("10.0.0.9")! < IPv4Address("10.0.0.10")!)
    }

    @Test(arguments: [
        ("10.0.0.1", true), ("10.255.255.255", true), ("11.0.0.1", false),
        ("172.16.0.1", true), ("172.31.255.255", true), ("172.15.255.255", false), ("172.32.0.0", false),
        ("192.168.1.1", true), ("192.169.0.1", false),
        ("127.0.0.1", true), ("169.254.10.10", true), ("169.253.0.1", false),
        ("100.64.0.1", true), ("100.127.255.255", true), ("100.63.255.255", false), ("100.128.0.0", false),
        ("131.107.0.1", false), ("8.8.8.8", false),
    ])
    func ipv4PrivateRanges(text: String, isPrivate: Bool) {
        #expect(IPv4Address(text)!.isPrivate == isPrivate)
    }

    @Test(arguments: [
        ("2001:db8::10", "2001:db8::10"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0010", "2001:db8::10"),
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::ffff:c000:201", "::ffff:192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("1:2:3:4:5:6:10.0.0.1", "1:2:3:4:5:6:a00:1"),
        ("FE80::1", "fe80::1"),
    ])
    func parsesIPv6AndPrintsCanonically(text: String, canonical: String) {
        #expect(IPv6Address(text)?.description == canonical)
        #expect(IPv6Address(canonical) == IPv6Address(text))
    }

    @Test(arguments: [
        "", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2::3",
        ":1::", "1:::2", "12345::", "g::", "+1::", "-1::", "1.2.3.4", "1.2.3.4::", "::1.2.3", "::1.2.3.4:5",
        "fe80::1%eth0", "1:2:3:4:5:6:7:1.2.3.4",
    ])
    func rejectsMalformedIPv6(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test(arguments: [
        ("fc00::1", true), ("fd12:3456::1", true), ("fe80::1", true), ("febf::1", true), ("::1", true),
        ("fec0::1", false), ("fb00::1", false), ("2001:db8::1", false), ("::", false), ("::2", false),
    ])
    func ipv6PrivateRanges(text: String, isPrivate: Bool) {
        #expect(IPv6Address(text)!.isPrivate == isPrivate)
    }

    @Test func ipv6PiecesAndOrder() {
        let address = IPv6Address("2001:db8::10")!
        #expect(address.pieces == [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10])
        #expect(IPv6Address(pieces: address.pieces) == address)
        #expect(IPv6Address("::1")! < IPv6Address("2001:db8::")!)
    }

    @Test func codesAsOneString() throws {
        let json = try JSONEncoder().encode([IPv6Address("2001:0db8::0010")!])
        #expect(String(decoding: json, as: UTF8.self) == #"["2001:db8::10"]"#)
        let decoded = try JSONDecoder().decode([IPv4Address].self, from: Data(#"["10.0.0.10"]"#.utf8))
        #expect(decoded == [IPv4Address("10.0.0.10")!])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([IPv4Address].self, from: Data(#"["10.0.0.300"]"#.utf8))
        }
    }
}
