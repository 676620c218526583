import PolicyPlan
import SiteModel

/// The GPOs as backups in the layout `samba-tool gpo restore` (Samba 4.17) reads, and `deploy.sh`, which restores
/// and links them (formats.md §4.2). Paths are relative to `samba/`:
///
///     deploy.sh
///     policy/<gpo>/GPT.INI.xml, GPT.INI.SAMBABACKUP
///     policy/<gpo>/{Machine,User}/Registry.pol.xml, Registry.pol.SAMBABACKUP
///     policy/<gpo>/{Machine,User}/Preferences/Registry/Registry.xml.xml, Registry.xml.SAMBABACKUP
///     policy/<gpo>/gPCMachineExtensionNames.SAMBAEXT, gPCUserExtensionNames.SAMBAEXT
///
/// This is what `samba-tool gpo backup --tmpdir samba` writes (it names the folder after the GPO's GUID, which
/// restore ignores): for each file `F` of the GPO, `F.xml` parsed by `samba.gp_parse` and `F.SAMBABACKUP`, the raw
/// bytes restore falls back to when it has no parser (the GPP `Registry.xml`) or the XML does not parse. Restore
/// rebuilds each `F` from `F.xml` and sets the extension-name attributes from the `.SAMBAEXT` files.
public enum SambaBackup {
    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    static let raw = ".SAMBABACKUP"

    /// `library`: the fixed part of `deploy.sh` (`templates/samba/deploy.sh`).
    public static func files(plan: PolicyPlan, site: Site, library: String) -> [(path: String, bytes: [UInt8])] {
        files(plan: plan, site: .init(site), library: library)
    }

    static func files(plan: PolicyPlan, site: SambaDeployScript.SiteFacts, library: String) -> [(
        path: String, bytes: [UInt8]
    )] {
        let folders = FileName.unique(plan.gpos.map(\.name))
        var files: [(path: String, bytes: [UInt8])] = [
            (
                "deploy.sh",
                Array(SambaDeployScript.render(plan: plan, site: site, folders: folders, library: library).utf8)
            )
        ]
        for gpo in plan.gpos {
            files += gpoFiles(gpo).map { ("policy/\(folders[gpo.name]!)/\($0.path)", $0.bytes) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// One GPO's backup, paths relative to its folder.
    static func gpoFiles(_ gpo: GPO) -> [(path: String, bytes: [UInt8])] {
        let sides = GPOBackup.sides(gpo)
        // GPT.INI is only restored with `--restore-metadata`; without it the new GPO keeps version 0, which Windows
        // clients skip as empty ([MS-GPOL] 3.2.5.1.6).
        let gptINI = "[General]\r\nVersion=\(version(gpo))\r\n"
        var files: [(path: String, bytes: [UInt8])] = [
            ("GPT.INI.xml", Array(gptINIXML(version: version(gpo)).utf8)),
            ("GPT.INI" + raw, Array(gptINI.utf8)),
        ]
        for side in sides where side.hasContent {
            let folder = side.hive.gpoFolder
            if side.hasPolicy {
                let records = gpo.records(side.hive)
                files.append(("\(folder)/Registry.pol.xml", Array(polFileXML(records).utf8)))
                files.append(("\(folder)/Registry.pol" + raw, RegistryPol.encode(records)))
            }
            if side.hasPreferences {
                let path = "\(folder)/Preferences/Registry/Registry.xml"
                let items = gpo.preferences.filter { $0.hive == side.hive }
                // Samba has no parser for GPP files: its backup writes this placeholder and restore copies the raw file.
                files.append((path + ".xml", Array((xmlDeclaration + "<UnknownFile/>").utf8)))
                files.append((path + raw, Array(PreferencesXML.registryXML(items).utf8)))
            }
            // The raw attribute value, as backup writes it: without it clients never run the extensions.
            let attribute = side.hive == .machine ? "gPCMachineExtensionNames" : "gPCUserExtensionNames"
            files.append(("\(attribute).SAMBAEXT", Array(side.extensionGuids.utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The GPO version for GPT.INI and the AD `versionNumber`: user version in the high 16 bits, machine version in
    /// the low 16 bits (formats.md §2.5), 1 for each side with settings.
    static func version(_ gpo: GPO) -> Int {
        GPOBackup.sides(gpo).reduce(0) { total, side in
            guard side.hasContent else { return total }
            return total | (side.hive == .user ? 0x1_0000 : 1)
        }
    }

    /// `GPT.INI` as `GPTIniParser.write_xml` writes it.
    static func gptINIXML(version: Int) -> String {
        [
            xmlDeclaration, "<IniFile>", "\t<Section name=\"General\">", "\t\t<Parameter>", "\t\t\t<Key>Version</Key>",
            "\t\t\t<Value>\(version)</Value>", "\t\t</Parameter>", "\t</Section>", "</IniFile>",
        ].map { $0 + "\n" }.joined()
    }

    // MARK: PolFile XML

    /// The `PolFile` XML that `samba.gp_parse.gp_pol.GPPolParser().write_xml()` writes for `RegistryPol.encode(records)`,
    /// byte for byte (formats.md §6.1): ElementTree output pretty-printed by minidom, tab indents, LF line ends.
    ///
    /// The format loses CR and a leading U+FEFF of a multi-string, and restore cannot read back empty binary data or
    /// empty strings in a multi-string (it then copies `Registry.pol.SAMBABACKUP`); sipgpo writes none of these.
    static func polFileXML(_ records: [RegistryRecord]) -> String {
        let root = "<PolFile num_entries=\"\(records.count)\" signature=\"PReg\" version=\"1\""
        guard !records.isEmpty else { return xmlDeclaration + "\n" + root + "/>\n" }
        var lines = [xmlDeclaration, root + ">"]
        for record in records {
            let type = record.data.type
            lines.append("\t<Entry type=\"\(type.rawValue)\" type_name=\"\(type.name)\">")
            lines.append("\t\t" + element("Key", record.key))
            lines.append("\t\t" + element("ValueName", record.valueName))
            lines += values(record.data).map { "\t\t" + element("Value", $0) }
            lines.append("\t</Entry>")
        }
        lines.append("</PolFile>")
        return lines.map { $0 + "\n" }.joined()
    }

    /// The `Value` texts Samba writes: `str()` of the decoded data, base64 for binary.
    static func values(_ data: RegistryData) -> [String] {
        switch data {
        case .none: return ["None"]  // Samba decodes no data as Python's None
        case .string(let text), .expandString(let text): return [text]
        case .dword(let value), .dwordBigEndian(let value): return [String(value)]
        case .qword(let value): return [String(value)]
        case .binary(let bytes): return [base64(bytes)]
        case .multiString(var strings):
            // Samba decodes with Python's 'utf-16' codec, which drops a leading byte-order mark, then strips the
            // trailing NULs before splitting: trailing empty strings vanish and an empty list becomes one empty string.
            if let first = strings.first, first.unicodeScalars.first == "\u{FEFF}" {
                strings[0] = String(String.UnicodeScalarView(first.unicodeScalars.dropFirst()))
            }
            while strings.last?.isEmpty == true { strings.removeLast() }
            return strings.isEmpty ? [""] : strings
        }
    }

    /// `<name>text</name>`, or `<name/>` for empty text, escaped as minidom escapes text (`"` too).
    static func element(_ name: String, _ text: String) -> String {
        guard !text.isEmpty else { return "<\(name)/>" }
        var out = ""
        // The XML parser between ElementTree and minidom turns CRLF and CR into LF.
        for scalar in text.replacing("\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "\n"
            // Samba's backup fails on characters XML cannot carry; XMLText's rule keeps the file parseable.
            case _ where !XMLText.isLegal(scalar): out.unicodeScalars.append("\u{FFFD}")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return "<\(name)>\(out)</\(name)>"
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for index in 0..<4 {
                out.append(index <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(index)) & 0x3F)] : "=")
            }
        }
        return out
    }
}
