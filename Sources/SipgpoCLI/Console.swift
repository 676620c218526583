import Foundation
import SiteModel

/// Standard output and standard error. The only place the CLI prints.
struct Console {
    var colored: Bool { isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func output(bytes: [UInt8]) {
        bytes.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) }
    }

    func error(_ message: String) {
        FileHandle.standardError.write(Data("sipgpo: error: \(message)\n".utf8))
    }

    /// Diagnostics to standard error, followed by a summary line.
    func print(_ diagnostics: [Diagnostic], files: [String: String]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(sources: files, colored: colored)
        var text = renderer.render(diagnostics)
        if let summary = DiagnosticRenderer.summary(diagnostics) { text += summary + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
