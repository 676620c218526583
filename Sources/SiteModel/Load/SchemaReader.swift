/// Reads the located syntax tree against the shape of the format, collecting every shape error at once:
/// wrong types, unknown keys (with "did you mean"), missing required keys.
struct SchemaReader {
    var diagnostics: [Diagnostic] = []

    /// The entries of a mapping, by key, after checking every key against `keys`. Unknown keys are reported and dropped.
    mutating func mapping(
        _ node: SyntaxNode, _ what: String, keys: [String], required: [String] = []
    ) -> MappingView? {
        guard case .mapping(let mapping) = node else {
            typeMismatch(node, expected: "a mapping", what: what)
            return nil
        }
        var view = MappingView(span: mapping.span)
        for entry in mapping.entries {
            let key = entry.key.text
            guard keys.contains(key) else {
                if key == "<<" {
                    // YAML merge keys would be a second inheritance mechanism beside defaults and parent OUs.
                    diagnostics.append(
                        .error(
                            .unknownKey, "YAML merge keys ('<<') are not part of the site format", at: entry.key.span,
                            help: "put shared settings under 'defaults:' or on the population of a parent OU"))
                    continue
                }
                let help =
                    Suggestion.closest(to: key, in: keys).map { "did you mean '\($0)'?" }
                    ?? "remove it; \(what) takes \(keys.map { "'\($0)'" }.joined(separator: ", "))"
                diagnostics.append(
                    .error(.unknownKey, "unknown key '\(key)' in \(what)", at: entry.key.span, help: help))
                continue
            }
            view.entries[key] = entry
        }
        for key in required where view.entries[key] == nil {
            diagnostics.append(
                .error(
                    .missingKey, "\(what) has no '\(key)'",
                    at: SourceSpan(file: mapping.span.file, start: mapping.span.start, end: mapping.span.start),
                    help: "add '\(key): ...' to \(what)"))
        }
        return view
    }

    mutating func string(_ node: SyntaxNode, _ what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node, !(scalar.isPlain && ["", "~", "null"].contains(scalar.text)) else {
            typeMismatch(node, expected: "a string", what: what)
            return nil
        }
        return Located(scalar.text, at: scalar.span)
    }

    mutating func int(_ node: SyntaxNode, _ what: String) -> Located<Int>? {
        guard case .scalar(let scalar) = node, scalar.isPlain, let value = Int(scalar.text) else {
            typeMismatch(node, expected: "a whole number", what: what)
            return nil
        }
        return Located(value, at: scalar.span)
    }

    mutating func bool(_ node: SyntaxNode, _ what: String) -> Located<Bool>? {
        if case .scalar(let scalar) = node, scalar.isPlain {
            switch scalar.text {
            case "true", "True", "TRUE": return Located(true, at: scalar.span)
            case "false", "False", "FALSE": return Located(false, at: scalar.span)
            default: break
            }
        }
        typeMismatch(node, expected: "true or false", what: what)
        return nil
    }

    /// A list of strings; a single string is accepted as a list of one, as admins often write `[a]` as `a`.
    mutating func stringList(_ node: SyntaxNode, _ what: String) -> Located<[Located<String>]>? {
        switch node {
        case .sequence(let items, let span):
            return Located(items.compactMap { string($0, "an entry of \(what)") }, at: span)
        case .scalar:
            guard let single = string(node, what) else { return nil }
            return Located([single], at: single.span)
        case .mapping:
            typeMismatch(node, expected: "a list of strings", what: what)
            return nil
        }
    }

    mutating func typeMismatch(_ node: SyntaxNode, expected: String, what: String, help: String? = nil) {
        diagnostics.append(
            .error(
                .wrongType, "\(what) must be \(expected), found \(node.kindDescription)", at: node.span,
                help: help ?? "write \(what) as \(expected)"))
    }
}

/// The checked entries of one mapping.
struct MappingView {
    var span: SourceSpan
    var entries: [String: SyntaxNode.Mapping.Entry] = [:]

    subscript(key: String) -> SyntaxNode? { entries[key]?.value }
    func keySpan(_ key: String) -> SourceSpan? { entries[key]?.key.span }
}
