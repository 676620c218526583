import Testing

@testable import SiteModel

/// Input files are UTF-8; everything else gets a located finding that says what the file is and how to fix it.
@Suite struct SourceTextTests {
    func failure(_ bytes: [UInt8]) -> Diagnostic? {
        do {
            _ = try SourceText.decode(bytes, file: "s.yaml")
            return nil
        } catch {
            return error.diagnostic
        }
    }

    static let utf16LE: [UInt8] = Array("version: 1\nsite: S\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    static let utf16BE: [UInt8] = Array("version: 1\nsite: S\n".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }

    @Test(arguments: [
        ([0xFF, 0xFE] + utf16LE, "UTF-16 (little-endian, with a byte-order mark)"),
        ([0xFE, 0xFF] + utf16BE, "UTF-16 (big-endian, with a byte-order mark)"),
        (utf16LE, "UTF-16 (little-endian)"),
        (utf16BE, "UTF-16 (big-endian)"),
    ])
    func utf16IsNamedWithTheFix(bytes: [UInt8], encoding: String) throws {
        let diagnostic = try #require(failure(bytes))
        #expect(diagnostic.id == "text-encoding")
        #expect(diagnostic.message == "'s.yaml' is \(encoding) text, not UTF-8")
        #expect(diagnostic.span?.description == "s.yaml:1:1")
        #expect(diagnostic.help?.contains("save it as UTF-8") == true)
    }

    @Test func invalidUTF8IsLocatedAtTheFirstBadByte() throws {
        // "Zürich" in Windows-1252 on line 2, after a UTF-8 "é" on line 1.
        let bytes = Array("site: é\nname: Z".utf8) + [0xFC] + Array("rich\n".utf8)
        let diagnostic = try #require(failure(bytes))
        #expect(diagnostic.id == "text-encoding")
        #expect(diagnostic.span?.description == "s.yaml:2:8")
        #expect(diagnostic.message.contains("0xFC"))
    }

    @Test func aNULByteIsLocated() throws {
        let diagnostic = try #require(failure(Array("version: 1\nsite: S\u{0}x\n".utf8)))
        #expect(diagnostic.id == "nul-byte")
        #expect(diagnostic.span?.description == "s.yaml:2:8")
    }

    @Test func utf8WithOrWithoutAByteOrderMarkDecodes() throws {
        #expect(try SourceText.decode([0xEF, 0xBB, 0xBF] + Array("site: Zürich".utf8), file: "s") == "site: Zürich")
        #expect(try SourceText.decode(Array("site: Zürich".utf8), file: "s") == "site: Zürich")
        #expect(try SourceText.decode([], file: "s") == "")
    }

    @Test func overlongAndSurrogateEncodingsAreNotUTF8() {
        #expect(SourceText.firstInvalidUTF8([0x41, 0xC0, 0x80][...]) == 1)
        #expect(SourceText.firstInvalidUTF8([0xED, 0xA0, 0x80][...]) == 0)
        #expect(SourceText.firstInvalidUTF8([0xF4, 0x90, 0x80, 0x80][...]) == 0)
        #expect(SourceText.firstInvalidUTF8([0xE2, 0x82][...]) == 0)
        #expect(SourceText.firstInvalidUTF8(Array("ok ✓ 𝄞".utf8)[...]) == nil)
    }

    @Test func aControlCharacterLibyamlRefusesIsLocated() {
        let (_, diagnostics) = SiteLoader.load(yaml: "version: 1\nsite: a\u{7}b\n", file: "s.yaml")
        #expect(diagnostics.map { "\($0.id) \($0.span?.description ?? "-")" } == ["yaml-syntax s.yaml:2:8"])
    }
}
