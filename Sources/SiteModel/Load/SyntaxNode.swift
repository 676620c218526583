/// The located syntax tree: YAML as written, every node with the span it came from.
///
/// Built from libyaml's events (with their marks) rather than decoded with `Codable`, which would lose them.
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
    /// Parses YAML text into the located tree; syntax errors become diagnostics with the position libyaml reports.
    /// Aliases expand under a budget and are located where they are used (see `YAMLComposer`).
    public static func parse(yaml text: String, file: String) -> (node: SyntaxNode?, diagnostics: [Diagnostic]) {
        let parsed = parseNotingAliases(yaml: text, file: file)
        return (parsed.node, parsed.diagnostics)
    }

    /// `parse`, and the anchor each alias use expanded, by the span of the use.
    static func parseNotingAliases(yaml text: String, file: String) -> (
        node: SyntaxNode?, diagnostics: [Diagnostic], aliasUses: [SourceSpan: (name: String, span: SourceSpan)]
    ) {
        let composer = YAMLComposer(file: file, text: text)
        let root = composer.compose()
        if root == nil, composer.diagnostics.isEmpty {
            return (
                nil,
                [
                    .error(
                        .emptySite, "the site description '\(file)' is empty",
                        at: SourceSpan(file: file, line: 1, column: 1),
                        help: "start with 'version: 1' and 'site: NAME'; see 'sipgpo check --help' for an example")
                ],
                [:]
            )
        }
        return (root, composer.diagnostics, composer.aliasUses)
    }
}
