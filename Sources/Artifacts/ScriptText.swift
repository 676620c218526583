/// The only way a string from the site description gets into a generated script: one escaping function per target
/// language and position. Site descriptions may come from anyone's pull request, and the scripts run with Domain
/// Admin rights, so every function is total over `String` (or refuses what the language cannot hold) and is tested
/// with hostile strings (`ScriptTextTests`).
///
/// Characters that no reader should meet raw in a script: control characters (C0, DEL, C1), the Unicode line and
/// paragraph separators, and the invisible bidirectional controls ("Trojan Source", CVE-2021-42574) and byte-order
/// mark, which make a script read differently from how it runs. Literals encode them; comments replace them.
enum ScriptText {
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }
}

/// PowerShell (Windows PowerShell 5.1 and PowerShell 7), by the language specification (§2.3.5.2 string literals,
/// §2.3.3 comments) and the tokenizer's `IsSingleQuote`.
public enum PowerShellText {
    /// The characters that open and close a single-quoted literal: U+0027 and U+2018, U+2019, U+201A, U+201B.
    /// Inside a literal, two of them in a row stand for the second one.
    static let singleQuotes: Set<Unicode.Scalar> = ["\u{27}", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]

    /// An expression whose value is exactly `text`, with nothing expanded: a single-quoted literal in which every
    /// single-quote character is doubled. A text with unprintable characters (see `ScriptText`) becomes a
    /// parenthesised concatenation of such literals and `[char]0xHHHH` casts, `('a' + [char]0x000A + 'b')`, so no
    /// line break, NUL or bidirectional control is ever written raw. Usable as a command argument and in expressions.
    public static func literal(_ text: String) -> String {
        var pieces: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if ScriptText.isUnprintable(scalar) {
                // The first piece is always a literal, so `+` concatenates strings rather than adds numbers.
                if !current.isEmpty || pieces.isEmpty { pieces.append("'" + current + "'") }
                pieces.append("[char]0x" + hex(scalar.value, digits: 4))
                current = ""
            } else {
                if singleQuotes.contains(scalar) { current.unicodeScalars.append(scalar) }
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append("'" + current + "'") }
        return pieces.count == 1 ? pieces[0] : "(" + pieces.joined(separator: " + ") + ")"
    }

    /// Text for the inside of a comment, `# ...` or `<# ... #>`: one line, no unprintable characters (each becomes a
    /// space) and no `#>`, which would end a block comment.
    public static func comment(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            out.unicodeScalars.append(ScriptText.isUnprintable(scalar) ? " " : scalar)
        }
        return out.replacingOccurrences(of: "#>", with: "# >")
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// bash (5.x), by the manual's "Quoting" section.
public enum BashText {
    /// A text bash cannot hold: its strings end at NUL, so no argument, variable or word can carry one.
    public struct Unrepresentable: Error, Hashable, Sendable {
        public var text: String
    }

    /// One word whose value is exactly `text`, with nothing expanded. A single-quoted word (`'\''` for a quote) when
    /// the text is printable; otherwise an ANSI-C quoted word, `$'...'`, with `\\`, `\'` and each byte of an
    /// unprintable character (see `ScriptText`) as `\xHH`, so no line break or bidirectional control is written
    /// raw. Throws for a text with NUL, which bash cannot hold (`$'\x00'` would silently cut the text there).
    public static func word(_ text: String) throws(Unrepresentable) -> String {
        guard !text.unicodeScalars.contains("\u{0}") else { throw Unrepresentable(text: text) }
        guard text.unicodeScalars.contains(where: ScriptText.isUnprintable) else {
            return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }
        var out = "$'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += #"\\"#
            case "'": out += #"\'"#
            case _ where ScriptText.isUnprintable(scalar):
                // Always two hex digits: `\xHH` reads at most two, so a following digit stays a character.
                for byte in String(scalar).utf8 { out += "\\x" + PowerShellText.hex(UInt32(byte), digits: 2) }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// Text for the inside of a `#` comment: one line, no unprintable characters (each becomes a space).
    public static func comment(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            out.unicodeScalars.append(ScriptText.isUnprintable(scalar) ? " " : scalar)
        }
        return out
    }
}
