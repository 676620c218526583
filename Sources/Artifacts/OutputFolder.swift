/// The files of one build, by path relative to the output folder, as bytes. Built entirely in memory; the CLI
/// writes it atomically.
public struct OutputFolder: Hashable, Sendable {
    public private(set) var files: [String: [UInt8]] = [:]
    /// Paths added twice, or equal to an earlier path but for case (one file on Windows, where the GPOs are
    /// imported): the second would replace the first, so the CLI refuses to write a folder with any. Empty for every
    /// correct build.
    public private(set) var clashes: [String] = []
    private var caseFolded: [String: String] = [:]

    public init() {}

    /// Adds a file. Paths are made only of sanitised components (see `FileName`), so none can leave the folder.
    public mutating func add(_ path: String, _ bytes: [UInt8]) {
        precondition(
            !path.hasPrefix("/") && !path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty },
            "unsafe path \(path)")
        let folded = path.lowercased()
        if let earlier = caseFolded[folded] {
            clashes.append(earlier == path ? path : "\(earlier) and \(path)")
        } else {
            caseFolded[folded] = path
        }
        files[path] = bytes
    }

    public mutating func add(_ path: String, text: String) { add(path, Array(text.utf8)) }

    public var paths: [String] { files.keys.sorted() }
}

/// File names derived from names in the site description (population and GPO names), which may hold anything.
public enum FileName {
    /// Letters, digits, `.`, `-` and `_` are kept; every other run of characters becomes one `-`. Never empty, never
    /// `.` or `..`, at most 100 characters: a name can never leave its folder or clash with a reserved name.
    public static func safe(_ name: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in name.unicodeScalars {
            let keep =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_"
                || (scalar == "." && !out.isEmpty)
            if keep {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        while out.hasSuffix(".") { out.removeLast() }
        if out.isEmpty { out = "unnamed" }
        let reserved: Set<String> = [
            "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3",
        ]
        if reserved.contains(out.lowercased()) { out = "_" + out }
        return String(out.prefix(100))
    }

    /// Safe names for several entities, made unique with `-2`, `-3` where two sanitise to the same name.
    public static func unique(_ names: [String]) -> [String: String] {
        var used: Set<String> = []
        var out: [String: String] = [:]
        for name in names {
            let base = safe(name)
            var candidate = base
            var counter = 2
            while used.contains(candidate.lowercased()) {
                candidate = "\(base)-\(counter)"
                counter += 1
            }
            used.insert(candidate.lowercased())
            out[name] = candidate
        }
        return out
    }
}
