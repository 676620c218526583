import Yams

/// The located syntax tree: YAML as written, every node with the span it came from.
///
/// Built from Yams' composed `Node` rather than decoded with `Codable`, which would lose the marks.
public indirect enum SyntaxNode: Hashable, Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence([SyntaxNode], span: SourceSpan)

    public struct Scalar: Hashable, Sendable {
        public var text: String
        /// Plain scalars may be numbers, booleans or null; quoted ones are always strings.
        public var isPlain: Bool
        public var span: SourceSpan
    }

    public struct Mapping: Hashable, Sendable {
        public struct Entry: Hashable, Sendable {
            public var key: Scalar
            public var value: SyntaxNode
        }
        public var entries: [Entry]
        public var span: SourceSpan
    }

    public var span: SourceSpan {
        switch self {
        case .scalar(let scalar): scalar.span
        case .mapping(let mapping): mapping.span
        case .sequence(_, let span): span
        }
    }

    /// What the node is, as a user would call it in "expected a mapping, found a list".
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar) where scalar.isPlain && scalar.text.isEmpty: "nothing"
        case .scalar: "a scalar '\(scalarPreview)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    private var scalarPreview: String {
        guard case .scalar(let scalar) = self else { return "" }
        return scalar.text.count > 40 ? String(scalar.text.prefix(40)) + "…" : scalar.text
    }
}

extension SyntaxNode {
    /// Parses YAML text into the located tree; syntax errors become diagnostics with the position Yams reports.
    public static func parse(yaml text: String, file: String) -> (node: SyntaxNode?, diagnostics: [Diagnostic]) {
        do {
            // The basic resolver tags nothing implicitly: sipgpo types scalars itself, and skipping Yams' regular expressions
            // makes large sites load several times faster.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                return (
                    nil,
                    [
                        .error(
                            .emptySite, "the site description '\(file)' is empty",
                            at: SourceSpan(file: file, line: 1, column: 1),
                            help: "start with 'version: 1' and 'site: NAME'; see 'sipgpo check --help' for an example")
                    ]
                )
            }
            return (SyntaxNode(root, file: file, text: text), [])
        } catch let error as YamlError {
            return (nil, [Self.diagnostic(for: error, file: file, text: text)])
        } catch {
            return (nil, [.error(.yamlSyntax, "cannot read '\(file)' as YAML: \(error)", at: nil)])
        }
    }

    init(_ node: Node, file: String, text: String) {
        func span(_ mark: Mark?, length: Int = 1) -> SourceSpan {
            SourceSpan(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, length: length)
        }
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            // Quoted scalars' spans include their quotes, so the caret covers what the user typed.
            let length =
                scalar.string.unicodeScalars.count
                + (scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 2 : 0)
            let multiline = scalar.string.contains("\n") || scalar.style == .literal || scalar.style == .folded
            self = .scalar(
                Scalar(text: scalar.string, isPlain: plain, span: span(scalar.mark, length: multiline ? 1 : length)))
        case .mapping(let mapping):
            var entries: [Mapping.Entry] = []
            for (key, value) in mapping {
                let keyNode = SyntaxNode(key, file: file, text: text)
                let keyScalar: Scalar
                if case .scalar(let scalar) = keyNode {
                    keyScalar = scalar
                } else {
                    // Complex keys are not part of the format; keep a placeholder the schema will reject.
                    keyScalar = Scalar(text: "?", isPlain: false, span: keyNode.span)
                }
                entries.append(.init(key: keyScalar, value: SyntaxNode(value, file: file, text: text)))
            }
            self = .mapping(Mapping(entries: entries, span: span(mapping.mark)))
        case .sequence(let sequence):
            self = .sequence(sequence.map { SyntaxNode($0, file: file, text: text) }, span: span(sequence.mark))
        case .alias(let alias):
            self = .scalar(Scalar(text: "*\(alias.anchor.rawValue)", isPlain: false, span: span(alias.mark)))
        }
    }

    static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var notes: [Diagnostic.Note] = []
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                notes.append(
                    .init(
                        context.text, at: SourceSpan(file: file, line: context.mark.line, column: context.mark.column)))
            }
            return .error(
                .yamlSyntax, "invalid YAML: \(problem)",
                at: SourceSpan(file: file, line: mark.line, column: mark.column),
                help: "check indentation (spaces, not tabs), colons after keys and matching quotes and brackets",
                notes: notes)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let first = SourceSpan(
                file: file, line: context.mark.line, column: context.mark.column, length: key.unicodeScalars.count)
            let second = Self.nextOccurrence(of: key, after: context.mark, in: text, file: file)
            return .error(
                .duplicateKey, "key '\(key)' appears more than once in the same mapping", at: second ?? first,
                help: "remove one of them or merge their contents",
                notes: second == nil ? [] : [.init("first written here", at: first)])
        case .reader(let problem, _, _, _):
            return .error(.yamlSyntax, "cannot read '\(file)': \(problem)", at: nil, help: "save the file as UTF-8")
        default:
            return .error(.yamlSyntax, "invalid YAML: \(error)", at: SourceSpan(file: file, line: 1, column: 1))
        }
    }

    /// Yams reports a duplicated key at its first occurrence; the user wants the second. Same column, later line.
    private static func nextOccurrence(of key: String, after mark: Mark, in text: String, file: String) -> SourceSpan? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1 else { return nil }
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count >= mark.column else { continue }
            let rest = String(String.UnicodeScalarView(scalars[(mark.column - 1)...]))
            // A line that is less indented than the key ends the mapping.
            let indent = scalars.prefix { $0 == " " || $0 == "-" }.count
            if indent < mark.column - 1, !rest.trimmingPrefix(" ").isEmpty, !lines[index].allSatisfy({ $0 == " " }) {
                let firstNonSpace = scalars.firstIndex { $0 != " " } ?? 0
                if firstNonSpace < mark.column - 1 { return nil }
            }
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                let after = rest.dropFirst(candidate.count).drop { $0 == " " }
                if after.hasPrefix(":") {
                    return SourceSpan(
                        file: file, line: index + 1, column: mark.column, length: candidate.unicodeScalars.count)
                }
            }
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingPrefix(_ character: Character) -> Substring { drop { $0 == character } }
}
