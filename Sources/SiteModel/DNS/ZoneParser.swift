/// Reads RFC 1035 master files (BIND zone files) into the records sign-in discovery uses.
///
/// Two passes: a lexer turns the text into entries (one record or directive each, parentheses joined, comments
/// dropped, every token with its span), then a reader interprets each entry. Both report every problem and carry
/// on with the next entry.
public enum ZoneParser {
    /// Parses RFC 1035 master-file text. `file` names the file in spans. `start` is where `text` begins in that
    /// file (line 1 col 1 for a whole zone file; for one record written inline inside a YAML file, the YAML
    /// scalar's position, so that columns point into the YAML file). `origin` is the default $ORIGIN
    /// (the SIP domain). `defaultTTL` is used when no TTL and no $TTL is given (3600).
    public static func parse(
        _ text: String, file: String, start: SourceLocation = .init(line: 1, column: 1),
        origin: DNSName?, defaultTTL: Int = 3600
    ) -> (records: [ResourceRecord], diagnostics: [Diagnostic]) {
        var lexer = Lexer(text: text, file: file, start: start)
        let entries = lexer.entries()
        var reader = Reader(origin: origin, ttl: defaultTTL)
        for entry in entries { reader.read(entry) }
        // The two passes report separately; merge them into source order.
        return (reader.records, capped(Diagnostics(lexer.diagnostics + reader.diagnostics).sorted, file: file))
    }

    /// Errors reported per zone text. Past them, the file is most likely not a zone file at all (a README, the site
    /// description itself) and echoing every line of it helps nobody.
    static let errorLimit = 20

    /// The diagnostics up to the `errorLimit`-th error, then one error counting the lines left out.
    static func capped(_ diagnostics: [Diagnostic], file: String) -> [Diagnostic] {
        var errors = 0
        guard
            let cut = diagnostics.firstIndex(where: { diagnostic in
                if diagnostic.severity == .error { errors += 1 }
                return errors > errorLimit
            })
        else { return diagnostics }
        let rest = diagnostics[cut...]
        let lines = Set(rest.compactMap { $0.span?.start.line }).count
        return Array(diagnostics[..<cut]) + [
            .error(
                .tooManyZoneErrors,
                "\(lines) more lines of '\(file)' are not zone records (only its first \(errorLimit) errors are shown)",
                at: rest.first?.span,
                help: "check that the path names a zone file (RFC 1035 master-file format, as BIND and "
                    + "'dnscmd /zoneexport' write it); fix the errors shown and run again to see the rest")
        ]
    }

    /// Types that are legitimate in a zone but play no part in sign-in: read as tokens and skipped.
    static let skippedTypes: Set<String> = ["SOA", "NS", "MX", "TXT", "PTR", "CAA", "SPF", "NAPTR"]
}

// MARK: - Lexer

extension ZoneParser {
    /// One field as written. Quoted strings keep their quotes, so they never pass as a name or an address.
    fileprivate struct Token {
        var text: String
        var span: SourceSpan
    }

    /// One record or directive: a line, or several joined by parentheses.
    fileprivate struct Entry {
        var tokens: [Token] = []
        /// A line starting with a blank repeats the previous owner.
        var startsWithBlank = false
        /// A syntax error was reported inside; reading the entry would only repeat it.
        var isBroken = false

        var span: SourceSpan {
            SourceSpan(file: tokens[0].span.file, start: tokens[0].span.start, end: tokens[tokens.count - 1].span.end)
        }
    }

    fileprivate struct Lexer {
        private let scalars: [Unicode.Scalar]
        private let file: String
        private var index = 0
        private var location: SourceLocation
        private(set) var diagnostics: [Diagnostic] = []

        init(text: String, file: String, start: SourceLocation) {
            scalars = Array(text.unicodeScalars)
            self.file = file
            location = start
        }

        mutating func entries() -> [Entry] {
            var entries: [Entry] = []
            var entry = Entry()
            var openParentheses: [SourceSpan] = []
            var atLineStart = true
            while index < scalars.count {
                let scalar = scalars[index]
                if atLineStart && openParentheses.isEmpty { entry.startsWithBlank = scalar == " " || scalar == "\t" }
                atLineStart = scalar == "\n"
                switch scalar {
                case "\n":
                    advance()
                    if openParentheses.isEmpty { finish(&entry, into: &entries) }
                case " ", "\t", "\r":
                    advance()
                case ";":
                    while index < scalars.count && scalars[index] != "\n" { advance() }
                case "(":
                    openParentheses.append(span(from: location, length: 1))
                    advance()
                case ")":
                    if openParentheses.popLast() == nil {
                        diagnostics.append(.unbalancedClosingParenthesis(at: span(from: location, length: 1)))
                        entry.isBroken = true
                    }
                    advance()
                case "\"":
                    let token = quoted(&entry)
                    entry.tokens.append(token)
                default:
                    entry.tokens.append(word())
                }
            }
            // Everything after an unclosed '(' joined this entry; one error for it is enough.
            if let open = openParentheses.first {
                diagnostics.append(.unclosedParenthesis(at: open))
                entry.isBroken = true
            }
            finish(&entry, into: &entries)
            return entries
        }

        private func finish(_ entry: inout Entry, into entries: inout [Entry]) {
            if !entry.tokens.isEmpty { entries.append(entry) }
            entry = Entry()
        }

        /// A string in double quotes, which may hold blanks and semicolons; it must close on its line.
        private mutating func quoted(_ entry: inout Entry) -> Token {
            let start = location
            var text = String(scalars[index])
            advance()
            while index < scalars.count && scalars[index] != "\n" {
                let scalar = scalars[index]
                text.unicodeScalars.append(scalar)
                advance()
                if scalar == "\"" { return Token(text: text, span: span(from: start)) }
                if scalar == "\\" && index < scalars.count && scalars[index] != "\n" {
                    text.unicodeScalars.append(scalars[index])
                    advance()
                }
            }
            diagnostics.append(.unterminatedQuote(at: span(from: start)))
            entry.isBroken = true
            return Token(text: text, span: span(from: start))
        }

        /// A run of characters up to a blank, a comment, a parenthesis or a quote; a backslash escapes one.
        private mutating func word() -> Token {
            let start = location
            var text = ""
            while index < scalars.count && !" \t\r\n;()\"".unicodeScalars.contains(scalars[index]) {
                let scalar = scalars[index]
                text.unicodeScalars.append(scalar)
                advance()
                if scalar == "\\" && index < scalars.count && scalars[index] != "\n" {
                    text.unicodeScalars.append(scalars[index])
                    advance()
                }
            }
            return Token(text: text, span: span(from: start))
        }

        private mutating func advance() {
            if scalars[index] == "\n" {
                location = SourceLocation(line: location.line + 1, column: 1)
            } else {
                location.column += 1
            }
            index += 1
        }

        private func span(from start: SourceLocation, length: Int? = nil) -> SourceSpan {
            let end = length.map { SourceLocation(line: start.line, column: start.column + $0) } ?? location
            return SourceSpan(file: file, start: start, end: end)
        }
    }
}

// MARK: - Reader

extension ZoneParser {
    fileprivate struct Reader {
        /// What a line starting with a blank refers to.
        private enum PreviousOwner {
            case none
            /// The previous owner was malformed and reported; records under it are checked but not kept.
            case malformed
            case name(DNSName)
        }

        var origin: DNSName?
        /// `$TTL`, or the caller's default.
        var ttl: Int
        private var previousOwner = PreviousOwner.none
        private(set) var records: [ResourceRecord] = []
        private(set) var diagnostics: [Diagnostic] = []

        init(origin: DNSName?, ttl: Int) {
            self.origin = origin
            self.ttl = ttl
        }

        mutating func read(_ entry: Entry) {
            if entry.isBroken {
                // Its owner was not read, so lines that repeat it cannot be kept either.
                if !entry.startsWithBlank { previousOwner = .malformed }
            } else if entry.tokens[0].text.hasPrefix("$") {
                readDirective(entry.tokens)
            } else {
                readRecord(entry)
            }
        }

        private mutating func readDirective(_ tokens: [Token]) {
            let directive = tokens[0]
            switch directive.text.uppercased() {
            case "$ORIGIN":
                guard tokens.count == 2 else { return report(.directiveArity(tokens, expected: "one name")) }
                switch DNSName.parse(tokens[1].text, origin: origin) {
                case .success(let name): origin = name
                case .failure(let error): report(.malformedName(tokens[1], error))
                }
            case "$TTL":
                guard tokens.count == 2 else { return report(.directiveArity(tokens, expected: "one TTL")) }
                guard let value = parseTTL(tokens[1].text) else {
                    return report(.malformedTTL(tokens[1], id: .zoneSyntax))
                }
                ttl = value
            case "$INCLUDE":
                report(.includeDirective(directive))
            default:
                report(.unknownDirective(directive))
            }
        }

        private mutating func readRecord(_ entry: Entry) {
            var tokens = entry.tokens[...]

            // The owner is checked on its own: a bad owner does not hide problems in the rest of the record.
            var owner: DNSName?
            if !entry.startsWithBlank {
                let token = tokens.removeFirst()
                switch DNSName.parseOwner(token.text, origin: origin) {
                case .success(let name):
                    owner = name
                    previousOwner = .name(name)
                case .failure(let error):
                    report(.malformedName(token, error))
                    previousOwner = .malformed
                }
            } else if case .name(let name) = previousOwner {
                owner = name
            } else if case .none = previousOwner {
                report(.missingOwner(tokens[tokens.startIndex]))
                previousOwner = .malformed
            }

            // TTL and class are optional and may come in either order.
            var recordTTL: Int?
            var hasClass = false
            while let token = tokens.first, recordType(token.text) == nil {
                // A number is a TTL; with a dot or a colon it is an address written without a type.
                if recordTTL == nil, token.text.startsWithDigit, !token.text.contains("."), !token.text.contains(":") {
                    guard let value = parseTTL(token.text) else {
                        return report(.malformedTTL(token, id: .malformedRecord))
                    }
                    recordTTL = value
                } else if !hasClass, Self.classes.contains(token.text.uppercased()) {
                    guard token.text.uppercased() == "IN" else { return report(.unsupportedClass(token)) }
                    hasClass = true
                } else if !hasClass, tokens.count > 1, recordType(tokens[tokens.startIndex + 1].text) != nil {
                    // A word followed by a type stands where the class goes.
                    return report(.unknownClass(token))
                } else {
                    break
                }
                tokens.removeFirst()
            }

            guard let typeToken = tokens.first else {
                return report(.missingType(after: entry.tokens[entry.tokens.count - 1]))
            }
            switch recordType(typeToken.text) {
            case .skipped?:
                return
            case .kept(let type)?:
                let fields = Array(tokens.dropFirst())
                guard let data = readData(type, typeToken: typeToken, fields: fields), let owner else { return }
                records.append(ResourceRecord(name: owner, ttl: recordTTL ?? ttl, data: data, span: entry.span))
            case nil:
                let text = typeToken.text
                let looksLikeData = text.startsWithDigit || text.contains(".") || text.contains(":")
                report(looksLikeData ? .missingType(before: typeToken) : .unknownRecordType(typeToken))
            }
        }

        /// Validates the fields after the type; nil once a problem is reported.
        private mutating func readData(_ type: RecordType, typeToken: Token, fields: [Token]) -> RecordData? {
            let expected = type == .srv ? 4 : 1
            guard fields.count == expected else {
                // Point at the first extra field, or at the last field written when some are missing.
                let token = fields.count > expected ? fields[expected] : fields.last ?? typeToken
                report(.fieldCount(type, expected: expected, found: fields.count, at: token))
                return nil
            }
            switch type {
            case .a:
                guard let address = IPv4Address(fields[0].text) else { return reportNil(.malformedIPv4(fields[0])) }
                return .a(address)
            case .aaaa:
                guard let address = IPv6Address(fields[0].text) else { return reportNil(.malformedIPv6(fields[0])) }
                return .aaaa(address)
            case .cname:
                guard let target = name(fields[0]) else { return nil }
                return .cname(target)
            case .srv:
                var numbers: [Int] = []
                for (field, token) in zip(["priority", "weight", "port"], fields) {
                    guard token.text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                        let number = Int(token.text), number <= 65535
                    else { return reportNil(.malformedSRVNumber(field, token)) }
                    numbers.append(number)
                }
                guard let target = name(fields[3]) else { return nil }
                // RFC 2782 allows 0 in the field, but TCP port 0 is reserved and nothing can connect to it; only
                // the target "." ("decidedly not available") goes with it.
                if numbers[2] == 0, target != .root { return reportNil(.srvPortZero(fields[2], target: target)) }
                return .srv(priority: numbers[0], weight: numbers[1], port: numbers[2], target: target)
            }
        }

        private mutating func name(_ token: Token) -> DNSName? {
            switch DNSName.parse(token.text, origin: origin) {
            case .success(let name): return name
            case .failure(let error): return reportNil(.malformedName(token, error))
            }
        }

        private static let classes: Set<String> = ["IN", "CH", "HS", "CS"]

        private enum TypeKind {
            case kept(RecordType)
            case skipped
        }

        private func recordType(_ text: String) -> TypeKind? {
            let upper = text.uppercased()
            if let type = RecordType(rawValue: upper) { return .kept(type) }
            return ZoneParser.skippedTypes.contains(upper) ? .skipped : nil
        }

        private mutating func report(_ diagnostic: Diagnostic) {
            diagnostics.append(diagnostic)
        }

        private mutating func reportNil<T>(_ diagnostic: Diagnostic) -> T? {
            diagnostics.append(diagnostic)
            return nil
        }
    }
}

// MARK: - TTL

extension ZoneParser {
    /// The largest TTL (RFC 2181): values above it are treated as zero by resolvers, so they are refused here.
    static let maxTTL = 2_147_483_647

    /// Seconds ("3600") or BIND units ("1h", "1h30m", "1d", "1w"), case-insensitive; nil if malformed.
    static func parseTTL(_ text: String) -> Int? {
        let units: [Unicode.Scalar: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        var total = 0
        var number: Int?
        for scalar in text.lowercased().unicodeScalars {
            if ("0"..."9").contains(scalar) {
                let value = (number ?? 0) * 10 + Int(scalar.value - 48)
                guard value <= maxTTL else { return nil }
                number = value
            } else {
                guard let value = number, let unit = units[scalar] else { return nil }
                total += value * unit
                number = nil
            }
            guard total <= maxTTL else { return nil }
        }
        guard !text.isEmpty, total + (number ?? 0) <= maxTTL else { return nil }
        return total + (number ?? 0)
    }
}

// MARK: - Diagnostics

extension Diagnostic {
    fileprivate static func unbalancedClosingParenthesis(at span: SourceSpan) -> Diagnostic {
        .error(.zoneSyntax, "unbalanced ')' without a matching '('", at: span, help: "remove the ')' or add the '('")
    }

    fileprivate static func unclosedParenthesis(at span: SourceSpan) -> Diagnostic {
        .error(
            .zoneSyntax, "unbalanced '(' is never closed", at: span,
            help: "close the record with ')'; everything after the '(' was read as part of this record")
    }

    fileprivate static func unterminatedQuote(at span: SourceSpan) -> Diagnostic {
        .error(
            .zoneSyntax, "unterminated quoted string", at: span, help: "close the string with '\"' on the same line")
    }

    fileprivate static func directiveArity(_ tokens: [ZoneParser.Token], expected: String) -> Diagnostic {
        .error(
            .zoneSyntax, "directive '\(tokens[0].text)' takes \(expected), found \(tokens.count - 1) fields",
            at: tokens[0].span, help: "write '$ORIGIN contoso.com.' or '$TTL 1h'")
    }

    fileprivate static func unknownDirective(_ token: ZoneParser.Token) -> Diagnostic {
        let suggestion = Suggestion.closest(to: token.text, in: ["$ORIGIN", "$TTL"])
        return .error(
            .zoneSyntax, "unknown directive '\(token.text)'", at: token.span,
            help: suggestion.map { "did you mean '\($0)'?" } ?? "the directives are $ORIGIN and $TTL")
    }

    fileprivate static func includeDirective(_ token: ZoneParser.Token) -> Diagnostic {
        .error(
            .unsupportedDirective, "unsupported directive '\(token.text)'", at: token.span,
            help: "copy the records of the included file into this zone")
    }

    fileprivate static func malformedName(_ token: ZoneParser.Token, _ error: DNSNameError) -> Diagnostic {
        .error(
            .malformedDNSName, "malformed DNS name '\(token.text)': \(error.message)", at: token.span,
            help: error.help)
    }

    fileprivate static func missingOwner(_ token: ZoneParser.Token) -> Diagnostic {
        .error(
            .malformedRecord, "record has no owner name", at: token.span,
            help: "start the line with the owner name; an indented line repeats the previous owner")
    }

    fileprivate static func malformedTTL(_ token: ZoneParser.Token, id: DiagnosticID) -> Diagnostic {
        .error(
            id, "malformed TTL '\(token.text)'", at: token.span,
            help: "write seconds (3600) or BIND units (1h, 30m, 1d, 1w), at most \(ZoneParser.maxTTL) seconds")
    }

    fileprivate static func unsupportedClass(_ token: ZoneParser.Token) -> Diagnostic {
        .error(.malformedRecord, "unsupported class '\(token.text)'", at: token.span, help: classHelp)
    }

    fileprivate static func unknownClass(_ token: ZoneParser.Token) -> Diagnostic {
        let help = Suggestion.closest(to: token.text, in: ["IN"]).map { "did you mean '\($0)'?" } ?? classHelp
        return .error(.malformedRecord, "unknown class '\(token.text)'", at: token.span, help: help)
    }

    private static let classHelp = "sign-in records use class 'IN'; write 'IN' or leave the class out"
    private static let typesHelp = "write one of A, AAAA, CNAME or SRV"

    fileprivate static func missingType(after token: ZoneParser.Token) -> Diagnostic {
        .error(.malformedRecord, "record has no type after '\(token.text)'", at: token.span, help: typesHelp)
    }

    fileprivate static func missingType(before token: ZoneParser.Token) -> Diagnostic {
        .error(.malformedRecord, "record has no type before '\(token.text)'", at: token.span, help: typesHelp)
    }

    fileprivate static func unknownRecordType(_ token: ZoneParser.Token) -> Diagnostic {
        let suggestion = Suggestion.closest(to: token.text, in: RecordType.allCases.map(\.rawValue))
        return .error(
            .unknownRecordType, "unknown record type '\(token.text)'", at: token.span,
            help: suggestion.map { "did you mean '\($0)'?" } ?? typesHelp)
    }

    fileprivate static func fieldCount(_ type: RecordType, expected: Int, found: Int, at token: ZoneParser.Token)
        -> Diagnostic
    {
        let example =
            switch type {
            case .a, .aaaa: "one address"
            case .cname: "one target name"
            case .srv: "priority, weight, port and target, such as '0 0 5061 pool01.contoso.com.'"
            }
        return .error(
            .malformedRecord,
            "'\(type.rawValue)' record takes \(expected) data field\(expected == 1 ? "" : "s"), found \(found)",
            at: token.span, help: "write \(example)")
    }

    fileprivate static func malformedIPv4(_ token: ZoneParser.Token) -> Diagnostic {
        .error(
            .malformedAddress, "malformed IPv4 address '\(token.text)'", at: token.span,
            help: "write four numbers from 0 to 255 separated by dots, such as '10.0.0.10'")
    }

    fileprivate static func malformedIPv6(_ token: ZoneParser.Token) -> Diagnostic {
        .error(
            .malformedAddress, "malformed IPv6 address '\(token.text)'", at: token.span,
            help: "write eight groups of up to four hex digits separated by colons, '::' once for zeros, "
                + "such as '2001:db8::10'")
    }

    fileprivate static func malformedSRVNumber(_ field: String, _ token: ZoneParser.Token) -> Diagnostic {
        .error(
            .malformedRecord, "malformed SRV \(field) '\(token.text)'", at: token.span,
            help: "SRV priority, weight and port are integers from 0 to 65535")
    }

    fileprivate static func srvPortZero(_ token: ZoneParser.Token, target: DNSName) -> Diagnostic {
        .error(
            .srvPortZero, "SRV record for '\(target)' has port 0, which no client can connect to", at: token.span,
            help: "write the port the service listens on (5061 for SIP over TLS on a pool, 443 for an Edge's "
                + "access service), or the target '.' to say the service is not offered here (RFC 2782)")
    }
}

extension String {
    fileprivate var startsWithDigit: Bool { unicodeScalars.first.map { ("0"..."9").contains($0) } ?? false }
}
