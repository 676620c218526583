import Foundation

/// Where `build --output` may write, decided before anything is touched. The output folder is replaced as a whole,
/// so it must not be, hold or sit inside anything whose loss destroys more than an earlier build: `/`, the home
/// folder, the current folder (or a folder holding it), the site description, its zone files and every other input.
/// These refusals hold with `--force` and with sipgpo's marker inside.
struct OutputTarget: Equatable {
    /// The folder that holds the output, absolute, symbolic links resolved.
    var parent: String
    /// The output folder's own name inside `parent`.
    var name: String
    /// The path as the user gave it, for messages.
    var given: String

    var path: String { parent == "/" ? "/\(name)" : "\(parent)/\(name)" }

    /// An input of the build, such as the site description (`role` "the site description").
    struct Input {
        var path: String
        var role: String
        var isFolder = false
    }

    static func resolve(
        _ given: String, inputs: [Input], currentFolder: String = FileManager.default.currentDirectoryPath,
        home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) throws -> OutputTarget {
        guard !given.isEmpty else {
            throw OutputWriter.Refusal(description: "--output is empty; name the folder to write, such as --output out")
        }
        let here = realPath(currentFolder) ?? currentFolder
        let absolute = given.hasPrefix("/") ? given : "\(here)/\(given)"
        let resolved = resolvingParent(of: absolute)
        let shown = given == resolved.path ? "'\(given)'" : "'\(given)' (\(resolved.path))"
        func refuse(_ reason: String, _ advice: String) -> OutputWriter.Refusal {
            OutputWriter.Refusal(description: "refusing to replace \(shown): \(reason); \(advice)")
        }
        guard resolved.path != "/" else {
            throw refuse("it is the root folder", "choose a new folder, such as --output out")
        }
        if isSymbolicLink(resolved.path) {
            throw OutputWriter.Refusal(
                description:
                    "'\(given)' is a symbolic link; a build replaces the link itself, so name the folder it points to, or another --output"
            )
        }
        let target = OutputTarget(parent: resolved.parent, name: resolved.name, given: given)
        let inside = { (path: String) in path.hasPrefix(target.path + "/") }
        if let home, !home.isEmpty, let home = realPath(home) {
            if home == target.path {
                throw refuse("it is your home folder", "choose a folder inside it, such as --output ~/sipgpo-out")
            }
            if inside(home) {
                throw refuse(
                    "it contains your home folder '\(home)'", "choose a folder of its own, such as ~/sipgpo-out")
            }
        }
        if here == target.path {
            throw refuse("it is the current folder", "choose a folder inside it, such as --output out")
        }
        if inside(here) {
            throw refuse("it contains the current folder '\(here)'", "choose a folder inside it, such as --output out")
        }
        let advice = "choose an output folder that holds none of the build's inputs, such as a new folder beside them"
        for input in inputs {
            guard let path = realPath(input.path) else { continue }
            if path == target.path {
                throw refuse("it is \(input.role)", advice)
            }
            if inside(path) {
                throw refuse("it contains \(input.role) '\(input.path)', which the build would delete", advice)
            }
            if input.isFolder, target.path.hasPrefix(path + "/") {
                throw refuse(
                    "it is inside \(input.role) '\(input.path)', an input of this build",
                    "choose an output folder outside it")
            }
        }
        return target
    }

    /// `path` with every symbolic link resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }

    /// The parent folder of `absolute` with symbolic links resolved as far as it exists, and the last name kept as
    /// given, so an output that is a link is seen as a link. `.` and `..` at the end name real folders: resolved.
    static func resolvingParent(of absolute: String) -> (parent: String, name: String, path: String) {
        var components = absolute.split(separator: "/").map(String.init)
        if let last = components.last, last == "." || last == ".." {
            let whole = realPath(absolute) ?? normalized(components)
            components = whole.split(separator: "/").map(String.init)
        }
        guard let name = components.popLast() else { return ("/", "", "/") }
        // The longest existing prefix is resolved by the system; the rest does not exist, so `..` in it is lexical.
        var existing = components.count
        var parent: String?
        while existing >= 0 {
            if let real = realPath("/" + components.prefix(existing).joined(separator: "/")) {
                parent = real
                break
            }
            existing -= 1
        }
        var parts = (parent ?? "/").split(separator: "/").map(String.init)
        for component in components.dropFirst(existing) {
            if component == ".." {
                _ = parts.popLast()
            } else if component != "." {
                parts.append(component)
            }
        }
        let folder = "/" + parts.joined(separator: "/")
        return (folder, name, folder == "/" ? "/\(name)" : "\(folder)/\(name)")
    }

    static func normalized(_ components: [String]) -> String {
        var parts: [String] = []
        for component in components {
            if component == ".." {
                _ = parts.popLast()
            } else if component != "." {
                parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
