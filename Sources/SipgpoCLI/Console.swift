import Foundation
import SiteModel

/// Standard output and standard error. The only place the CLI prints.
struct Console {
    /// Diagnostics on standard error are coloured by `--color` (`ColorOptions`).
    var colored: Bool { ColorOptions.enabled(fd: 2) }
    /// Text on standard output is coloured by `--color` (`ColorOptions`).
    var coloredOutput: Bool { ColorOptions.enabled(fd: 1) }

    func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func output(bytes: [UInt8]) {
        bytes.withUnsafeBytes { output(raw: $0) }
    }

    /// Bytes to standard output with write(2) directly: decompile's output can be hundreds of megabytes.
    func output(raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count {
            let written = write(1, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return  // standard output closed (a pipe into head): nothing more to say
            }
            offset += written
        }
    }

    func error(_ message: String) {
        FileHandle.standardError.write(Data("sipgpo: error: \(message)\n".utf8))
    }

    /// What the command is doing that the user did not ask for, such as waiting for another build.
    func note(_ message: String) {
        FileHandle.standardError.write(Data("sipgpo: note: \(message)\n".utf8))
    }

    /// Diagnostics to standard error, at most `DiagnosticRenderer.printLimit` of them, followed by a summary line
    /// that counts them all.
    func print(_ diagnostics: [Diagnostic], files: [String: String]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(sources: files, colored: colored)
        var text = renderer.render(diagnostics, limit: DiagnosticRenderer.printLimit)
        if let summary = DiagnosticRenderer.summary(diagnostics) { text += summary + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
