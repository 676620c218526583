/// An IPv4 address such as 10.0.0.10.
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as a big-endian number: 10.0.0.10 is 0x0A00_000A.
    public let value: UInt32

    public init(value: UInt32) {
        self.value = value
    }

    /// Parses a dotted quad. Leading zeros are rejected because some resolvers read them as octal.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.unicodeScalars.allSatisfy(isASCIIDigit),
                part.count == 1 || part.first != "0", let octet = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    public var octets: [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    public var description: String { octets.map(String.init).joined(separator: ".") }

    /// True for addresses a client outside the network cannot reach: RFC 1918, loopback, link-local and CGNAT.
    public var isPrivate: Bool {
        Self.privateBlocks.contains { block in value >> (32 - block.bits) == block.network >> (32 - block.bits) }
    }

    private static let privateBlocks: [(network: UInt32, bits: Int)] = [
        (0x0A00_0000, 8),  // 10.0.0.0/8
        (0xAC10_0000, 12),  // 172.16.0.0/12
        (0xC0A8_0000, 16),  // 192.168.0.0/16
        (0x7F00_0000, 8),  // 127.0.0.0/8 loopback
        (0xA9FE_0000, 16),  // 169.254.0.0/16 link-local
        (0x6440_0000, 10),  // 100.64.0.0/10 carrier-grade NAT
    ]

    /// Which private range the address is in, with the document that reserves it ("RFC 1918"), for explanations.
    public var privateRange: String? {
        let ranges: [(network: UInt32, bits: Int, name: String)] = [
            (0x0A00_0000, 8, "RFC 1918"), (0xAC10_0000, 12, "RFC 1918"), (0xC0A8_0000, 16, "RFC 1918"),
            (0x7F00_0000, 8, "loopback, RFC 1122"), (0xA9FE_0000, 16, "link-local, RFC 3927"),
            (0x6440_0000, 10, "shared address space, RFC 6598"),
        ]
        return ranges.first { value >> (32 - $0.bits) == $0.network >> (32 - $0.bits) }?.name
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv6 address such as 2001:db8::10.
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    // Two halves rather than an array, so equality and ordering are plain integer comparisons.
    private let high: UInt64
    private let low: UInt64

    /// Builds an address from its eight 16-bit groups.
    public init(pieces: [UInt16]) {
        precondition(pieces.count == 8, "an IPv6 address has 8 groups")
        high = pieces[0..<4].reduce(0) { $0 << 16 | UInt64($1) }
        low = pieces[4..<8].reduce(0) { $0 << 16 | UInt64($1) }
    }

    /// Parses every RFC 4291 text form: eight groups, one `::` for a run of zero groups, and a dotted IPv4 tail.
    public init?(_ text: String) {
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        switch halves.count {
        case 1:
            guard let pieces = Self.groups(halves[0]), pieces.count == 8 else { return nil }
            self.init(pieces: pieces)
        case 2:
            // `::` stands for at least one zero group, so at most seven are written.
            guard let head = Self.groups(halves[0], allowsIPv4: false), let tail = Self.groups(halves[1]),
                head.count + tail.count <= 7
            else { return nil }
            self.init(pieces: head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail)
        default:
            return nil
        }
    }

    /// The colon-separated groups of one side of `::`; nil if any is malformed.
    private static func groups(_ text: Substring, allowsIPv4: Bool = true) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var pieces: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if allowsIPv4, index == parts.count - 1, part.contains(".") {
                guard let v4 = IPv4Address(String(part)) else { return nil }
                pieces += [UInt16(v4.value >> 16), UInt16(truncatingIfNeeded: v4.value)]
            } else {
                // Checked by hand because `UInt16(_:radix:)` also accepts a sign.
                guard (1...4).contains(part.count), part.unicodeScalars.allSatisfy(isASCIIHexDigit),
                    let piece = UInt16(part, radix: 16)
                else { return nil }
                pieces.append(piece)
            }
        }
        return pieces
    }

    public var pieces: [UInt16] {
        [high, low].flatMap { half in [48, 32, 16, 0].map { UInt16(truncatingIfNeeded: half >> $0) } }
    }

    /// RFC 5952 canonical form: lowercase, no leading zeros, the first longest run of two or more zero groups
    /// as `::`, and IPv4-mapped addresses as `::ffff:192.0.2.1`.
    public var description: String {
        let pieces = pieces
        if pieces[0..<5].allSatisfy({ $0 == 0 }) && pieces[5] == 0xFFFF {
            return "::ffff:" + IPv4Address(value: UInt32(pieces[6]) << 16 | UInt32(pieces[7])).description
        }
        var best: Range<Int>?
        var index = 0
        while index < 8 {
            guard pieces[index] == 0 else {
                index += 1
                continue
            }
            let run = index..<(pieces[index...].firstIndex { $0 != 0 } ?? 8)
            if run.count >= 2 && run.count > (best?.count ?? 0) { best = run }
            index = run.upperBound
        }
        let hex = pieces.map { String($0, radix: 16) }
        guard let best else { return hex.joined(separator: ":") }
        return hex[..<best.lowerBound].joined(separator: ":") + "::" + hex[best.upperBound...].joined(separator: ":")
    }

    /// True for addresses that are not globally routed: unique local fc00::/7, link-local fe80::/10, loopback ::1.
    public var isPrivate: Bool {
        let first = UInt16(truncatingIfNeeded: high >> 48)
        return first & 0xFE00 == 0xFC00 || first & 0xFFC0 == 0xFE80 || (high == 0 && low == 1)
    }

    /// Which private range the address is in, with the document that defines it ("unique local, RFC 4193").
    public var privateRange: String? {
        let first = UInt16(truncatingIfNeeded: high >> 48)
        if first & 0xFE00 == 0xFC00 { return "unique local, RFC 4193" }
        if first & 0xFFC0 == 0xFE80 { return "link-local, RFC 4291" }
        if high == 0 && low == 1 { return "loopback, RFC 4291" }
        return nil
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

// MARK: - Codable

/// Encoded as the single string "10.0.0.10", so dumps read like the input.
extension IPv4Address: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = IPv4Address(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "malformed IPv4 address '\(text)'")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Encoded as the canonical string "2001:db8::10".
extension IPv6Address: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = IPv6Address(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "malformed IPv6 address '\(text)'")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

private func isASCIIHexDigit(_ scalar: Unicode.Scalar) -> Bool {
    isASCIIDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
}
