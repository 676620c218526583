/// How bad a finding is. Errors stop the pipeline at the end of the stage that found them.
public enum Severity: String, Hashable, Codable, Sendable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable identifier of a kind of finding, such as `unknown-key`. Documented and safe to match in scripts.
public struct DiagnosticID: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: DiagnosticID, rhs: DiagnosticID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One finding about the input: what is wrong, where, and what to do about it.
public struct Diagnostic: Hashable, Codable, Sendable {
    /// A secondary location that helps explain the finding, such as the first of two duplicates.
    public struct Note: Hashable, Codable, Sendable {
        public var message: String
        public var span: SourceSpan?

        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    public var severity: Severity
    public var id: DiagnosticID
    /// Lowercase, no final period, the entity named in quotes: `unknown client 'lync-2012'`.
    public var message: String
    public var span: SourceSpan?
    /// The fix, phrased as an instruction.
    public var help: String?
    public var notes: [Note]

    public init(
        _ severity: Severity, _ id: DiagnosticID, _ message: String, at span: SourceSpan?, help: String? = nil,
        notes: [Note] = []
    ) {
        // Debug builds (and so every test run) stop at an id the catalog does not declare, or a severity it does
        // not allow, wherever in the pipeline the finding is made.
        assert(
            DiagnosticCatalog.entry(id)?.allows(severity) == true,
            DiagnosticCatalog.entry(id) == nil
                ? "diagnostic id '\(id)' is not declared in SipgpoDiagnostics/DiagnosticCatalog.swift"
                : "diagnostic '\(id)' is reported as \(severity.rawValue), which its catalog entry does not allow")
        self.severity = severity
        self.id = id
        self.message = message
        self.span = span
        self.help = help
        self.notes = notes
    }

    public static func error(
        _ id: DiagnosticID, _ message: String, at span: SourceSpan?, help: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, id, message, at: span, help: help, notes: notes)
    }

    public static func warning(
        _ id: DiagnosticID, _ message: String, at span: SourceSpan?, help: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, id, message, at: span, help: help, notes: notes)
    }
}

/// Collects the findings of a stage. Stages report everything they find; the pipeline stops between stages.
public struct Diagnostics: Hashable, Codable, Sendable {
    public private(set) var all: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) { all = diagnostics }

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    /// In source order, so a user reads them top to bottom; findings without a location come last.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { lhs, rhs in
            switch (lhs.element.span, rhs.element.span) {
            case let (l?, r?) where l != r: return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// The same findings with every span's file renamed (the CLI's logical file names back to the paths given).
    public func renamingFiles(_ rename: (String) -> String) -> Diagnostics {
        Diagnostics(
            all.map { diagnostic in
                var diagnostic = diagnostic
                if let file = diagnostic.span?.file { diagnostic.span?.file = rename(file) }
                for index in diagnostic.notes.indices {
                    if let file = diagnostic.notes[index].span?.file {
                        diagnostic.notes[index].span?.file = rename(file)
                    }
                }
                return diagnostic
            })
    }

    /// `--warnings-as-errors`.
    public mutating func upgradeWarnings() {
        for index in all.indices where all[index].severity == .warning {
            all[index].severity = .error
        }
    }
}
