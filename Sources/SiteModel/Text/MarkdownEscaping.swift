/// The one escaping function for Markdown files sipgpo writes (`certificates.md`, `explain.md`): any name from
/// the site description goes through `text` (running text, table cells, headings) or `code` (inline code).
///
/// CommonMark lets a backslash escape any ASCII punctuation; the characters escaped here are those that start
/// emphasis, code, links, raw HTML or entities, end a table cell (GFM), or escape. Line breaks and other control
/// characters become spaces, so a name can never start a new block (heading, list, table row).
public enum Markdown {
    static let metacharacters: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]
    /// `metacharacters` by ASCII code, for the byte loops.
    static let isMetacharacter: [Bool] = (0..<128).map { metacharacters.contains(Unicode.Scalar(UInt8($0))) }

    /// `text` as literal Markdown text on one line.
    public static func text(_ text: String) -> String {
        // Most names are plain ASCII with nothing to escape: give them back without building a new string.
        if text.utf8.allSatisfy({ 0x20...0x7E ~= $0 && !isMetacharacter[Int($0)] }) { return text }
        var input = text
        return input.withUTF8 { bytes in
            // Byte by byte: the metacharacters and controls are ASCII, and the three other line breaks are fixed
            // UTF-8 sequences (U+0085 C2 85, U+2028 E2 80 A8, U+2029 E2 80 A9); everything else is copied.
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0x09 {
                        out.append(byte)
                    } else if byte < 0x20 || byte == 0x7F {
                        out.append(0x20)
                    } else {
                        if isMetacharacter[Int(byte)] { out.append(UInt8(ascii: "\\")) }
                        out.append(byte)
                    }
                    index += 1
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                    out.append(0x20)
                    index += 2
                } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                    bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                {
                    out.append(0x20)
                    index += 3
                } else {
                    out.append(byte)
                    index += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `text` scalar by scalar: the reference the tests hold the byte loop to.
    static func textScalarByScalar(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in oneLine(text).unicodeScalars {
            if metacharacters.contains(scalar) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }

    /// `text` as an inline code span on one line: the fence is longer than any run of backticks inside, and in a
    /// GFM table cell (`inTable`) a `|` is escaped, which GFM removes again inside code.
    public static func code(_ text: String, inTable: Bool = false) -> String {
        var body = oneLine(text)
        if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + pad + body + pad + fence
    }

    /// Line breaks (CR, LF, NEL, U+2028, U+2029) and other control characters become one space each.
    static func oneLine(_ text: String) -> String {
        if text.utf8.allSatisfy({ 0x20...0x7E ~= $0 || $0 == 0x09 }) { return text }
        return oneLineScalarByScalar(text)
    }

    static func oneLineScalarByScalar(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    switch scalar.value {
                    case 0x09: scalar
                    case 0x00...0x1F, 0x7F, 0x85, 0x2028, 0x2029: " "
                    default: scalar
                    }
                }))
    }
}
