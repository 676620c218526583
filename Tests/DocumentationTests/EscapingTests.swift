import Documentation
import Testing

/// The escaping functions of the documentation, one per target, with hostile strings: what comes out can never end
/// the text, attribute or label it is written into, and reads back as what went in.
@Suite struct EscapingTests {
    static let hostile: [String] = [
        "<script>alert('x')</script>", "\"><svg onload=alert(1)>", "' onmouseover='alert(1)", "a & b &amp; &#60;",
        "]]> <![CDATA[ x ]]> <!-- c -->", "tab\there\nnew line\r\n", "nul \u{0} bell \u{7} del \u{7F} c1 \u{85}",
        "Zürich 東京 😀 \u{202E}gnp.exe", "n1[\"x\"] --> n2 %% comment", "#35; #quot; &quot;", "``` fence `code`",
        "a|b *c* _d_ [l](javascript:alert(3))", "\u{FFFE}\u{FFFF}", "",
    ]

    /// Reads HTML character references back (the five `HTML` writes); U+FFFD stands for what XML forbids.
    static func unescapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// What XML 1.0 keeps of a string: the escapers replace the rest with U+FFFD.
    static func xmlSafe(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    switch scalar.value {
                    case 0x09, 0x0A, 0x0D: scalar
                    case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: "\u{FFFD}"
                    default: scalar
                    }
                }))
    }

    /// Every `&` starts one of the references the escapers write.
    static func ampersandsAreReferences(_ text: String) -> Bool {
        var rest = Substring(text)
        while let index = rest.firstIndex(of: "&") {
            let tail = rest[index...]
            guard ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(where: { tail.hasPrefix($0) }) else {
                return false
            }
            rest = rest[rest.index(after: index)...]
        }
        return true
    }

    @Test(arguments: hostile)
    func htmlTextCannotOpenATag(_ value: String) {
        let escaped = HTML.text(value)
        #expect(!escaped.contains("<") && !escaped.contains(">"))
        #expect(Self.ampersandsAreReferences(escaped))
        #expect(Self.unescapeHTML(escaped) == Self.xmlSafe(value))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value) })
    }

    @Test(arguments: hostile)
    func htmlAttributeCannotEndItsQuotes(_ value: String) {
        let escaped = HTML.attribute(value)
        #expect(!escaped.contains("\"") && !escaped.contains("'") && !escaped.contains("<") && !escaped.contains(">"))
        #expect(Self.ampersandsAreReferences(escaped))
        #expect(Self.unescapeHTML(escaped) == Self.xmlSafe(value))
    }

    @Test func htmlKnownValues() {
        #expect(HTML.text("<b>\"x\" & 'y'</b>") == "&lt;b&gt;\"x\" &amp; 'y'&lt;/b&gt;")
        #expect(HTML.attribute("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
        #expect(HTML.text("a\u{0}b") == "a\u{FFFD}b")
        #expect(HTML.text("Zürich") == "Zürich")
    }

    /// Reads Mermaid entity codes (`#35;`) back.
    static func unescapeMermaid(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let hash = rest.firstIndex(of: "#") {
            out += rest[..<hash]
            let after = rest[rest.index(after: hash)...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, after.dropFirst(digits.count).first == ";",
                let scalar = UInt32(digits).flatMap(Unicode.Scalar.init)
            else { return out + "<malformed>" }
            out.unicodeScalars.append(scalar)
            rest = after.dropFirst(digits.count + 1)
        }
        return out + rest
    }

    @Test(arguments: hostile)
    func mermaidLabelCannotEndItsQuotes(_ value: String) {
        let label = Mermaid.label(value)
        for forbidden in ["\"", "`", "<", ">", "[", "]", "{", "}", "|", "%", "\n", "\r", "&", "'", "\\"] {
            #expect(!label.contains(forbidden), "'\(forbidden)' in \(label)")
        }
        #expect(!label.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) })
        let lineBreaksAsSpaces = String(
            String.UnicodeScalarView(
                value.unicodeScalars.map {
                    $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029
                        ? " " : $0
                }))
        #expect(Self.unescapeMermaid(label) == lineBreaksAsSpaces)
    }

    @Test func mermaidKnownValues() {
        #expect(Mermaid.label("pool01.contoso.com:5061") == "pool01.contoso.com:5061")
        #expect(Mermaid.label("a \"b\" #c") == "a #34;b#34; #35;c")
        #expect(Mermaid.label("x\ny") == "x y")
    }
}
