/// A GUID in registry form, `{6AC1786C-016F-11D2-945F-00C04FB984F9}` (upper case, braces).
///
/// sipgpo derives every GUID from a name (RFC 4122 version 5, SHA-1), so two builds of the same site give the same
/// GPO and backup ids and the same bytes.
public struct GUID: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        self.bytes = bytes
    }

    /// sipgpo's namespace for name-based GUIDs (a version 5 GUID of "sipgpo" in the URL namespace).
    public static let sipgpoNamespace = GUID(
        name: "https://github.com/sipgpo",
        namespace: GUID(bytes: [
            0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
        ]))

    /// A version 5 GUID: SHA-1 of the namespace bytes and the UTF-8 name.
    public init(name: String, namespace: GUID = .sipgpoNamespace) {
        var digest = SHA1.hash(namespace.bytes + Array(name.utf8)).prefix(16).map { $0 }
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        self.init(bytes: digest)
    }

    /// Upper-case hex without braces: `6AC1786C-016F-11D2-945F-00C04FB984F9`.
    public var bare: String {
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return text.count == 1 ? "0" + text : text
        }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(
            separator: "-")
    }

    public var description: String { "{\(bare)}" }

    public static func < (lhs: GUID, rhs: GUID) -> Bool { lhs.bare < rhs.bare }
}

/// SHA-1 (FIPS 180-4), for name-based GUIDs and golden-file manifests; not for anything that needs collision
/// resistance.
public enum SHA1 {
    /// Lower-case hex digest.
    public static func hex(_ message: [UInt8]) -> String {
        hash(message).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let b = data[(chunk + i * 4)..<(chunk + i * 4 + 4)].map(UInt32.init)
                w[i] = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
            }
            for i in 16..<80 { w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotatedLeft(1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) =
                    switch i {
                    case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                    case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                    case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                    default: (b ^ c ^ d, 0xCA62_C1D6)
                    }
                let temp = a.rotatedLeft(5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b.rotatedLeft(30), a, temp)
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
        }
        return h.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }
}

extension UInt32 {
    fileprivate func rotatedLeft(_ count: UInt32) -> UInt32 { self << count | self >> (32 - count) }
}
