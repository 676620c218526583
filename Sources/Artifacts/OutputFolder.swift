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
    /// `.` or `..`, never ending in `.`, at most 101 characters: a name can never leave its folder or be a Windows
    /// device name.
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
        out = String(out.prefix(100))
        // Windows drops a trailing dot, so `x.` and `x` would be one file there.
        while out.hasSuffix(".") { out.removeLast() }
        if out.isEmpty { out = "unnamed" }
        // Windows reserves its device names with or without an extension: `NUL.txt` and `com1.zone` are devices.
        let stem = out.prefix { $0 != "." }.lowercased()
        if reservedNames.contains(stem) { out = "_" + out }
        return out
    }

    /// Device names Windows reserves, in any case (Microsoft, "Naming Files, Paths, and Namespaces"; COM0 and LPT0
    /// are in its list too). Superscript digits (`COM¹`) cannot occur: `safe` keeps ASCII only.
    static let reservedNames: Set<String> = Set(
        ["con", "prn", "aux", "nul"] + (0...9).map { "com\($0)" } + (0...9).map { "lpt\($0)" })

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
