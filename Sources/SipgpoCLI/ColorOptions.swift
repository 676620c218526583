import ArgumentParser
import Foundation

/// `--color auto|always|never`, on every command that prints diagnostics or text.
///
/// `auto` colours only a terminal, and not when `NO_COLOR` is set to a non-empty value (https://no-color.org);
/// `always` and `never` override both, as no-color.org asks command-line options to.
struct ColorOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable, Sendable {
        case auto, always, never
    }

    @Option(help: ArgumentHelp("Colour diagnostics and text: auto (a terminal without NO_COLOR), always or never."))
    var color: Mode = .auto

    /// ArgumentParser validates option groups after parsing: the one place the choice becomes known.
    func validate() throws {
        Self.chosen.set(color)
    }

    /// The choice of this process's command; `auto` until a command with the option has been parsed.
    static let chosen = Setting()

    final class Setting: @unchecked Sendable {
        private let lock = NSLock()
        private var mode = Mode.auto
        func set(_ new: Mode) { lock.withLock { mode = new } }
        var value: Mode { lock.withLock { mode } }
    }

    /// Whether text written to the file descriptor `fd` is coloured under `mode` and `environment`.
    static func enabled(
        mode: Mode = chosen.value, fd: Int32,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        switch mode {
        case .always: true
        case .never: false
        case .auto: isatty(fd) != 0 && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}
