import Testing

@testable import Artifacts

/// certificates.csv is opened in spreadsheets: no cell may start a formula, and every cell reads back as written.
@Suite struct CSVFieldTests {
    /// RFC 4180 reader for one record, enough to check what `CSVField.escape` writes.
    static func parse(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = Array(line)[...]
        var atStart = true
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        characters.removeFirst()
                        current.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"", atStart {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
                atStart = true
                continue
            } else {
                current.append(character)
            }
            atStart = false
        }
        fields.append(current)
        return fields
    }

    static let hostile = [
        "=1+2", "+1", "-1", "@SUM(A1:A9)", "\t=1", "\r=1", "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")",
        "a,b", "say \"hi\"", "line\nbreak", "crlf\r\n", "", "plain", "＝1+2", "'already", " =1", "Zürich",
    ]

    @Test(arguments: hostile)
    func everyFieldReadsBackAndStartsNoFormula(text: String) {
        let escaped = CSVField.escape(text)
        let fields = Self.parse(escaped + "," + CSVField.escape("next"))
        #expect(fields.count == 2, "'\(escaped)' split into \(fields.count) fields")
        let cell = fields[0]
        if let first = text.unicodeScalars.first, CSVField.formulaStarts.contains(first) {
            #expect(cell == "'" + text)
        } else {
            #expect(cell == text)
        }
        #expect(!(cell.unicodeScalars.first.map(CSVField.formulaStarts.contains) ?? false))
    }

    @Test func quotingFollowsRFC4180() {
        #expect(CSVField.escape("a,b") == "\"a,b\"")
        #expect(CSVField.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVField.escape("=1+2") == "'=1+2")
        #expect(CSVField.escape("\r=1") == "\"'\r=1\"")
        #expect(CSVField.escape("plain") == "plain")
    }
}
