/// An LDAP distinguished name (RFC 4514) such as `OU=Sales,OU=Branches,DC=contoso,DC=com`.
///
/// Attribute types compare case-insensitively and values compare case-insensitively too, as Active Directory does.
public struct DistinguishedName: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public struct RDN: Hashable, Codable, Sendable {
        /// Uppercased attribute type: `OU`, `DC`, `CN`, `O`.
        public var type: String
        /// The unescaped value.
        public var value: String
    }

    /// Most specific first, as written.
    public let rdns: [RDN]
    /// A key for comparisons that ignore case, as AD does; computed once, as DNs are hashed and compared often.
    public let normalized: String

    /// Canonical text: types uppercased, special characters escaped (RFC 4514 §2.4).
    public let description: String

    public init(rdns: [RDN]) {
        self.rdns = rdns
        description = rdns.map { "\($0.type)=\(Self.escape($0.value))" }.joined(separator: ",")
        normalized = description.lowercased()
    }

    /// The DNS name of the domain the object lives in, from its `DC=` components (`DC=emea,DC=contoso,DC=com` →
    /// `emea.contoso.com`).
    public var domain: String {
        rdns.filter { $0.type == "DC" }.map { $0.value.lowercased() }.joined(separator: ".")
    }

    /// The organisational-unit path without the domain part, most specific first.
    public var organizationalUnits: [RDN] { rdns.filter { $0.type != "DC" } }

    /// OU depth below the domain root, used to order populations parent-first.
    public var depth: Int { organizationalUnits.count }

    public var parent: DistinguishedName? {
        guard rdns.count > 1, rdns.first?.type != "DC" else { return nil }
        // The text after the first unescaped comma is the parent's: cheaper than escaping every value again.
        var escaped = false
        var cut: String.Index?
        for index in description.indices {
            let character = description[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                cut = description.index(after: index)
                break
            }
        }
        guard let cut else { return nil }
        let text = String(description[cut...])
        return DistinguishedName(rdns: Array(rdns.dropFirst()), description: text, normalized: text.lowercased())
    }

    private init(rdns: [RDN], description: String, normalized: String) {
        self.rdns = rdns
        self.description = description
        self.normalized = normalized
    }

    /// True when `self` is `other` or lies below it.
    public func isDescendant(of other: DistinguishedName) -> Bool {
        guard rdns.count >= other.rdns.count else { return false }
        return zip(rdns.suffix(other.rdns.count), other.rdns).allSatisfy {
            $0.type == $1.type && $0.value.lowercased() == $1.value.lowercased()
        }
    }

    public static func == (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
    public static func < (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool { lhs.normalized < rhs.normalized }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch Self.parse(text) {
        case .success(let dn): self = dn
        case .failure(let error):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func mustBeEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "+", "\"", "<", ">", ";", "=": true
        default: false
        }
    }

    static func escape(_ value: String) -> String {
        // Most values need no escaping; check the bytes before building anything.
        guard
            value.utf8.contains(where: {
                $0 == 32 || $0 == 35 || $0 == 44 || $0 == 43 || $0 == 34 || $0 == 92 || $0 == 60 || $0 == 62 || $0 == 59
                    || $0 == 61
            })
        else { return value }
        var out = ""
        for (index, character) in value.enumerated() {
            if ",+\"\\<>;=".contains(character) || (index == 0 && (character == " " || character == "#"))
                || (index == value.count - 1 && character == " ")
            {
                out.append("\\")
            }
            out.append(character)
        }
        return out
    }
}

public struct DistinguishedNameError: Error, Hashable, Sendable {
    public var message: String
    /// 0-based offset in Unicode scalars where the problem is.
    public var offset: Int
    public var help: String
}

extension DistinguishedName {
    /// Attribute types that may appear in the DN of an OU or container in Active Directory.
    static let knownTypes: Set<String> = ["OU", "DC", "CN", "O", "L", "ST", "C"]

    /// Parses RFC 4514 text. Works on UTF-8 bytes (every delimiter is ASCII) because large sites parse thousands of
    /// DNs; offsets in errors are converted to Unicode scalars, the unit of every column sipgpo reports.
    public static func parse(_ text: String) -> Result<DistinguishedName, DistinguishedNameError> {
        let bytes = Array(text.utf8)
        let count = bytes.count
        let example = "write it as 'OU=Sales,OU=Branches,DC=contoso,DC=com'"
        func fail(_ message: String, _ byteOffset: Int, _ help: String) -> Result<
            DistinguishedName, DistinguishedNameError
        > {
            let offset = String(decoding: bytes[..<min(byteOffset, count)], as: UTF8.self).unicodeScalars.count
            return .failure(DistinguishedNameError(message: message, offset: offset, help: help))
        }
        let space = UInt8(ascii: " "), comma = UInt8(ascii: ","), equals = UInt8(ascii: "="),
            backslash = UInt8(ascii: "\\")
        if bytes.allSatisfy({ $0 == space }) { return fail("the distinguished name is empty", 0, example) }
        var rdns: [RDN] = []
        var index = 0
        while index < count {
            while index < count, bytes[index] == space { index += 1 }
            let typeStart = index
            while index < count, bytes[index] != equals, bytes[index] != comma { index += 1 }
            var typeEnd = index
            while typeEnd > typeStart, bytes[typeEnd - 1] == space { typeEnd -= 1 }
            let written = String(decoding: bytes[typeStart..<typeEnd], as: UTF8.self)
            guard index < count, bytes[index] == equals else {
                return fail("'\(written)' has no '=' value", typeStart, example)
            }
            let type = written.uppercased()
            guard !type.isEmpty, type.utf8.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) || $0 == 45 })
            else {
                return fail("missing or malformed attribute type before '='", typeStart, example)
            }
            guard knownTypes.contains(type) else {
                let near =
                    Suggestion.closest(to: type, in: ["OU", "DC", "CN"]).map { "did you mean '\($0)='?" }
                    ?? "use OU=, CN= and DC= components"
                return fail("unknown attribute type '\(type)'", typeStart, near)
            }
            index += 1
            var value: [UInt8] = []
            value.reserveCapacity(32)
            let valueStart = index
            var pendingSpaces = 0
            while index < count, bytes[index] != comma {
                let byte = bytes[index]
                if byte == backslash {
                    guard index + 1 < count else {
                        return fail(
                            "a trailing '\\' escapes nothing", index, "remove it or escape a character after it")
                    }
                    value.append(contentsOf: repeatElement(space, count: pendingSpaces))
                    pendingSpaces = 0
                    // `\2C` is a hex pair (a UTF-8 byte); anything else is the escaped character itself.
                    if index + 2 < count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                        value.append(high << 4 | low)
                        index += 3
                    } else {
                        value.append(bytes[index + 1])
                        index += 2
                    }
                    continue
                }
                if byte < 128, mustBeEscaped(Unicode.Scalar(byte)) {
                    return fail(
                        "'\(Unicode.Scalar(byte))' must be escaped in a distinguished name value", index,
                        "write it as '\\\(Unicode.Scalar(byte))'")
                }
                if byte == space {
                    if !value.isEmpty { pendingSpaces += 1 }
                } else {
                    value.append(contentsOf: repeatElement(space, count: pendingSpaces))
                    pendingSpaces = 0
                    value.append(byte)
                }
                index += 1
            }
            let text = String(decoding: value, as: UTF8.self)
            guard !text.isEmpty else { return fail("'\(type)=' has an empty value", valueStart, example) }
            if type == "DC" {
                let ok = value.allSatisfy {
                    (97...122).contains($0) || (65...90).contains($0) || (48...57).contains($0) || $0 == 45
                }
                guard ok, value.count <= 63, value.first != 45, value.last != 45 else {
                    return fail(
                        "'DC=\(text)' is not a valid DNS label", valueStart,
                        "DC components are the labels of the domain's DNS name")
                }
            }
            rdns.append(RDN(type: type, value: text))
            if index < count {
                index += 1  // the comma
                if index == count {
                    return fail("the distinguished name ends with ','", index - 1, "remove the trailing comma")
                }
            }
        }
        // Every object in AD lives in a domain; the domain part closes the DN and nothing follows it.
        guard let firstDC = rdns.firstIndex(where: { $0.type == "DC" }) else {
            return fail(
                "the distinguished name has no 'DC=' components", count,
                "end it with the domain, e.g. ',DC=contoso,DC=com'")
        }
        if rdns[firstDC...].contains(where: { $0.type != "DC" }) {
            return fail("'DC=' components must come last", 0, example)
        }
        return .success(DistinguishedName(rdns: rdns))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
