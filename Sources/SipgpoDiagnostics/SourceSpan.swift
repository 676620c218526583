/// A position in a source file: 1-based line and column. Columns count Unicode scalars, as Yams' marks do.
public struct SourceLocation: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A range in one source file, start inclusive and end exclusive, on one line or several.
public struct SourceSpan: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// The path as the user named it (relative paths stay relative), so messages match what they typed.
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(
            file: file, start: SourceLocation(line: line, column: column),
            end: SourceLocation(line: line, column: column + max(length, 1)))
    }

    /// The `file:line:col` form used in diagnostics and in the `source` of every effective setting.
    public var description: String { "\(file):\(start.line):\(start.column)" }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.file, lhs.start, lhs.end) < (rhs.file, rhs.start, rhs.end)
    }
}
