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

/// Writes JSON straight into UTF-8 bytes, in exactly the layout of `JSON.rendered()`, without building a tree: the
/// explanation of a large site has millions of values.
public struct JSONWriter {
    /// What has been written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []
    private var indent = 0
    /// Whether the container being written has a member yet (to place commas), innermost last.
    private var hasMember: [Bool] = []

    /// `capacity`: the bytes to reserve, when the caller can tell the document is large.
    public init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// What has been written so far.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// A member of the enclosing object: `"key": ` followed by what `body` writes.
    public mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
        separate()
        JSON.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
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
        member(key) { $0.raw(String((value * 10_000).rounded() / 10_000)) }
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

    public mutating func value(_ text: String) { JSON.writeString(text, to: &bytes) }
    public mutating func value(_ number: Int) { raw(String(number)) }
    public mutating func value(_ flag: Bool) { raw(flag ? "true" : "false") }

    public mutating func strings(_ values: [String]) {
        array { writer in
            for value in values { writer.element { $0.value(value) } }
        }
    }

    /// What `body` writes at this point of the document, remembered in `cache` under `key` and copied from there
    /// the next time: for the parts that many elements of a large document share. The bytes depend on where they
    /// are written (indentation, whether a member came before), so that is part of the key; `body` writes members
    /// or elements of the enclosing container only.
    public mutating func shared<Key: Hashable>(
        _ key: Key, in cache: inout [SharedKey<Key>: [UInt8]], _ body: (inout JSONWriter) -> Void
    ) {
        let place = SharedKey(key: key, indent: indent, hasMember: hasMember.last ?? false)
        if let fragment = cache[place] {
            bytes.append(contentsOf: fragment)
            if !fragment.isEmpty, !hasMember.isEmpty { hasMember[hasMember.count - 1] = true }
            return
        }
        let start = bytes.count
        body(&self)
        cache[place] = Array(bytes[start...])
    }

    /// Where a shared fragment was written, with what it stands for.
    public struct SharedKey<Key: Hashable>: Hashable {
        var key: Key
        var indent: Int
        var hasMember: Bool
    }

    /// The finished document with its final newline.
    public var rendered: String { String(decoding: bytes, as: UTF8.self) + "\n" }

    /// The finished document with its final newline, as UTF-8, without a copy: the writer is used up (a large
    /// explanation is tens of megabytes).
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        indent += 1
        hasMember.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 1
        if hasMember.removeLast() { newline() }
        bytes.append(bracket)
    }

    private mutating func separate() {
        if hasMember.last == true { bytes.append(UInt8(ascii: ",")) }
        if !hasMember.isEmpty { hasMember[hasMember.count - 1] = true }
        newline()
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<indent {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: " "))
        }
    }
}

extension JSON {
    /// `writeString(_:to:)` into UTF-8 bytes: the same escaping, byte for byte.
    public static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Most strings need no escaping: append them whole.
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                out.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [
                        0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                    ])
                // Bytes of multi-byte scalars (≥ 0x80) and every other ASCII byte pass as they are.
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
