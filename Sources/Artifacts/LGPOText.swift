import PolicyPlan

/// A GPO's registry policy as LGPO.exe text (formats.md §2.6), for cross-checking on Windows:
/// `LGPO.exe /r lgpo.txt /w registry.pol` builds a `Registry.pol` from it.
///
/// A header comment names the GPO; then one stanza per record, Computer (Machine) records first, then User, each in
/// plan order: a comment with the policy and the site-description line behind it, then the four lines
/// configuration, key, value name, action. Stanzas are separated by blank lines.
///
/// Every line ends with CRLF, because LGPO.exe is a Windows tool. The caller picks the file encoding.
public enum LGPOText {
    public static func render(_ gpo: GPO) -> String {
        var lines = ["; sipgpo: GPO \"\(comment(gpo.name))\""]
        for hive in RegistryHive.allCases.sorted() {
            for planned in gpo.policy[hive] ?? [] {
                lines.append("")
                lines += stanza(planned, configuration: hive == .machine ? "Computer" : "User")
            }
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func stanza(_ planned: PlannedRecord, configuration: String) -> [String] {
        let record = planned.record
        var lines = ["; " + comment(planned.policy) + (planned.source.map { " from " + comment($0) } ?? "")]
        guard let (valueName, action) = valueNameAndAction(record),
            ![record.key, valueName, action].contains(where: isMultiline)
        else {
            // LGPO text has no action for this type, or the line format cannot carry the text: say so, write nothing.
            let name = comment(record.key) + "\\" + comment(record.valueName)
            lines.append("; skipped: \(record.data.type.name) value '\(name)' cannot be written as LGPO text")
            return lines
        }
        return lines + [configuration, record.key, valueName, action]
    }

    /// The value-name line and the action line, or nil when LGPO text has no action for the record.
    static func valueNameAndAction(_ record: RegistryRecord) -> (String, String)? {
        switch RegistryDirective(record.valueName) {
        // Key-wide action: the value-name line is not used. `*` is what LGPO.exe /parse is believed to write there;
        // formats.md §2.6 does not say, and it is not checked on Windows.
        case .deleteAllValues: return ("*", "DELETEALLVALUES")
        case .delete(let name): return (name, "DELETE")
        case .none: break
        }
        switch record.data {
        case .dword(let value): return (record.valueName, "DWORD:\(value)")
        case .string(let text): return (record.valueName, "SZ:" + text)
        case .expandString(let text): return (record.valueName, "EXSZ:" + text)
        case .multiString(let strings):
            // Uncertain: LGPO's documentation (LGPO.pdf, not in formats.md §2.6, which lists only `MULTISZ:…`)
            // separates the strings with the two characters `\0`; not checked on Windows. A string containing `\0`
            // itself would be ambiguous, so such a value is skipped.
            guard !strings.contains(where: { $0.contains("\\0") }) else { return nil }
            return (record.valueName, "MULTISZ:" + strings.joined(separator: "\\0"))
        // LGPO text has no actions for these types (formats.md §2.6).
        case .none, .binary, .dwordBigEndian, .qword: return nil
        }
    }

    private static func isMultiline(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }
    }

    /// Text inside a comment line: line breaks shown as `\r` and `\n` so the comment stays one line.
    private static func comment(_ text: String) -> String {
        text.unicodeScalars.map { $0 == "\r" ? "\\r" : $0 == "\n" ? "\\n" : String($0) }.joined()
    }
}
