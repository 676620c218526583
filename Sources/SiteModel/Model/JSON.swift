/// A JSON value with ordered object keys, and its writer.
///
/// Foundation's `JSONEncoder` on Linux does not keep key order (and `.sortedKeys` would not give the documented
/// order), so outputs that are stable interfaces are built as `JSON` and written here: same input, same bytes.
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// An object from optional members; `nil` members are left out, as the interface documents.
    public static func object(_ members: KeyValuePairs<String, JSON?>) -> JSON {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    public static func string(_ value: String?) -> JSON? { value.map(JSON.string) }
    public static func int(_ value: Int?) -> JSON? { value.map(JSON.int) }

    /// Two-space indentation, `"key": value`, a final newline when `pretty`.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(to: &out, indent: 0, pretty: pretty)
        return pretty ? out + "\n" : out
    }

    private func write(to out: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent + 1, pretty)
                item.write(to: &out, indent: indent + 1, pretty: pretty)
            }
            newline(&out, indent, pretty)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent + 1, pretty)
                Self.writeString(key, to: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, indent: indent + 1, pretty: pretty)
            }
            newline(&out, indent, pretty)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: Int, _ pretty: Bool) {
        guard pretty else { return }
        out += "\n"
        for _ in 0..<indent { out += "  " }
    }

    /// RFC 8259 escaping: quotes, backslashes and control characters; everything else as UTF-8.
    public static func writeString(_ value: String, to out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole rather than scalar by scalar.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// Writes JSON straight into a string, in exactly the layout of `JSON.rendered()`, without building a tree: the
/// explanation of a large site has millions of values.
public struct JSONWriter {
    public private(set) var output = ""
    private var indent = 0
    /// Whether the container being written has a member yet (to place commas), innermost last.
    private var hasMember: [Bool] = []

    public init() {
        output.reserveCapacity(1 << 16)
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open("{")
        body(&self)
        close("}")
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open("[")
        body(&self)
        close("]")
    }

    /// A member of the enclosing object: `"key": ` followed by what `body` writes.
    public mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
        separate()
        JSON.writeString(key, to: &output)
        output += ": "
        body(&self)
    }

    public mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key) { $0.value(value) }
    }

    public mutating func member(_ key: String, _ value: Int?) {
        guard let value else { return }
        member(key) { $0.value(value) }
    }

    /// A fraction such as a share of attempts, rounded to four decimals: `0.9`, `0.3333`.
    public mutating func member(_ key: String, fraction value: Double?) {
        guard let value else { return }
        member(key) { $0.output += String((value * 10_000).rounded() / 10_000) }
    }

    public mutating func member(_ key: String, _ value: Bool?) {
        guard let value else { return }
        member(key) { $0.value(value) }
    }

    /// An element of the enclosing array.
    public mutating func element(_ body: (inout JSONWriter) -> Void) {
        separate()
        body(&self)
    }

    public mutating func value(_ text: String) { JSON.writeString(text, to: &output) }
    public mutating func value(_ number: Int) { output += String(number) }
    public mutating func value(_ flag: Bool) { output += flag ? "true" : "false" }

    public mutating func strings(_ values: [String]) {
        array { writer in
            for value in values { writer.element { $0.value(value) } }
        }
    }

    /// The finished document with its final newline.
    public var rendered: String { output + "\n" }

    private mutating func open(_ bracket: String) {
        output += bracket
        indent += 1
        hasMember.append(false)
    }

    private mutating func close(_ bracket: String) {
        indent -= 1
        if hasMember.removeLast() { newline() }
        output += bracket
    }

    private mutating func separate() {
        if hasMember.last == true { output += "," }
        if !hasMember.isEmpty { hasMember[hasMember.count - 1] = true }
        newline()
    }

    private mutating func newline() {
        output += "\n"
        for _ in 0..<indent { output += "  " }
    }
}
