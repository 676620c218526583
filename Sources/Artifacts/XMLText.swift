/// The one place XML text is escaped for every XML artifact.
///
/// XML 1.0 cannot carry C0 control characters other than tab, LF and CR, nor U+FFFE/U+FFFF, not even as character
/// references; they become U+FFFD so the output always parses. C1 controls are legal but invisible and become
/// character references.
enum XMLText {
    /// An attribute value between double quotes. Tab, LF and CR are references, since a parser would otherwise
    /// turn them into spaces.
    static func attribute(_ value: String) -> String { escape(value, inAttribute: true) }

    /// Character data between tags. CR is a reference, since a parser would otherwise turn CRLF into LF.
    static func text(_ value: String) -> String { escape(value, inAttribute: false) }

    /// A CDATA section; a `]]>` inside the value is split across two sections so it cannot end the first early.
    static func cdata(_ value: String) -> String {
        var legal = ""
        legal.unicodeScalars.append(contentsOf: value.unicodeScalars.map { isLegal($0) ? $0 : "\u{FFFD}" })
        return "<![CDATA[" + legal.replacing("]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    /// `<name>` with CDATA content, or `<name/>` when the value is empty (as GPMC writes empty fields).
    static func cdataElement(_ name: String, _ value: String) -> String {
        value.isEmpty ? "<\(name)/>" : "<\(name)>\(cdata(value))</\(name)>"
    }

    /// `<name a="v" …` without the closing `>` or `/>`, attributes in the order given.
    static func openTag(_ name: String, _ attributes: [(String, String)]) -> String {
        "<" + name + attributes.map { " \($0.0)=\"\(attribute($0.1))\"" }.joined()
    }

    static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\t" where inAttribute: out += "&#x9;"
            case "\n" where inAttribute: out += "&#xA;"
            case "\r": out += "&#xD;"
            case _ where !isLegal(scalar): out.unicodeScalars.append("\u{FFFD}")
            case "\u{7F}"..."\u{9F}": out += "&#x\(String(scalar.value, radix: 16, uppercase: true));"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
