import Artifacts
import CSystem
import Foundation

/// **write**: puts a built `OutputFolder` on disk so that the output folder is either entirely the old one or
/// entirely the new one. Files go to a staging folder beside the output, which is then swapped into place with one
/// atomic rename (Linux `renameat2(RENAME_EXCHANGE)`); the old content is removed afterwards.
struct OutputWriter {
    var output: URL
    var force: Bool

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    func write(_ folder: OutputFolder) throws {
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else {
                throw Refusal(
                    description: "'\(output.relativePath)' exists and is not a folder; choose another --output")
            }
            let marker = output.appendingPathComponent(Emit.markerFile).path
            let contents = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
            if !contents.isEmpty, !fileManager.fileExists(atPath: marker), !force {
                throw Refusal(
                    description:
                        "refusing to replace '\(output.relativePath)': sipgpo did not create it (no \(Emit.markerFile) inside); choose another --output or pass --force"
                )
            }
        }
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).sipgpo-staging-\(getpid())")
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
            var created: Set<String> = []
            for path in folder.paths {
                let url = staging.appendingPathComponent(path)
                // Create each folder once: a large site writes tens of thousands of files into a few folders.
                let parent = url.deletingLastPathComponent()
                if created.insert(parent.path).inserted {
                    try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
                }
                // Shell scripts (samba/deploy.sh) are written executable so the README's command runs as is.
                let attributes: [FileAttributeKey: Any]? = path.hasSuffix(".sh") ? [.posixPermissions: 0o755] : nil
                guard
                    fileManager.createFile(
                        atPath: url.path, contents: Data(folder.files[path]!), attributes: attributes)
                else {
                    throw Refusal(description: "cannot write '\(url.path)'")
                }
            }
            if exists {
                try exchange(staging, output)
                try fileManager.removeItem(at: staging)  // now the previous output
            } else {
                try fileManager.moveItem(at: staging, to: output)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }

    private func exchange(_ staging: URL, _ output: URL) throws {
        if sipgpo_rename_exchange(staging.path, output.path) == 0 { return }
        let code = errno
        // Where the file system cannot exchange, fall back to two renames; the window between them is tiny, and a
        // failure in it restores the old folder.
        guard code == EINVAL || code == ENOSYS else {
            throw Refusal(
                description:
                    "cannot move the new output into '\(output.relativePath)': \(String(cString: strerror(code)))")
        }
        let old = output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).sipgpo-old-\(getpid())")
        try FileManager.default.moveItem(at: output, to: old)
        do {
            try FileManager.default.moveItem(at: staging, to: output)
        } catch {
            try? FileManager.default.moveItem(at: old, to: output)
            throw error
        }
        try FileManager.default.moveItem(at: old, to: staging)
    }
}
