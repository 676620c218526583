import SiteModel

/// One `# expect:` line of a case file in `Tests/EndToEndTests/Cases`:
///
///     # expect: error unknown-key at 12:5 help "did you mean 'client'?"
///     # expect: warning malformed-record at zones/broken.zone:9:24
///
/// The list is exhaustive: a case must produce exactly the diagnostics its lines name. A line that starts like an
/// expectation but does not parse is an error, never skipped, so a typo cannot silently weaken a case.
public struct CaseExpectation: Hashable, CustomStringConvertible, Sendable {
    public var severity: Severity
    public var id: DiagnosticID
    /// A file relative to the case file's folder; nil for the case file itself.
    public var file: String?
    public var line: Int
    public var column: Int
    public var help: String?

    public init(
        severity: Severity, id: DiagnosticID, file: String? = nil, line: Int, column: Int, help: String? = nil
    ) {
        self.severity = severity
        self.id = id
        self.file = file
        self.line = line
        self.column = column
        self.help = help
    }

    public var description: String {
        "\(severity.rawValue) \(id) at \(file.map { "\($0):" } ?? "")\(line):\(column)"
    }

    public struct Malformed: Error, CustomStringConvertible, Equatable {
        public var lineNumber: Int
        public var text: String
        public var problem: String
        public var description: String { "line \(lineNumber): malformed expectation '\(text)': \(problem)" }
    }

    /// Every expectation of a case file, or the first malformed one. A comment line whose first word is `expect`
    /// (with or without the colon, any case) is an expectation.
    public static func parse(_ text: String) throws(Malformed) -> [CaseExpectation] {
        var out: [CaseExpectation] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("#") else { continue }
            let comment = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard comment.lowercased().hasPrefix("expect") else { continue }
            out.append(try parseLine(String(line), number: index + 1))
        }
        return out
    }

    static func parseLine(_ line: String, number: Int) throws(Malformed) -> CaseExpectation {
        func fail(_ problem: String) -> Malformed { Malformed(lineNumber: number, text: line, problem: problem) }
        guard line.hasPrefix("# expect: ") else { throw fail("write '# expect: ' at the start of the line") }
        let body = line.dropFirst("# expect: ".count)
        var help: String?
        var head = body
        if let range = body.range(of: " help \"") {
            guard body.hasSuffix("\""), body.index(before: body.endIndex) >= range.upperBound else {
                throw fail("the help text must be quoted to the end of the line")
            }
            help = String(body[range.upperBound..<body.index(before: body.endIndex)])
            head = body[..<range.lowerBound]
        }
        let words = head.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 4, words[2] == "at" else {
            throw fail("expected 'SEVERITY ID at [FILE:]LINE:COLUMN' and an optional 'help \"TEXT\"'")
        }
        guard let severity = Severity(rawValue: String(words[0])) else {
            throw fail("unknown severity '\(words[0])' (error, warning or note)")
        }
        let id = DiagnosticID(rawValue: String(words[1]))
        guard DiagnosticCatalog.entry(id) != nil else { throw fail("'\(id)' is not in the diagnostics catalog") }
        let position = words[3].split(separator: ":", omittingEmptySubsequences: false)
        guard position.count >= 2, let lineNumber = Int(position[position.count - 2]),
            let column = Int(position[position.count - 1]), lineNumber >= 1, column >= 1
        else { throw fail("the position must end in LINE:COLUMN, both from 1") }
        let file = position.count > 2 ? position.dropLast(2).joined(separator: ":") : nil
        if file?.isEmpty == true { throw fail("empty file name before LINE:COLUMN") }
        return CaseExpectation(
            severity: severity, id: id, file: file, line: lineNumber, column: column, help: help)
    }
}
