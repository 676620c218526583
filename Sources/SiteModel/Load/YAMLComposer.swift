// libyaml's event parser, compiled into Yams as its C module. Yams' own composer expands every alias into the
// tree without a limit and keeps only the anchor's position, so sipgpo composes the events itself.
import CYaml

/// Builds the located syntax tree from libyaml's events.
///
/// - An alias is expanded into a copy located where the alias is written (`*name`), so a finding inside it points at
///   the use; `aliasUses` remembers the anchor each use came from, for a note.
/// - Expansion has a budget of `aliasBudget` nodes in all, and nesting a limit of `maxDepth` levels: a few hundred
///   bytes of nested aliases ("billion laughs") otherwise take minutes and gigabytes, and deep nesting the stack.
/// - A key repeated in one mapping is reported at its second occurrence, and the first one wins.
final class YAMLComposer {
    /// Nodes produced by expanding aliases, over the whole file. A real site aliases a few settings per population.
    static let aliasBudget = 100_000
    /// Nesting of mappings and lists. A site description is at most six or seven levels deep.
    static let maxDepth = 200

    struct Anchor {
        var node: SyntaxNode
        var size: Int
        var span: SourceSpan
    }

    /// Stops composing: a syntax error, or a limit crossed.
    private struct Stop: Error {
        var diagnostic: Diagnostic
    }

    let file: String
    let text: String
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var anchors: [String: Anchor] = [:]
    private var expanded = 0
    private(set) var diagnostics: [Diagnostic] = []
    /// The span of each alias use, and the anchor it expanded.
    private(set) var aliasUses: [SourceSpan: (name: String, span: SourceSpan)] = [:]

    init(file: String, text: String) {
        self.file = file
        self.text = text
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deinitialize(count: 1)
        parser.deallocate()
    }

    /// The root of the single document, or nil for an empty stream; diagnostics hold what went wrong.
    func compose() -> SyntaxNode? {
        var bytes = Array(text.utf8)
        // libyaml reads up to the length given; an empty buffer still needs a valid pointer.
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer -> SyntaxNode? in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count - 1)
            do {
                _ = try next()  // stream start
                let first = try next()
                guard first.type == YAML_DOCUMENT_START_EVENT else { return nil }
                let root = try node(try next(), depth: 0)
                _ = try next()  // document end
                let after = try next()
                if after.type != YAML_STREAM_END_EVENT {
                    throw Stop(
                        diagnostic: .error(
                            .yamlSyntax, "invalid YAML: a site description is a single document",
                            at: span(after.startMark),
                            help: "remove the '---' line and what follows, or split it into two site descriptions"))
                }
                return root
            } catch let stop as Stop {
                diagnostics.append(stop.diagnostic)
                return nil
            } catch {
                return nil
            }
        }
    }

    // MARK: - Events

    /// One event, copied out of libyaml's structure so nothing dangles.
    private struct Event {
        var type: yaml_event_type_t
        var startMark: yaml_mark_t
        var anchor: String?
        /// Scalars: the value and its style.
        var value = ""
        var style: yaml_scalar_style_t = YAML_ANY_SCALAR_STYLE
    }

    private func next() throws -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw Stop(diagnostic: parserError()) }
        defer { yaml_event_delete(&event) }
        var copy = Event(type: event.type, startMark: event.start_mark)
        switch event.type {
        case YAML_ALIAS_EVENT:
            copy.anchor = Self.string(event.data.alias.anchor)
        case YAML_SCALAR_EVENT:
            copy.anchor = Self.string(event.data.scalar.anchor)
            copy.value = String(
                decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length),
                as: UTF8.self)
            copy.style = event.data.scalar.style
        case YAML_SEQUENCE_START_EVENT:
            copy.anchor = Self.string(event.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT:
            copy.anchor = Self.string(event.data.mapping_start.anchor)
        default:
            break
        }
        return copy
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    // MARK: - Nodes

    /// The node an event starts, and its size in nodes (keys count as nodes).
    private func node(_ event: Event, depth: Int) throws -> SyntaxNode {
        try sized(event, depth: depth).node
    }

    private func sized(_ event: Event, depth: Int) throws -> (node: SyntaxNode, size: Int) {
        let result: (node: SyntaxNode, size: Int)
        switch event.type {
        case YAML_ALIAS_EVENT:
            return try alias(event)
        case YAML_SCALAR_EVENT:
            result = (.scalar(scalar(event)), 1)
        case YAML_SEQUENCE_START_EVENT:
            try checkDepth(depth, event)
            var items: [SyntaxNode] = []
            var size = 1
            var item = try next()
            while item.type != YAML_SEQUENCE_END_EVENT {
                let child = try sized(item, depth: depth + 1)
                items.append(child.node)
                size += child.size
                item = try next()
            }
            result = (.sequence(items, span: span(event.startMark)), size)
        case YAML_MAPPING_START_EVENT:
            try checkDepth(depth, event)
            var entries: [SyntaxNode.Mapping.Entry] = []
            var seen: [String: SourceSpan] = [:]
            var size = 1
            var keyEvent = try next()
            while keyEvent.type != YAML_MAPPING_END_EVENT {
                let key = try sized(keyEvent, depth: depth + 1)
                let value = try sized(try next(), depth: depth + 1)
                size += key.size + value.size
                let keyScalar: SyntaxNode.Scalar
                if case .scalar(let scalar) = key.node {
                    keyScalar = scalar
                } else {
                    // Complex keys are not part of the format; keep a placeholder the schema will reject.
                    keyScalar = .init(text: "?", isPlain: false, span: key.node.span)
                }
                if case .scalar = key.node, let first = seen[keyScalar.text] {
                    diagnostics.append(
                        .error(
                            .duplicateKey, "key '\(keyScalar.text)' appears more than once in the same mapping",
                            at: keyScalar.span, help: "remove one of them or merge their contents",
                            notes: [.init("first written here", at: first)]))
                } else {
                    seen[keyScalar.text] = keyScalar.span
                    entries.append(.init(key: keyScalar, value: value.node))
                }
                keyEvent = try next()
            }
            result = (.mapping(.init(entries: entries, span: span(event.startMark))), size)
        default:
            throw Stop(
                diagnostic: .error(
                    .yamlSyntax, "invalid YAML: unexpected event", at: span(event.startMark),
                    help: "check indentation (spaces, not tabs), colons after keys and matching quotes and brackets"))
        }
        if let anchor = event.anchor {
            // A later anchor of the same name shadows the earlier one, as YAML says.
            anchors[anchor] = Anchor(node: result.node, size: result.size, span: span(event.startMark))
        }
        return result
    }

    private func scalar(_ event: Event) -> SyntaxNode.Scalar {
        let plain = event.style == YAML_PLAIN_SCALAR_STYLE || event.style == YAML_ANY_SCALAR_STYLE
        let quoted = event.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || event.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
        // Quoted scalars' spans include their quotes, so the caret covers what the user typed.
        let length = event.value.unicodeScalars.count + (quoted ? 2 : 0)
        let multiline =
            event.value.contains("\n") || event.style == YAML_LITERAL_SCALAR_STYLE
            || event.style == YAML_FOLDED_SCALAR_STYLE
        return .init(text: event.value, isPlain: plain, span: span(event.startMark, length: multiline ? 1 : length))
    }

    private func alias(_ event: Event) throws -> (node: SyntaxNode, size: Int) {
        let name = event.anchor ?? ""
        let use = span(event.startMark, length: name.unicodeScalars.count + 1)
        guard let anchor = anchors[name] else {
            throw Stop(
                diagnostic: .error(
                    .yamlSyntax, "invalid YAML: alias '*\(name)' names no anchor before it", at: use,
                    help: "define '&\(name)' on a value above this line, or write the value here"))
        }
        expanded += anchor.size
        guard expanded <= Self.aliasBudget else {
            throw Stop(
                diagnostic: .error(
                    .yamlAliasLimit,
                    "expanding alias '*\(name)' takes the site description past \(Self.aliasBudget) nodes from aliases",
                    at: use,
                    help: "write the repeated settings once under 'defaults:' or on a parent OU's population; "
                        + "aliases may repeat small values, not multiply them",
                    notes: [.init("the anchor '&\(name)' (\(anchor.size) nodes)", at: anchor.span)]))
        }
        aliasUses[use] = (name, anchor.span)
        return (Self.relocate(anchor.node, to: use), anchor.size)
    }

    /// A copy of `node` with every span moved to `span`: findings inside an expanded alias point at the alias.
    private static func relocate(_ node: SyntaxNode, to span: SourceSpan) -> SyntaxNode {
        switch node {
        case .scalar(var scalar):
            scalar.span = span
            return .scalar(scalar)
        case .sequence(let items, _):
            return .sequence(items.map { relocate($0, to: span) }, span: span)
        case .mapping(var mapping):
            mapping.span = span
            mapping.entries = mapping.entries.map { entry in
                var entry = entry
                entry.key.span = span
                entry.value = relocate(entry.value, to: span)
                return entry
            }
            return .mapping(mapping)
        }
    }

    private func checkDepth(_ depth: Int, _ event: Event) throws {
        guard depth < Self.maxDepth else {
            throw Stop(
                diagnostic: .error(
                    .yamlTooDeep, "the site description nests lists and mappings more than \(Self.maxDepth) deep",
                    at: span(event.startMark),
                    help: "a site description is a few levels deep; check for unclosed '[' or '{'"))
        }
    }

    // MARK: - Positions and errors

    private func span(_ mark: yaml_mark_t, length: Int = 1) -> SourceSpan {
        SourceSpan(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1, length: length)
    }

    private func parserError() -> Diagnostic {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown error"
        switch state.error {
        case YAML_READER_ERROR:
            return SourceText.readerDiagnostic(
                problem: problem, byteOffset: Int(state.problem_offset), in: text, file: file)
        case YAML_MEMORY_ERROR:
            return .error(.yamlSyntax, "cannot read '\(file)': out of memory", at: nil)
        default:
            var notes: [Diagnostic.Note] = []
            if let context = state.context.map({ String(cString: $0) }),
                state.context_mark.line != state.problem_mark.line
                    || state.context_mark.column != state.problem_mark.column
            {
                notes.append(.init(context, at: span(state.context_mark)))
            }
            return .error(
                .yamlSyntax, "invalid YAML: \(problem)", at: span(state.problem_mark),
                help: "check indentation (spaces, not tabs), colons after keys and matching quotes and brackets",
                notes: notes)
        }
    }
}
