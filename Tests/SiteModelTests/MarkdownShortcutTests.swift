import Testing

@testable import SiteModel

/// `Markdown.text` and `oneLine` give plain ASCII back as it is; the shortcut must agree with the scalar-by-scalar
/// escape for every string, so both are compared on every ASCII byte in every position and on random strings.
@Suite struct MarkdownShortcutTests {
    static let asciiSamples: [String] = (0...0x7F).flatMap { value -> [String] in
        let character = String(UnicodeScalar(UInt8(value)))
        return [character, "a\(character)b", "pool01.\(character)"]
    }

    @Test func everyASCIICharacterEscapesAsWithoutTheShortcut() {
        for sample in Self.asciiSamples {
            #expect(Markdown.text(sample) == Markdown.textScalarByScalar(sample), "\(sample.debugDescription)")
            #expect(Markdown.oneLine(sample) == Markdown.oneLineScalarByScalar(sample), "\(sample.debugDescription)")
        }
    }

    @Test func randomStringsEscapeAsWithoutTheShortcut() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] =
            (0...0x7F).map { UnicodeScalar(UInt8($0)) } + [
                "ü", "\u{85}", "\u{86}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "東",
            ]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement(using: &generator)!) }
            let sample = String(text)
            #expect(Markdown.text(sample) == Markdown.textScalarByScalar(sample), "\(sample.debugDescription)")
            #expect(Markdown.oneLine(sample) == Markdown.oneLineScalarByScalar(sample), "\(sample.debugDescription)")
        }
    }
}
