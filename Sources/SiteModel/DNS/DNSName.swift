/// A fully qualified DNS name, stored lowercase without the trailing dot ("pool01.contoso.com").
///
/// Names compare case-insensitively in DNS, so they are lowercased once here and compared as plain strings after.
public struct DNSName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Lowercase labels, most specific first; empty for the root.
    public let labels: [String]
    /// "pool01.contoso.com"; the root is ".". Joined once: names are compared, hashed and printed far more often
    /// than they are made, and the text alone identifies the name (labels hold no dots).
    public let description: String

    /// The root name `.`; as an SRV target it means "service not available".
    public static let root = DNSName(validLabels: [])

    /// `labels` must already be valid; callers outside this file go through `parse`.
    init(validLabels labels: [String]) {
        self.labels = labels
        description = labels.isEmpty ? "." : labels.joined(separator: ".")
    }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Parses an absolute name ("a.b.c" or "a.b.c."); relative names are taken as absolute. Returns nil if malformed.
    public init?(_ text: String) {
        guard text != "@", case .success(let name) = DNSName.parse(text, origin: .root) else { return nil }
        self = name
    }

    /// The absolute zone-file form with its trailing dot: "pool01.contoso.com.".
    public var presentation: String { labels.isEmpty ? "." : description + "." }

    /// True if `self` equals `other` or lies below it.
    public func isSubdomain(of other: DNSName) -> Bool {
        labels.count >= other.labels.count && labels.suffix(other.labels.count).elementsEqual(other.labels)
    }

    /// The name one label up; nil for the root.
    public var parent: DNSName? {
        labels.isEmpty ? nil : DNSName(validLabels: Array(labels.dropFirst()))
    }

    /// "sip" + contoso.com -> sip.contoso.com. The label is assumed valid.
    public func prepending(_ label: String) -> DNSName {
        DNSName(validLabels: [label.lowercased()] + labels)
    }

    public static func < (lhs: DNSName, rhs: DNSName) -> Bool { lhs.description < rhs.description }
}

/// Why a name is malformed, and where in the text the problem starts.
public struct DNSNameError: Error, Hashable, Sendable {
    /// What is wrong, lowercase, without the name itself: "empty label".
    public var message: String
    /// Where the problem starts inside the parsed text: 0-based, in Unicode scalars.
    public var offset: Int
    /// The fix, phrased as an instruction.
    public var help: String

    public init(_ message: String, offset: Int, help: String) {
        self.message = message
        self.offset = offset
        self.help = help
    }
}

// MARK: - Parsing

extension DNSName {
    /// A wildcard owner (RFC 4592 §2.1.1): `*` as the leftmost label, and only there.
    public var isWildcard: Bool { labels.first == "*" }

    /// An owner name in a zone file: `parse`, and also a wildcard `*` or `*.rest` (RFC 4592). Other names (record
    /// data such as targets) cannot be wildcards.
    public static func parseOwner(_ text: String, origin: DNSName?) -> Result<DNSName, DNSNameError> {
        guard text == "*" || text.hasPrefix("*.") else { return parse(text, origin: origin) }
        let rest: Result<DNSName, DNSNameError> =
            text == "*"
            ? (origin.map { .success($0) } ?? .failure(.noOrigin))
            : parse(String(text.dropFirst(2)), origin: origin).mapError { error in
                var shifted = error
                shifted.offset += 2
                return shifted
            }
        return rest.flatMap { base in
            let name = DNSName(validLabels: ["*"] + base.labels)
            guard name.description.utf8.count <= maxLength else {
                return .failure(
                    DNSNameError(
                        "name is \(name.description.utf8.count) octets long, more than \(maxLength)", offset: 0,
                        help: "shorten the name to at most \(maxLength) octets"))
            }
            return .success(name)
        }
    }

    /// Longest name in presentation form without the trailing dot (RFC 1035's 255 octets on the wire).
    public static let maxLength = 253
    /// Longest label (RFC 1035).
    public static let maxLabelLength = 63

    /// Parses presentation format: "@" is the origin; a name without a trailing dot is relative to `origin`.
    public static func parse(_ text: String, origin: DNSName?) -> Result<DNSName, DNSNameError> {
        if let name = parseWellFormedASCII(text, origin: origin) { return .success(name) }
        return parseScalarByScalar(text, origin: origin)
    }

    /// The common case in one pass over the bytes: a well-formed ASCII name. Anything else (a special form, an
    /// error to report with its offset, non-ASCII) gives nil and goes the long way; the tests hold both together.
    static func parseWellFormedASCII(_ text: String, origin: DNSName?) -> DNSName? {
        var text = text
        return text.withUTF8 { bytes -> DNSName? in
            var count = bytes.count
            guard count > 1 || (count == 1 && bytes[0] != UInt8(ascii: ".") && bytes[0] != UInt8(ascii: "@")) else {
                return nil
            }
            let isAbsolute = bytes[count - 1] == UInt8(ascii: ".")
            if isAbsolute { count -= 1 }
            var labels: [String] = []
            var start = 0
            var index = 0
            while index <= count {
                guard index < count, bytes[index] != UInt8(ascii: ".") else {
                    let length = index - start
                    guard length > 0, length <= maxLabelLength, bytes[start] != UInt8(ascii: "-"),
                        bytes[index - 1] != UInt8(ascii: "-")
                    else { return nil }
                    labels.append(
                        String(unsafeUninitializedCapacity: length) { out in
                            for offset in 0..<length {
                                let byte = bytes[start + offset]
                                out[offset] = UInt8(ascii: "A")...UInt8(ascii: "Z") ~= byte ? byte | 0x20 : byte
                            }
                            return length
                        })
                    start = index + 1
                    index += 1
                    continue
                }
                switch bytes[index] {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    index += 1
                default: return nil
                }
            }
            if !isAbsolute {
                guard let origin else { return nil }
                labels += origin.labels
            }
            let name = DNSName(validLabels: labels)
            return name.description.utf8.count > maxLength ? nil : name
        }
    }

    /// `parse` character by character, with the offset of any error.
    static func parseScalarByScalar(_ text: String, origin: DNSName?) -> Result<DNSName, DNSNameError> {
        let scalars = Array(text.unicodeScalars)
        if scalars.isEmpty {
            return .failure(DNSNameError("empty name", offset: 0, help: "write a name such as 'pool01.contoso.com.'"))
        }
        if text == "." { return .success(.root) }
        if text == "@" {
            guard let origin else { return .failure(.noOrigin) }
            return .success(origin)
        }
        let isAbsolute = scalars.last == "."

        // Walk the labels, keeping the offset of each so errors can point into the text.
        let body = isAbsolute ? Array(scalars.dropLast()) : scalars
        var labels: [String] = []
        var labelStart = 0
        for offset in 0...body.count where offset == body.count || body[offset] == "." {
            let label = body[labelStart..<offset]
            if let error = check(label, at: labelStart) { return .failure(error) }
            labels.append(String(String.UnicodeScalarView(label)).lowercased())
            labelStart = offset + 1
        }

        if !isAbsolute {
            guard let origin else { return .failure(.noOrigin) }
            labels += origin.labels
        }
        let name = DNSName(validLabels: labels)
        if name.description.utf8.count > maxLength {
            return .failure(
                DNSNameError(
                    "name is \(name.description.utf8.count) octets long, more than \(maxLength)", offset: 0,
                    help: "shorten the name to at most \(maxLength) octets"))
        }
        return .success(name)
    }

    private static func check(_ label: ArraySlice<Unicode.Scalar>, at start: Int) -> DNSNameError? {
        guard let first = label.first, let last = label.last else {
            return DNSNameError("empty label", offset: start, help: "remove the extra dot")
        }
        if let bad = label.firstIndex(where: { !isLabelScalar($0) }) {
            return DNSNameError(
                "character '\(label[bad])' is not allowed", offset: bad,
                help: "use only letters, digits, hyphens and underscores, in labels separated by dots")
        }
        // The label's text is only needed for a message: build it there.
        var text: String { String(String.UnicodeScalarView(label)) }
        if first == "-" {
            return DNSNameError(
                "label '\(text)' starts with a hyphen", offset: start, help: "remove the hyphen at the start")
        }
        if last == "-" {
            return DNSNameError(
                "label '\(text)' ends with a hyphen", offset: label.endIndex - 1, help: "remove the hyphen at the end")
        }
        if label.count > maxLabelLength {
            return DNSNameError(
                "label is \(label.count) octets long, more than \(maxLabelLength)", offset: start,
                help: "shorten the label to at most \(maxLabelLength) octets")
        }
        return nil
    }

    /// Host names allow letters, digits and hyphens (RFC 1123); underscores start service labels (`_sip._tls`).
    private static func isLabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_": true
        default: false
        }
    }
}

extension DNSNameError {
    fileprivate static let noOrigin = DNSNameError(
        "relative name without an origin", offset: 0, help: "end the name with a dot to make it absolute")
}

// MARK: - Codable

/// Encoded as the single string "pool01.contoso.com", so dumps read like the input.
extension DNSName: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch DNSName.parse(text, origin: .root) {
        case .success(let name): self = name
        case .failure(let error):
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "malformed DNS name '\(text)': \(error.message)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
