/// The bytes of an input file (site description or zone file) as text: UTF-8, with a located finding for what is
/// not. Pure; the CLI reads the bytes.
public enum SourceText {
    /// A file whose bytes are not UTF-8 text, with the position of the first offending byte when there is one.
    public struct Undecodable: Error, CustomStringConvertible, Sendable {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.message }
    }

    /// The text of `bytes`, without a UTF-8 byte-order mark. Throws `Undecodable` for UTF-16 and UTF-32 (with or
    /// without a byte-order mark), bytes that are not UTF-8, and NUL bytes (which no text format here allows).
    public static func decode(_ bytes: [UInt8], file: String) throws(Undecodable) -> String {
        if let encoding = wideEncoding(bytes) {
            throw Undecodable(
                diagnostic: .error(
                    .textEncoding, "'\(file)' is \(encoding) text, not UTF-8",
                    at: SourceSpan(file: file, line: 1, column: 1),
                    help: "save it as UTF-8 (in Notepad: File › Save as › Encoding: UTF-8; "
                        + "in PowerShell: Get-Content FILE | Set-Content -Encoding utf8 NEW-FILE)"))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let bad = firstInvalidUTF8(body) {
            let location = position(ofByte: bad - body.startIndex, in: body)
            throw Undecodable(
                diagnostic: .error(
                    .textEncoding,
                    "'\(file)' is not UTF-8: byte 0x\(hex(body[bad])) at offset \(bad) starts no UTF-8 character",
                    at: SourceSpan(file: file, line: location.line, column: location.column),
                    help: "save the file as UTF-8; it may be in a legacy code page such as Windows-1252"))
        }
        if let nul = body.firstIndex(of: 0) {
            let location = position(ofByte: nul - body.startIndex, in: body)
            throw Undecodable(
                diagnostic: .error(
                    .nulByte, "'\(file)' contains a NUL byte; it is binary, or text in another encoding",
                    at: SourceSpan(file: file, line: location.line, column: location.column),
                    help: "remove the NUL byte, or save the file as UTF-8 text"))
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// libyaml's reader refuses some characters (control characters other than tab and line breaks, for one);
    /// it names the byte offset, which becomes a line and column here.
    static func readerDiagnostic(problem: String, byteOffset: Int, in text: String, file: String) -> Diagnostic {
        let bytes = Array(text.utf8)[...]
        let offset = min(max(byteOffset, 0), bytes.count)
        let location = position(ofByte: offset, in: bytes)
        let found = offset < bytes.count ? " (byte 0x\(hex(bytes[offset])))" : ""
        return .error(
            .yamlSyntax, "cannot read '\(file)' as YAML: \(problem)\(found)",
            at: SourceSpan(file: file, line: location.line, column: location.column),
            help: "YAML allows tabs and line breaks but no other control characters; remove it, "
                + "or write it as an escape inside a double-quoted string such as \"\\u0007\"")
    }

    /// UTF-16 or UTF-32, by byte-order mark, or by the NUL bytes that ASCII text in them has in every other byte.
    static func wideEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return "UTF-32 (little-endian, with a byte-order mark)" }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32 (big-endian, with a byte-order mark)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian, with a byte-order mark)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian, with a byte-order mark)" }
        let sample = Array(bytes.prefix(512))
        guard sample.count >= 4 else { return nil }
        func zeros(_ phase: Int, _ period: Int) -> Int {
            stride(from: phase, to: sample.count, by: period).filter { sample[$0] == 0 }.count
        }
        let quads = sample.count / 4
        if quads >= 1 {
            if zeros(1, 4) == quads && zeros(2, 4) == quads && zeros(3, 4) == quads && zeros(0, 4) < quads {
                return "UTF-32 (little-endian)"
            }
            if zeros(0, 4) == quads && zeros(1, 4) == quads && zeros(2, 4) == quads && zeros(3, 4) < quads {
                return "UTF-32 (big-endian)"
            }
        }
        let pairs = sample.count / 2
        // Mostly ASCII: most high bytes are zero and the low bytes are not.
        if zeros(1, 2) * 4 >= pairs * 3 && zeros(0, 2) * 4 < pairs { return "UTF-16 (little-endian)" }
        if zeros(0, 2) * 4 >= pairs * 3 && zeros(1, 2) * 4 < pairs { return "UTF-16 (big-endian)" }
        return nil
    }

    /// The index of the first byte that does not start or continue a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return index
            }
            for offset in 1..<length {
                let position = index + offset
                guard position < bytes.endIndex else { return index }
                let byte = bytes[position]
                let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
                guard byte >= low, byte <= high else { return index }
            }
            index += length
        }
        return nil
    }

    /// 1-based line and column (in Unicode scalars, as in every span) of the byte at `offset` from the start.
    static func position(ofByte offset: Int, in bytes: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
