import ArgumentParser
import Foundation
import PolicyCatalog
import PolicyPlan

/// Finds what `decompile` reads under each path: GPO folders (GPMC backups, `samba-tool gpo backup` folders, SYSVOL
/// policy folders), folders of them (`Backup-GPO -All`, `samba-tool`'s `policy/`, sipgpo's `GPOs/`), or loose
/// files (`Registry.pol`, `.reg`, LGPO text). The only file-system walking of decompile.
enum DecompileInputs {
    enum Kind: String { case registryPol = "Registry.pol", regFile = ".reg", lgpoText = "LGPO text" }

    struct File {
        var path: String
        var kind: Kind
        /// From the folder (`Machine` or `User`), or per record for text formats; nil when a loose
        /// `Registry.pol` does not say.
        var hive: RegistryHive?
    }

    struct Input {
        var path: String
        /// `GPMC backup`, `samba-tool backup`, `GPO folder`, or the file kind.
        var kind: String
        var id: String?
        var name: String
        /// True when `name` is the folder or file name, not the GPO's display name.
        var nameIsFallback: Bool
        var files: [File]
    }

    static func find(_ path: String) throws -> [Input] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("no such file or folder '\(path)'")
        }
        if !isDirectory.boolValue { return [try looseFile(path)] }
        var found: [Input] = []
        try collect(path, depth: 0, into: &found)
        // A Backup-GPO -All folder of no GPO still has its manifest.
        guard !found.isEmpty || locate(path, ["manifest.xml"]) != nil else {
            throw ValidationError(
                "'\(path)' holds no GPO: expected a GPMC backup (bkupInfo.xml), a samba-tool backup or SYSVOL folder (Machine/ or User/ with Registry.pol), or folders of them"
            )
        }
        return found
    }

    static func collect(_ folder: String, depth: Int, into found: inout [Input]) throws {
        if let input = try gpoFolder(folder) {
            found.append(input)
            return
        }
        guard depth < 3 else { return }
        for child in entries(folder).sorted(by: { $0.key < $1.key }).map(\.value) {
            let path = folder + "/" + child
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                try collect(path, depth: depth + 1, into: &found)
            }
        }
    }

    /// Lower-cased name → name, for matching as Windows and SMB do.
    static func entries(_ folder: String) -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The path of `components` under `folder`, matched case-insensitively, if it exists.
    static func locate(_ folder: String, _ components: [String]) -> String? {
        var path = folder
        for component in components {
            guard let name = entries(path)[component.lowercased()] else { return nil }
            path += "/" + name
        }
        return path
    }

    static func gpoFolder(_ folder: String) throws -> Input? {
        let name = URL(fileURLWithPath: folder).lastPathComponent
        let guid = isGUID(name) ? name.uppercased() : nil
        // GPMC: bkupInfo.xml names the GPO; its files are under DomainSysvol/GPO.
        if let info = locate(folder, ["bkupInfo.xml"]) ?? locate(folder, ["Backup.xml"]) {
            let (id, displayName) = backupIdentity(info)
            let files = RegistryHive.allCases.sorted().compactMap { hive in
                locate(folder, ["DomainSysvol", "GPO", hive.gpoFolder, "registry.pol"]).map {
                    File(path: $0, kind: .registryPol, hive: hive)
                }
            }
            return Input(
                path: folder, kind: "GPMC backup", id: id ?? guid, name: displayName ?? name,
                nameIsFallback: displayName == nil, files: files)
        }
        // samba-tool gpo backup (F.SAMBABACKUP beside F.xml) or a SYSVOL policy folder.
        var files: [File] = []
        var samba = false
        for hive in RegistryHive.allCases.sorted() {
            if let pol = locate(folder, [hive.gpoFolder, "Registry.pol"]) {
                files.append(File(path: pol, kind: .registryPol, hive: hive))
            } else if let pol = locate(folder, [hive.gpoFolder, "Registry.pol.SAMBABACKUP"]) {
                files.append(File(path: pol, kind: .registryPol, hive: hive))
                samba = true
            }
        }
        let hasSides = RegistryHive.allCases.contains { locate(folder, [$0.gpoFolder]) != nil }
        guard !files.isEmpty || (hasSides && (guid != nil || locate(folder, ["GPT.INI"]) != nil)) else { return nil }
        samba = samba || locate(folder, ["GPT.INI.SAMBABACKUP"]) != nil
        return Input(
            path: folder, kind: samba ? "samba-tool backup" : "GPO folder", id: guid, name: name, nameIsFallback: true,
            files: files)
    }

    static func looseFile(_ path: String) throws -> Input {
        let head = firstBytes(path, 16)
        let lower = path.lowercased()
        let kind: Kind
        if head.starts(with: Array("PReg".utf8)) || lower.hasSuffix(".pol") || lower.hasSuffix(".sambabackup") {
            kind = .registryPol
        } else if lower.hasSuffix(".reg") || head.starts(with: [0xFF, 0xFE, 0x57, 0x00])
            || head.starts(with: Array("Windows Registry".utf8)) || head.starts(with: Array("REGEDIT4".utf8))
            || head.starts(with: [0xEF, 0xBB, 0xBF] + Array("Windows".utf8))
        {
            kind = .regFile
        } else {
            kind = .lgpoText
        }
        let components = URL(fileURLWithPath: path).pathComponents.map { $0.lowercased() }
        let parent = components.dropLast().last
        let hive: RegistryHive? = parent == "machine" ? .machine : parent == "user" ? .user : nil
        // A SYSVOL or backup path names the GPO: …/{GUID}/Machine/Registry.pol.
        let guid = components.dropLast(2).last.flatMap { isGUID($0) ? $0.uppercased() : nil }
        return Input(
            path: path, kind: kind.rawValue, id: guid, name: URL(fileURLWithPath: path).lastPathComponent,
            nameIsFallback: true, files: [File(path: path, kind: kind, hive: hive)])
    }

    static func firstBytes(_ path: String, _ count: Int) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }

    static func isGUID(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 38, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
            return false
        }
        for (index, byte) in bytes.dropFirst().dropLast().enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte) else {
                    return false
                }
            }
        }
        return true
    }

    /// `GPOGuid` and `GPODisplayName` from `bkupInfo.xml` (or the `ID`/`DisplayName` of `Backup.xml`).
    static func backupIdentity(_ path: String) -> (id: String?, name: String?) {
        guard let data = FileManager.default.contents(atPath: path),
            case .success(let document) = XMLDocument.parse([UInt8](data), path: path)
        else { return (nil, nil) }
        func first(_ names: [String]) -> String? {
            for name in names {
                if let text = document.select("//*[local-name()='\(name)']").first?.text, !text.isEmpty {
                    return text
                }
            }
            return nil
        }
        let id = first(["GPOGuid", "ID"]).flatMap { isGUID($0) ? $0.uppercased() : nil }
        return (id, first(["GPODisplayName", "DisplayName"]))
    }
}
