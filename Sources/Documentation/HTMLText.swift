/// The one escaping function per target for what sipgpo writes into HTML and inline SVG (`docs/index.html`): any
/// value from the site description goes through `text` (element content, SVG `<text>`) or `attribute` (a value
/// between double quotes). Templates print these values as they are (`{{% CONTENT_TYPE: TEXT}}`).
///
/// Both replace what XML 1.0 forbids (C0 controls other than tab, line feed and carriage return, and the
/// non-characters U+FFFE and U+FFFF) with U+FFFD, so the inline SVG stays well-formed XML for `xmllint`, and the HTML
/// parser never sees a control character.
public enum HTML {
    /// `text` as element content: `&`, `<` and `>` as character references.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// `text` as an attribute value inside double quotes; single quotes are escaped too, so a template may use
    /// either quote.
    public static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        // Plain ASCII without markup characters (most names) is its own escape: no new string.
        let plain = text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): false
            case UInt8(ascii: "\""), UInt8(ascii: "'"): !quotes
            case 0x20...0x7E, 0x09, 0x0A, 0x0D: true
            default: false
            }
        }
        if plain { return text }
        return escapeScalarByScalar(text, quotes: quotes)
    }

    /// The escape without the shortcut for plain ASCII; the tests hold the two together.
    static func escapeScalarByScalar(_ text: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default:
                switch scalar.value {
                case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(scalar)
                case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: out += "\u{FFFD}"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// The one escaping function for labels of Mermaid flowcharts (`docs/site.md`): a label is written between double
/// quotes (`n1["…"]`), and everything but letters, digits, spaces and `.,:_-/()+=@` becomes a Mermaid entity code
/// (`#35;` for `#`), which Mermaid turns back into the character when it draws the label. So no value can end the
/// quotes, start a comment, a link, a Markdown string or HTML, or end the fenced block; line breaks become spaces.
public enum Mermaid {
    static let plain: Set<Unicode.Scalar> = [" ", ".", ",", ":", "_", "-", "/", "(", ")", "+", "=", "@"]

    public static func label(_ text: String) -> String {
        let plainBytes = text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default: byte < 0x80 && plain.contains(Unicode.Scalar(byte))
            }
        }
        if plainBytes { return text }
        return labelScalarByScalar(text)
    }

    static func labelScalarByScalar(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
                || scalar.value == 0x2029
            {
                out += " "
            } else if plain.contains(scalar)
                || (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
                    && !(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "#\(scalar.value);"
            }
        }
        return out
    }
}
