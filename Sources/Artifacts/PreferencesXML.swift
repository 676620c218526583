import PolicyPlan

/// Group Policy Preferences `Registry.xml` ([MS-GPPREF] 2.2.1.17; formats.md §3), laid out as GPMC writes it:
/// the declaration, CRLF, then the root with one `Registry` item per line, lines joined by CRLF + TAB.
public enum PreferencesXML {
    static let settingsCLSID = "{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}"
    static let registryCLSID = "{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}"
    /// GPMC stamps each item with the time it was last edited. A fixed stamp keeps two builds of the same site
    /// byte-identical; clients do not read it.
    static let changed = "2000-01-01 00:00:00"

    /// The `Registry.xml` of one side (`Machine` or `User`) holding `items` in the order given.
    public static func registryXML(_ items: [PreferenceItem]) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
            + XMLText.openTag("RegistrySettings", [("clsid", settingsCLSID)]) + ">"
            + items.map(item).joined(separator: "\r\n\t")
            + "</RegistrySettings>"
    }

    static func item(_ item: PreferenceItem) -> String {
        let user = item.hive == .user
        let value = Value(item.data)
        var attributes = [
            ("clsid", registryCLSID), ("name", item.valueName), ("status", item.valueName),
            ("image", String(value.imageBase + actionOffset(item.action))), ("changed", changed),
            ("uid", item.uid.description), ("bypassErrors", "1"),
        ]
        // Runs as the user for HKCU. No removePolicy: a pre-filled sign-in address must survive the user moving OU,
        // and GPMC pairs "remove when no longer applied" with Replace, not Update.
        if user { attributes.append(("userContext", "1")) }
        let properties = XMLText.openTag(
            "Properties",
            [
                ("action", item.action.rawValue), ("displayDecimal", value.displayDecimal ? "1" : "0"),
                // default="1" addresses the key's unnamed value.
                ("default", item.valueName.isEmpty ? "1" : "0"), ("hive", item.hive.rootKeyName), ("key", item.key),
                ("name", item.valueName), ("type", value.type), ("value", value.text),
            ])
        let valuesList =
            value.list.map { list in
                "<Values>" + list.map { "<Value>\(XMLText.text($0))</Value>" }.joined() + "</Values>"
            }
        let filter = XMLText.openTag(
            "FilterOrgUnit",
            [
                ("bool", "AND"), ("not", "0"), ("name", item.organizationalUnit.description),
                ("userContext", user ? "1" : "0"), ("directMember", "0"),
            ])
        return XMLText.openTag("Registry", attributes) + ">"
            + properties + (valuesList.map { ">\($0)</Properties>" } ?? "/>")
            + "<Filters>" + filter + "/></Filters></Registry>"
    }

    /// GPMC's icon: a base per value type plus the action (C 0, R 1, U 2, D 3). Inferred from the images seen
    /// (REG_SZ update 7, REG_DWORD update 12, REG_BINARY update 17); display only, unverified.
    static func actionOffset(_ action: PreferenceItem.Action) -> Int {
        switch action {
        case .create: 0
        case .replace: 1
        case .update: 2
        case .delete: 3
        }
    }

    /// How an item spells its data: type name, `value` attribute, and the `Values` list of a REG_MULTI_SZ.
    struct Value {
        var type: String
        var text: String
        var list: [String]?
        var imageBase: Int
        var displayDecimal: Bool

        init(_ data: RegistryData) {
            list = nil
            displayDecimal = false
            switch data {
            case .none:
                (type, text, imageBase) = ("REG_NONE", "", 15)
            case .string(let string):
                (type, text, imageBase) = ("REG_SZ", string, 5)
            case .expandString(let string):
                (type, text, imageBase) = ("REG_EXPAND_SZ", string, 5)
            case .multiString(let strings):
                (type, text, imageBase) = ("REG_MULTI_SZ", strings.joined(separator: " "), 5)
                list = strings
            case .dword(let number):
                (type, text, imageBase, displayDecimal) = ("REG_DWORD", Self.hex(UInt64(number), digits: 8), 10, true)
            case .qword(let number):
                (type, text, imageBase, displayDecimal) = ("REG_QWORD", Self.hex(number, digits: 16), 10, true)
            case .binary(let bytes):
                (type, text, imageBase) = ("REG_BINARY", bytes.map { Self.hex(UInt64($0), digits: 2) }.joined(), 15)
            case .dwordBigEndian(let number):
                // Preferences have no REG_DWORD_BIG_ENDIAN; the same four bytes as binary are the closest.
                let bytes = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: number >> UInt32($0)) }
                (type, text, imageBase) = ("REG_BINARY", bytes.map { Self.hex(UInt64($0), digits: 2) }.joined(), 15)
            }
        }

        /// Upper-case hex with leading zeros, as GPMC writes `value="0000000A"`.
        static func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
    }
}
