import Testing

@testable import SiteModel

/// Names from the site description go into Markdown files: they must stay text on one line, in their cell.
@Suite struct MarkdownEscapingTests {
    static let hostile = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a\n# Injected heading", "a\r\n- item",
        "cell | split", "*bold* _it_ ~~del~~", "[link](http://evil)", "![img](http://evil)", "back\\slash",
        "`code`", "&lt;entity&gt;", "line\u{2028}sep", "nul\u{0}byte", "tab\there", "Zürich",
    ]

    @Test(arguments: hostile)
    func textStaysOneLineOfLiteralText(text: String) {
        let escaped = Markdown.text(text)
        #expect(!escaped.contains("\n") && !escaped.contains("\r") && !escaped.contains("\u{2028}"))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" })
        // Every Markdown or HTML metacharacter is preceded by a backslash.
        let scalars = Array(escaped.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where Markdown.metacharacters.contains(scalar) {
            var backslashes = 0
            var before = index - 1
            while before >= 0, scalars[before] == "\\" {
                backslashes += 1
                before -= 1
            }
            if scalar == "\\" {
                continue
            }
            #expect(backslashes % 2 == 1, "'\(scalar)' unescaped in '\(escaped)'")
        }
        #expect(Self.unescape(escaped) == Markdown.oneLine(text))
    }

    static let asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

    /// What a CommonMark reader does with backslash escapes.
    static func unescape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if !escaping, scalar == "\\" {
                escaping = true
                continue
            }
            if escaping, !Self.asciiPunctuation.unicodeScalars.contains(scalar) { out.append("\\") }
            escaping = false
            out.append(scalar)
        }
        return String(out)
    }

    @Test func examples() {
        #expect(Markdown.text("<b>hi</b> | x") == "\\<b\\>hi\\</b\\> \\| x")
        #expect(Markdown.text("a\nb") == "a b")
        #expect(Markdown.text("Zürich (HQ)") == "Zürich (HQ)")
        #expect(Markdown.code("sip.contoso.com") == "`sip.contoso.com`")
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Markdown.code("`x") == "`` `x ``")
        #expect(Markdown.code("a|b\nc", inTable: true) == "`a\\|b c`")
    }
}
