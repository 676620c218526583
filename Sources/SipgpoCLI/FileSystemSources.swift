import Foundation
import SiteModel

/// Reads files from the disk for the pipeline, as UTF-8.
struct FileSystemSources: SourceProvider {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Unreadable(description: "no such file")
        }
        guard !isDirectory.boolValue else { throw Unreadable(description: "it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(description: "permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Unreadable(description: "it is not UTF-8 text")
        }
        // A byte-order mark is not part of the YAML or zone text.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
}
