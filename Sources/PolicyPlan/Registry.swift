/// Which `Registry.pol` of a GPO a record goes to: `Machine` (HKLM) or `User` (HKCU). The file decides the root;
/// records never carry `HKLM\` or `HKCU\` ([MS-GPREG] 2.2.1).
public enum RegistryHive: String, Hashable, Codable, Sendable, CaseIterable, Comparable {
    case machine = "HKLM"
    case user = "HKCU"

    /// The root key as `.reg` files and Group Policy Preferences spell it.
    public var rootKeyName: String { self == .machine ? "HKEY_LOCAL_MACHINE" : "HKEY_CURRENT_USER" }
    /// The GPO folder: `Machine` or `User`.
    public var gpoFolder: String { self == .machine ? "Machine" : "User" }

    public static func < (lhs: RegistryHive, rhs: RegistryHive) -> Bool { lhs == .machine && rhs == .user }
}

/// Registry value types as numbered in Registry.pol (winnt.h `REG_*`).
public enum RegistryValueType: UInt32, Hashable, Codable, Sendable, CaseIterable {
    case none = 0
    case string = 1
    case expandString = 2
    case binary = 3
    case dword = 4
    case dwordBigEndian = 5
    case multiString = 7
    case qword = 11

    /// `REG_SZ`, `REG_DWORD`, … as tools print them.
    public var name: String {
        switch self {
        case .none: "REG_NONE"
        case .string: "REG_SZ"
        case .expandString: "REG_EXPAND_SZ"
        case .binary: "REG_BINARY"
        case .dword: "REG_DWORD"
        case .dwordBigEndian: "REG_DWORD_BIG_ENDIAN"
        case .multiString: "REG_MULTI_SZ"
        case .qword: "REG_QWORD"
        }
    }
}

/// The data of a registry value.
public enum RegistryData: Hashable, Codable, Sendable {
    case none
    case string(String)
    case expandString(String)
    case binary([UInt8])
    case dword(UInt32)
    case dwordBigEndian(UInt32)
    case multiString([String])
    case qword(UInt64)

    public var type: RegistryValueType {
        switch self {
        case .none: .none
        case .string: .string
        case .expandString: .expandString
        case .binary: .binary
        case .dword: .dword
        case .dwordBigEndian: .dwordBigEndian
        case .multiString: .multiString
        case .qword: .qword
        }
    }
}

/// One record of a Registry.pol: a value to set, or a directive such as `**del.<name>`.
public struct RegistryRecord: Hashable, Codable, Sendable {
    /// The key path without a hive, `Software\Policies\Microsoft\Communicator`.
    public var key: String
    /// The value name, or a directive (`**del.ServerAddressInternal`, `**delvals.`).
    public var valueName: String
    public var data: RegistryData

    public init(key: String, valueName: String, data: RegistryData) {
        self.key = key
        self.valueName = valueName
        self.data = data
    }

    /// The record that deletes `name`: REG_SZ " " (size 4), as LGPO.exe and the Group Policy editor write it.
    public static func delete(key: String, valueName name: String) -> RegistryRecord {
        RegistryRecord(key: key, valueName: "**del.\(name)", data: .string(" "))
    }

    /// The record that deletes every value of `key` before a list is written.
    public static func deleteAllValues(key: String) -> RegistryRecord {
        RegistryRecord(key: key, valueName: "**delvals.", data: .string(" "))
    }

    /// The value this record deletes, when it is a `**del.` directive.
    public var deletedValueName: String? {
        if case .delete(let name) = RegistryDirective(valueName) { return name }
        return nil
    }
}

/// The `**` directives whose place in a key matters (formats.md §2.3). Windows compares them case-insensitively
/// (the Win32 page spells `**DelVals`, Windows tools write `**delvals.`).
public enum RegistryDirective: Equatable, Sendable {
    case deleteAllValues
    case delete(valueName: String)
    case none

    public init(_ valueName: String) {
        if Self.hasPrefix(valueName, "**delvals") {
            self = .deleteAllValues
        } else if Self.hasPrefix(valueName, "**del.") {
            self = .delete(valueName: String(valueName.dropFirst("**del.".count)))
        } else {
            self = .none
        }
    }

    /// ASCII-only case folding: full Unicode lowering could turn other letters into these ASCII ones.
    private static func hasPrefix(_ name: String, _ lowercasePrefix: String) -> Bool {
        let fold = { (byte: UInt8) in (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        return name.utf8.count >= lowercasePrefix.utf8.count
            && zip(name.utf8, lowercasePrefix.utf8).allSatisfy { fold($0) == $1 }
    }
}

/// The order formats.md §2.2 recommends for a Registry.pol: keys grouped in order of first appearance, and within a
/// key `**delvals.` first (the client applies the file in order, so it must not wipe the values that follow), then
/// `**del.` directives, then the other values; each group keeps the given order. Keys are grouped
/// case-insensitively, as the registry compares them; each record keeps its own spelling.
public enum RegistryOrder {
    public static func canonical<Item>(_ items: [Item], record: (Item) -> RegistryRecord) -> [Item] {
        var keyOrder: [String] = []
        var groups: [String: [[Item]]] = [:]
        for item in items {
            let key = record(item).key.lowercased()
            if groups[key] == nil {
                keyOrder.append(key)
                groups[key] = [[], [], []]
            }
            let rank =
                switch RegistryDirective(record(item).valueName) {
                case .deleteAllValues: 0
                case .delete: 1
                case .none: 2
                }
            groups[key]![rank].append(item)
        }
        return keyOrder.flatMap { groups[$0]!.joined() }
    }
}

/// A registry value's identity as the registry compares it: the key and the value name, case-insensitively.
public struct RegistryValueID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Lower-cased key, `software\policies\microsoft\communicator`.
    public let key: String
    /// Lower-cased value name.
    public let valueName: String

    public init(key: String, valueName: String) {
        self.key = key.lowercased()
        self.valueName = valueName.lowercased()
    }

    /// The value a record sets, or the one its `**del.` directive removes; nil for `**delvals.`.
    public init?(_ record: RegistryRecord) {
        switch RegistryDirective(record.valueName) {
        case .deleteAllValues: return nil
        case .delete(let valueName): self.init(key: record.key, valueName: valueName)
        case .none: self.init(key: record.key, valueName: record.valueName)
        }
    }

    /// Whether the value sits under `key` or one of its subkeys.
    public func isWithin(key: String) -> Bool {
        let key = key.lowercased()
        return self.key == key || self.key.hasPrefix(key + "\\")
    }

    /// Whether the value sits directly under `key` (not in a subkey).
    public func isDirectly(under key: String) -> Bool { self.key == key.lowercased() }

    /// `key\valuename`, lower-cased.
    public var description: String { "\(key)\\\(valueName)" }

    public static func < (lhs: RegistryValueID, rhs: RegistryValueID) -> Bool {
        (lhs.key, lhs.valueName) < (rhs.key, rhs.valueName)
    }
}

extension RegistryData {
    /// One line of text that identifies the data exactly, for content hashes: the type name, a tab, and the data
    /// (numbers in decimal, text with `\`, tab, CR, LF and NUL escaped, multi-strings joined by `\0`, bytes in hex).
    public var canonicalText: String {
        func escaped(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\n": out += "\\n"
                case "\0": out += "\\0"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        let data: String =
            switch self {
            case .none: ""
            case .string(let text), .expandString(let text): escaped(text)
            case .binary(let bytes): bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            case .dword(let number), .dwordBigEndian(let number): String(number)
            case .multiString(let list): list.map(escaped).joined(separator: "\\0")
            case .qword(let number): String(number)
            }
        return "\(type.name)\t\(data)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
