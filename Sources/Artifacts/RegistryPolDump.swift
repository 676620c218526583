import PolicyPlan

/// A readable text form of `Registry.pol` records, the golden kept beside each binary golden.
///
/// One line per record, `KEY<TAB>VALUENAME<TAB>TYPE<TAB>DATA`, exactly as `shared/tools/dump-pol` prints a file
/// through Samba's parser, so the two can be diffed: REG_SZ and REG_EXPAND_SZ as text, REG_DWORD,
/// REG_DWORD_BIG_ENDIAN and REG_QWORD in decimal, REG_MULTI_SZ joined with `|`, REG_BINARY in lower-case hex,
/// REG_NONE empty. Every line ends with `\n`.
public enum RegistryPolDump {
    public static func text(_ records: [RegistryRecord]) -> String {
        records.map { record in
            "\(record.key)\t\(record.valueName)\t\(record.data.type.name)\t\(data(record.data))\n"
        }.joined()
    }

    static func data(_ data: RegistryData) -> String {
        switch data {
        case .none: ""
        // Samba reads REG_SZ data as a C string, so dump-pol shows it up to the first NUL.
        case .string(let text), .expandString(let text): String(text.unicodeScalars.prefix { $0 != "\0" })
        // dump-pol strips every trailing NUL before splitting, so trailing empty strings vanish from its output.
        case .multiString(let strings): strings.reversed().drop(while: \.isEmpty).reversed().joined(separator: "|")
        case .dword(let value), .dwordBigEndian(let value): String(value)
        case .qword(let value): String(value)
        case .binary(let bytes):
            bytes.map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
        }
    }
}
