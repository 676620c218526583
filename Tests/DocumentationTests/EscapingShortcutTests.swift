import Testing

@testable import Documentation

/// The HTML and Mermaid escapers give plain ASCII back as it is; the shortcut must agree with the scalar-by-scalar
/// escape on every ASCII byte in every position and on random strings.
@Suite struct EscapingShortcutTests {
    static func samples() -> [String] {
        var samples: [String] = (0...0x7F).flatMap { value -> [String] in
            let character = String(UnicodeScalar(UInt8(value)))
            return [character, "a\(character)b", "dir01.sip0.\(character)"]
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = (0...0x7F).map { UnicodeScalar(UInt8($0)) } + ["ü", "\u{85}", "\u{202E}", "東"]
        for _ in 0..<2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text.append(alphabet.randomElement(using: &generator)!)
            }
            samples.append(String(text))
        }
        return samples
    }

    @Test func htmlEscapesAsWithoutTheShortcut() {
        for sample in Self.samples() {
            #expect(HTML.text(sample) == HTML.escapeScalarByScalar(sample, quotes: false), "\(sample.debugDescription)")
            #expect(
                HTML.attribute(sample) == HTML.escapeScalarByScalar(sample, quotes: true), "\(sample.debugDescription)")
        }
    }

    @Test func mermaidEscapesAsWithoutTheShortcut() {
        for sample in Self.samples() {
            #expect(Mermaid.label(sample) == Mermaid.labelScalarByScalar(sample), "\(sample.debugDescription)")
        }
    }
}
