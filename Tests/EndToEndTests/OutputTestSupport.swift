import Foundation
import SipgpoTestSupport
import Testing

/// Runs the real `sipgpo` binary from any folder, with extra environment, optionally through a wrapper command
/// (`unshare`, `setpriv`), and snapshots output folders. Output goes to files, so a large standard error cannot block.
struct Sipgpo {
    struct Run {
        var status: Int32
        /// Killed by a signal rather than exiting.
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// A started process and the files its output goes to.
    final class Started {
        let process: Process
        let stdout: URL
        let stderr: URL

        init(process: Process, stdout: URL, stderr: URL) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
        }

        func wait() -> Run {
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: stdout)
                try? FileManager.default.removeItem(at: stderr)
            }
            return Run(
                status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
        }

        func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    static func start(
        _ arguments: [String], in folder: URL = packageRoot, environment extra: [String: String] = [:],
        through wrapper: [String] = []
    ) throws -> Started {
        let process = Process()
        if wrapper.isEmpty {
            process.executableURL = BinaryTests.binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: wrapper[0])
            process.arguments = Array(wrapper.dropFirst()) + [BinaryTests.binary.path] + arguments
        }
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let name = "sipgpo-run-\(UUID().uuidString)"
        let stdout = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).out")
        let stderr = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return Started(process: process, stdout: stdout, stderr: stderr)
    }

    static func run(
        _ arguments: [String], in folder: URL = packageRoot, environment: [String: String] = [:],
        through wrapper: [String] = []
    ) throws -> Run {
        try start(arguments, in: folder, environment: environment, through: wrapper).wait()
    }

    /// An example site by absolute path, so a build can run from any folder.
    static func site(_ name: String) -> String { packageRoot.appendingPathComponent("policies/\(name).yaml").path }
}

/// A fresh folder for one test, world-readable so a build run as another user can read what the test puts there.
func scratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
        at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    return url
}

/// Every file under `folder` with its bytes, by path relative to it; empty when the folder does not exist.
func snapshot(_ folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            out[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
    }
    return out
}

/// The names in a folder, hidden ones included, sorted.
func names(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}
