import PolicyPlan

/// A `.reg` file (REGEDIT5) as regedit exports it, so an administrator can try a GPO's settings on one machine
/// (formats.md §5): UTF-16LE with a byte order mark, CRLF line ends, one `[HKEY_…\key]` section per key.
///
/// Registry.pol directives map as far as the format allows: `**del.X` becomes `"X"=-`; `**delvals.` and the other
/// `**` directives have no `.reg` spelling and become comments, so the file never does more than the policy would.
public enum RegFile {
    static let header = "Windows Registry Editor Version 5.00"
    /// regedit breaks a hex line once it reaches this many characters (Wine's `export_hex_data` uses the same rule;
    /// the `ShellState` test pins it to a Windows export).
    static let hexWrapColumn = 77

    /// The file's bytes: a UTF-16LE byte order mark (FF FE), then `text(hive:records:comment:)` in UTF-16LE.
    public static func render(hive: RegistryHive, records: [RegistryRecord], comment: [String]) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xFE]
        for unit in text(hive: hive, records: records, comment: comment).utf16 {
            out.append(UInt8(truncatingIfNeeded: unit))
            out.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        return out
    }

    /// The file's text before encoding, for readable goldens. Keys appear in the order they first occur; a key
    /// spelled twice with different case is one key, as in the registry, and keeps its first spelling.
    public static func text(hive: RegistryHive, records: [RegistryRecord], comment: [String]) -> String {
        var lines = [header, ""]
        let commentLines = comment.flatMap { $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) }
        if !commentLines.isEmpty {
            lines += commentLines.map { $0.isEmpty ? ";" : "; \($0)" }
            lines.append("")
        }
        for section in sections(records) {
            // Notes go above the header: hivexregedit ends a section at a comment line.
            lines += section.records.compactMap(note)
            lines.append("[\(hive.rootKeyName)\\\(section.key)]")
            for record in section.records { lines += valueLines(record) }
            lines.append("")
        }
        // regedit ends every line, the last blank one included, with CRLF.
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func sections(_ records: [RegistryRecord]) -> [(key: String, records: [RegistryRecord])] {
        var sections: [(key: String, records: [RegistryRecord])] = []
        var index: [String: Int] = [:]
        for record in records {
            let folded = record.key.lowercased()
            if let position = index[folded] {
                sections[position].records.append(record)
            } else {
                index[folded] = sections.count
                sections.append((record.key, [record]))
            }
        }
        return sections
    }

    /// The comment for a directive the format cannot express, which the file then leaves out.
    static func note(_ record: RegistryRecord) -> String? {
        guard record.valueName.hasPrefix("**") else { return nil }
        switch RegistryDirective(record.valueName) {
        case .delete: return nil
        case .deleteAllValues:
            return "; \(record.valueName): a .reg file cannot clear a key; the key's other values are left alone"
        case .none: return "; \(record.valueName): not expressible in a .reg file, skipped for the key below"
        }
    }

    /// The lines one record becomes: usually one, several for a wrapped hex value, none for a bare key or a
    /// directive left to `note(_:)`.
    static func valueLines(_ record: RegistryRecord) -> [String] {
        if record.valueName.hasPrefix("**") {
            guard case .delete(let name) = RegistryDirective(record.valueName) else { return [] }
            return ["\(quotedName(name))=-"]
        }
        // Registry.pol's "create the key" record: the section header alone does that.
        if record.valueName.isEmpty, record.data == .none { return [] }
        let prefix = "\(quotedName(record.valueName))="
        switch record.data {
        case .string(let text) where !text.unicodeScalars.contains(where: { $0.value < 0x20 }):
            return [prefix + "\"\(escape(text))\""]
        case .dword(let value):
            return [prefix + "dword:" + hex(UInt64(value), digits: 8)]
        default:
            // A string with a line break or NUL has no quoted form regedit reads back; hex(1) keeps it exact.
            return hexLines(prefix: prefix, type: record.data.type, bytes: RegistryPol.encodeData(record.data))
        }
    }

    /// `"name"` with `\` and `"` escaped, or `@` for the key's default value.
    static func quotedName(_ name: String) -> String { name.isEmpty ? "@" : "\"\(escape(name))\"" }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// `hex:`/`hex(N):` and comma-separated bytes, wrapped as regedit wraps them: after each `xx,` that brings the
    /// line to 77 characters or more, `\` ends the line and the next starts with two spaces.
    static func hexLines(prefix: String, type: RegistryValueType, bytes: [UInt8]) -> [String] {
        let typeTag = type == .binary ? "hex:" : "hex(\(String(type.rawValue, radix: 16))):"
        var lines: [String] = []
        var line = prefix + typeTag
        // regedit counts UTF-16 code units.
        var length = line.utf16.count
        for (position, byte) in bytes.enumerated() {
            line += hex(UInt64(byte), digits: 2)
            if position == bytes.count - 1 { break }
            line += ","
            length += 3
            if length >= hexWrapColumn {
                lines.append(line + "\\")
                line = "  "
                length = 2
            }
        }
        lines.append(line)
        return lines
    }

    /// Lower-case hex with leading zeros, as regedit prints dwords and bytes.
    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
