import Compiler
import Foundation
import PolicyCatalog
import SiteModel

/// Reads files from the disk for the pipeline, as UTF-8 (`SourceText`). Only regular files: a FIFO, a device or a
/// socket is refused before any byte is read, so a named pipe never blocks a build.
public struct FileSystemSources: SourceProvider {
    public init() {}

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// Far above any site description or zone file; a larger file is a mistake (a disk image, a log).
    static let maximumSize = 64 << 20

    public func read(_ path: String) throws -> String {
        try SourceText.decode(try Self.bytes(path), file: path)
    }

    static func bytes(_ path: String) throws(Unreadable) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Unreadable(description: reason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Unreadable(description: reason(errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Unreadable(description: "it is a folder")
        case S_IFIFO: throw Unreadable(description: "it is a FIFO (named pipe), not a file")
        case S_IFCHR: throw Unreadable(description: "it is a character device, not a file")
        case S_IFBLK: throw Unreadable(description: "it is a block device, not a file")
        case S_IFSOCK: throw Unreadable(description: "it is a socket, not a file")
        default: throw Unreadable(description: "it is not a regular file")
        }
        guard Int(status.st_size) <= maximumSize else {
            throw Unreadable(description: "it is \(status.st_size) bytes, more than sipgpo reads (\(maximumSize))")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Unreadable(description: reason(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumSize else {
                throw Unreadable(description: "it is more than \(maximumSize) bytes, more than sipgpo reads")
            }
        }
        return bytes
    }

    /// What `open` or `read` failing means, in the words the diagnostics use.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case ELOOP: "a loop of symbolic links (too many levels of symbolic links)"
        case ENOTDIR: "a part of the path is not a folder"
        case ENAMETOOLONG: "the path is too long"
        case EISDIR: "it is a folder"
        default: String(cString: strerror(code))
        }
    }
}

/// `read(2)`, which the method `read(_:)` hides inside the type.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// The folder of the site description, as the core sees it: the site by its file name, zone files by their paths
/// relative to it (as the site names them), so nothing the core writes (explanations, LGPO text, GPO comments,
/// scripts) names the builder's folders. `path` turns such a name back into the path to open or show.
public struct SiteFolder: SourceProvider {
    /// The site description's path as given, up to and including its last `/` (empty in the current folder).
    public let directory: String
    public let siteName: String
    /// Reads the real paths (the disk; tests read the package).
    let base: any SourceProvider

    public init(site: String, base: any SourceProvider = FileSystemSources()) {
        if let slash = site.lastIndex(of: "/") {
            directory = String(site[...slash])
            siteName = String(site[site.index(after: slash)...])
        } else {
            directory = ""
            siteName = site
        }
        self.base = base
    }

    /// A name the core used, as a path relative to the current folder (absolute names stay as they are).
    public func path(_ name: String) -> String {
        name.isEmpty || name.hasPrefix("/") ? name : directory + name
    }

    public func read(_ name: String) throws -> String { try base.read(path(name)) }

    /// Compiles the site under its logical names; diagnostics and the files they show come back under the real
    /// paths, for the terminal.
    public func compile(
        text: String, clients: ClientCatalog, catalog: PolicyCatalog, options: Pipeline.Options
    ) -> Compiler.Compilation {
        var compilation = Compiler.compile(
            file: siteName, text: text, sources: self, clients: clients, catalog: catalog, options: options)
        compilation.diagnostics = compilation.diagnostics.renamingFiles(path)
        compilation.files = Dictionary(
            compilation.files.map { (path($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        return compilation
    }
}
