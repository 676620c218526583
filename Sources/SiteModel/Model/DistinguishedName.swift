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
    public var rdns: [RDN]

    public init(rdns: [RDN]) { self.rdns = rdns }

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
        return DistinguishedName(rdns: Array(rdns.dropFirst()))
    }

    /// True when `self` is `other` or lies below it.
    public func isDescendant(of other: DistinguishedName) -> Bool {
        guard rdns.count >= other.rdns.count else { return false }
        return zip(rdns.suffix(other.rdns.count), other.rdns).allSatisfy { $0.type == $1.type && $0.value.lowercased() == $1.value.lowercased() }
    }

    /// Canonical text: types uppercased, special characters escaped (RFC 4514 §2.4).
    public var description: String {
        rdns.map { "\($0.type)=\(Self.escape($0.value))" }.joined(separator: ",")
    }

    /// A key for comparisons that ignore case, as AD does.
    public var normalized: String { description.lowercased() }

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

    static func escape(_ value: String) -> String {
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

    public static func parse(_ text: String) -> Result<DistinguishedName, DistinguishedNameError> {
        let scalars = Array(text.unicodeScalars)
        var rdns: [RDN] = []
        var index = 0
        func fail(_ message: String, _ at: Int, _ help: String) -> Result<DistinguishedName, DistinguishedNameError> {
            .failure(DistinguishedNameError(message: message, offset: at, help: help))
        }
        let example = "write it as 'OU=Sales,OU=Branches,DC=contoso,DC=com'"
        if scalars.allSatisfy({ $0 == " " }) { return fail("the distinguished name is empty", 0, example) }
        while index < scalars.count {
            while index < scalars.count, scalars[index] == " " { index += 1 }
            let typeStart = index
            while index < scalars.count, scalars[index] != "=", scalars[index] != "," { index += 1 }
            let type = String(String.UnicodeScalarView(scalars[typeStart..<index])).trimmingCharacters(in: " ").uppercased()
            guard index < scalars.count, scalars[index] == "=" else {
                return fail("'\(type.isEmpty ? String(String.UnicodeScalarView(scalars[typeStart..<index])) : type)' has no '=' value", typeStart, example)
            }
            guard !type.isEmpty, type.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                return fail("missing or malformed attribute type before '='", typeStart, example)
            }
            guard knownTypes.contains(type) else {
                let near = Suggestion.closest(to: type, in: ["OU", "DC", "CN"]).map { "did you mean '\($0)='?" } ?? "use OU=, CN= and DC= components"
                return fail("unknown attribute type '\(type)'", typeStart, near)
            }
            index += 1
            var value = ""
            let valueStart = index
            var pendingSpaces = ""
            while index < scalars.count, scalars[index] != "," {
                let scalar = scalars[index]
                if scalar == "\\" {
                    guard index + 1 < scalars.count else { return fail("a trailing '\\' escapes nothing", index, "remove it or escape a character after it") }
                    let next = scalars[index + 1]
                    // `\2C` is a hex pair; anything else is the escaped character itself.
                    if index + 2 < scalars.count, let byte = UInt8(String(next) + String(scalars[index + 2]), radix: 16) {
                        value += pendingSpaces + String(UnicodeScalar(byte))
                        index += 3
                    } else {
                        value += pendingSpaces + String(next)
                        index += 2
                    }
                    pendingSpaces = ""
                    continue
                }
                if ["+", "\"", "<", ">", ";", "="].contains(scalar) {
                    return fail("'\(scalar)' must be escaped in a distinguished name value", index, "write it as '\\\(scalar)'")
                }
                if scalar == " " {
                    if !value.isEmpty { pendingSpaces.append(" ") }
                } else {
                    value += pendingSpaces + String(scalar)
                    pendingSpaces = ""
                }
                index += 1
            }
            guard !value.isEmpty else { return fail("'\(type)=' has an empty value", valueStart, example) }
            if type == "DC" {
                let ok = value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
                guard ok, value.unicodeScalars.count <= 63, !value.hasPrefix("-"), !value.hasSuffix("-") else {
                    return fail("'DC=\(value)' is not a valid DNS label", valueStart, "DC components are the labels of the domain's DNS name")
                }
            }
            rdns.append(RDN(type: type, value: value))
            if index < scalars.count {
                index += 1  // the comma
                if index == scalars.count { return fail("the distinguished name ends with ','", index - 1, "remove the trailing comma") }
            }
        }
        // Every object in AD lives in a domain; the domain part closes the DN and nothing follows it.
        guard let firstDC = rdns.firstIndex(where: { $0.type == "DC" }) else {
            return fail("the distinguished name has no 'DC=' components", scalars.count, "end it with the domain, e.g. ',DC=contoso,DC=com'")
        }
        if rdns[firstDC...].contains(where: { $0.type != "DC" }) {
            return fail("'DC=' components must come last", 0, example)
        }
        return .success(DistinguishedName(rdns: rdns))
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
