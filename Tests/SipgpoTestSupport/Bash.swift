import Foundation

/// Runs a script with the machine's bash, as an administrator would run a generated `deploy.sh`.
public enum Bash {
    public struct Run {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "no bash at /bin/bash or /usr/bin/bash: the script checks need it" }
    }

    public static var path: String? {
        ["/bin/bash", "/usr/bin/bash"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `script` (written to a temporary file) with `arguments` (`bash -n` with `syntaxOnly`); `searchFirst`
    /// folders come before /usr/bin:/bin on PATH, for stand-ins of the tools the script calls.
    public static func run(
        _ script: String, arguments: [String] = [], syntaxOnly: Bool = false, searchFirst: [String] = []
    ) throws -> Run {
        guard let path else { throw Missing() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-bash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("script.sh")
        try Data(script.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = (syntaxOnly ? ["-n"] : []) + [file.path] + arguments
        process.environment = [
            "PATH": (searchFirst + ["/usr/bin", "/bin"]).joined(separator: ":"), "LC_ALL": "C.UTF-8",
        ]
        let out = Pipe()
        // stderr goes to a file, so neither pipe can fill up and stall bash while stdout is read.
        let errorFile = folder.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorFile.path])
        }
        let err = try FileHandle(forWritingTo: errorFile)
        defer { try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        return Run(status: process.terminationStatus, stdout: [UInt8](stdout), stderr: stderr)
    }
}
