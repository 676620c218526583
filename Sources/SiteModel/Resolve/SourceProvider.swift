/// Where the pipeline gets the text of files the site description names (zone files). The CLI reads the disk;
/// tests pass files in memory. This is the only way the core touches files.
public protocol SourceProvider: Sendable {
    /// Reads the file at `path` (as the user would write it, relative to the working directory).
    func read(_ path: String) throws -> String
}

/// Files held in memory, by path.
public struct InMemorySources: SourceProvider {
    public var files: [String: String]
    public init(_ files: [String: String]) { self.files = files }

    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "no such file" }
    }

    public func read(_ path: String) throws -> String {
        guard let text = files[path] else { throw Missing(path: path) }
        return text
    }
}
