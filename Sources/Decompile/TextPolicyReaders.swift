import Artifacts
import PolicyPlan

/// A registry record read from a text format, with its hive and line.
public struct TextRecord: Hashable, Sendable {
    public var hive: RegistryHive
    public var record: RegistryRecord
    /// 1-based line of the value (of its first line when continued).
    public var line: Int
}

/// A problem in a text input, at a 1-based line and column (columns in characters).
public struct TextInputError: Error, Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
    public var help: String
}

/// The text of a file as regedit and LGPO.exe write it: UTF-16LE with a byte order mark, or UTF-8 (with or without
/// one); strict, so a byte that is not in the encoding is an error at its line rather than a U+FFFD.
enum TextDecoding {
    static func decode(_ bytes: [UInt8]) -> Result<String, TextInputError> {
        if bytes.starts(with: [0xFF, 0xFE]) {
            guard bytes.count.isMultiple(of: 2) else {
                return .failure(
                    TextInputError(
                        line: 1, column: 1, message: "UTF-16LE file of odd length (\(bytes.count) bytes)",
                        help: "the file is cut or not UTF-16"))
            }
            let units = stride(from: 2, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
            var utf8: [UInt8] = []
            guard let text = units.withUnsafeBufferPointer({ RegistryPolReader.string($0, into: &utf8) }) else {
                return .failure(
                    TextInputError(
                        line: 1, column: 1, message: "malformed UTF-16 (an unpaired surrogate)",
                        help: "save the file again as Unicode (UTF-16LE) or UTF-8"))
            }
            return .success(text)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            let good = body.prefix { $0 < 0x80 }
            let line = good.filter { $0 == 0x0A }.count + 1
            return .failure(
                TextInputError(
                    line: line, column: 1, message: "the file is neither UTF-16LE with a byte order mark nor UTF-8",
                    help: "save it as Unicode (regedit's default) or UTF-8"))
        }
        return .success(text)
    }

    /// Lines without their ends (LF or CRLF; in Swift "\r\n" is one `Character`, so splitting on "\n" alone would
    /// miss it).
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }
}

/// `.reg` files (formats.md §5, KB 310516): `Windows Registry Editor Version 5.00` or `REGEDIT4` on the first line,
/// `[HKEY_LOCAL_MACHINE\…]` and `[HKEY_CURRENT_USER\…]` sections, `"name"="text"`, `@=`, `dword:` with 8 hex
/// digits, `hex:`/`hex(N):` bytes continued with `\`, and `"name"=-`, which becomes `**del.name` as in a
/// `Registry.pol`. Deleting a key (`[-…]`) has no policy meaning and is an error, as are other roots.
public enum RegFileReader {
    public static func read(_ bytes: [UInt8]) -> Result<[TextRecord], TextInputError> {
        let text: String
        switch TextDecoding.decode(bytes) {
        case .success(let decoded): text = decoded
        case .failure(let error): return .failure(error)
        }
        let lines = TextDecoding.lines(text)
        func fail(_ line: Int, _ column: Int, _ message: String, _ help: String) -> Result<[TextRecord], TextInputError>
        {
            .failure(TextInputError(line: line, column: column, message: message, help: help))
        }
        guard let first = lines.first, first == "Windows Registry Editor Version 5.00" || first == "REGEDIT4" else {
            return fail(
                1, 1, "a .reg file starts with 'Windows Registry Editor Version 5.00' or 'REGEDIT4'",
                "export the key with regedit, or add the header line")
        }
        var out: [TextRecord] = []
        var section: (hive: RegistryHive, key: String)?
        var index = 1
        while index < lines.count {
            let number = index + 1
            var line = String(lines[index])
            index += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    return fail(number, 1, "section header without ']'", "write it as [HKEY_CURRENT_USER\\Software\\…]")
                }
                let path = trimmed.dropFirst().dropLast()
                if path.hasPrefix("-") {
                    return fail(
                        number, 2, "'[-\(path.dropFirst())]' deletes a key, which no registry policy does",
                        "remove the section; Registry.pol can delete values, not keys")
                }
                let root = path.prefix { $0 != "\\" }
                let hive: RegistryHive
                switch root.uppercased() {
                case "HKEY_LOCAL_MACHINE": hive = .machine
                case "HKEY_CURRENT_USER": hive = .user
                default:
                    return fail(
                        number, 2, "root '\(root)' is not HKEY_LOCAL_MACHINE or HKEY_CURRENT_USER",
                        "Group Policy's registry policy writes only those two roots")
                }
                section = (hive, String(path.dropFirst(root.count + 1)))
                continue
            }
            guard let (hive, key) = section else {
                return fail(number, 1, "value outside any [key] section", "put a [HKEY_…\\key] line above it")
            }
            // The value name: @ or a quoted string with \\ and \" escapes.
            var characters = Array(line)
            var position = 0
            var name = ""
            if characters.first == "@" {
                position = 1
            } else {
                guard characters.first == "\"" else {
                    return fail(number, 1, "expected '\"name\"=' or '@='", "quote the value name")
                }
                position = 1
                var closed = false
                while position < characters.count {
                    let character = characters[position]
                    position += 1
                    if character == "\\", position < characters.count {
                        name.append(characters[position])
                        position += 1
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        name.append(character)
                    }
                }
                guard closed else { return fail(number, position + 1, "value name without its closing '\"'", "") }
            }
            guard position < characters.count, characters[position] == "=" else {
                return fail(number, position + 1, "expected '=' after the value name", "write \"name\"=value")
            }
            position += 1
            let valueColumn = position + 1
            var rest = String(characters[position...])
            let data: RegistryData
            if rest == "-" {
                out.append(TextRecord(hive: hive, record: .delete(key: key, valueName: name), line: number))
                continue
            } else if rest.hasPrefix("\"") {
                var text = ""
                var closed = false
                var cursor = 1
                let value = Array(rest)
                while cursor < value.count {
                    let character = value[cursor]
                    cursor += 1
                    if character == "\\", cursor < value.count {
                        text.append(value[cursor])
                        cursor += 1
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        text.append(character)
                    }
                }
                guard closed, cursor == value.count else {
                    return fail(
                        number, valueColumn, "string value without its closing '\"' (or text after it)",
                        "escape '\"' and '\\' inside the value as \\\" and \\\\")
                }
                data = .string(text)
            } else if rest.lowercased().hasPrefix("dword:") {
                let digits = rest.dropFirst(6)
                guard digits.count == 8, let value = UInt32(digits, radix: 16) else {
                    return fail(
                        number, valueColumn + 6, "dword value '\(digits)' is not 8 hex digits",
                        "write dword:0000000a (regedit and hivex require all 8 digits)")
                }
                data = .dword(value)
            } else if rest.lowercased().hasPrefix("hex") {
                // hex: or hex(N): then bytes, continued with a trailing backslash.
                var type = RegistryValueType.binary
                var afterTag = rest.dropFirst(3)
                if afterTag.hasPrefix("(") {
                    guard let close = afterTag.firstIndex(of: ")"),
                        let raw = UInt32(afterTag[afterTag.index(after: afterTag.startIndex)..<close], radix: 16),
                        let parsed = RegistryValueType(rawValue: raw)
                    else {
                        return fail(
                            number, valueColumn + 3, "unknown value type '\(afterTag.prefix(6))'",
                            "hex(N) takes a registry type in hex: 0-5, 7 or b")
                    }
                    type = parsed
                    afterTag = afterTag[afterTag.index(after: close)...]
                }
                guard afterTag.hasPrefix(":") else {
                    return fail(
                        number, valueColumn + 3, "expected ':' after the hex type", "write hex:01,02 or hex(7):…")
                }
                var hexText = String(afterTag.dropFirst())
                while hexText.hasSuffix("\\") {
                    hexText.removeLast()
                    guard index < lines.count, lines[index].contains(where: { $0 != " " && $0 != "\t" }) else {
                        return fail(
                            number, 1, "hex value continued with '\\' but no bytes follow",
                            "remove the trailing backslash or add the next line of bytes")
                    }
                    hexText += lines[index].drop { $0 == " " || $0 == "\t" }
                    index += 1
                }
                var bytes: [UInt8] = []
                for piece in hexText.split(separator: ",", omittingEmptySubsequences: false) where !hexText.isEmpty {
                    let digits = piece.trimmingTrailingSpaces().drop { $0 == " " }
                    guard digits.count == 2, let byte = UInt8(digits, radix: 16) else {
                        return fail(
                            number, valueColumn, "'\(piece)' is not a hex byte", "hex values are bytes like 0a,ff")
                    }
                    bytes.append(byte)
                }
                guard let decoded = RegistryPolReader.data(bytes, type: type) else {
                    return fail(
                        number, valueColumn, "the bytes are not valid \(type.name) data",
                        "string types are UTF-16LE with a final NUL; REG_DWORD is 4 bytes, REG_QWORD 8")
                }
                data = decoded
            } else {
                rest = String(rest.prefix(20))
                return fail(
                    number, valueColumn, "unknown value '\(rest)'",
                    "a value is \"text\", dword:XXXXXXXX, hex:…, hex(N):… or - (delete)")
            }
            line = ""
            characters = []
            out.append(
                TextRecord(hive: hive, record: RegistryRecord(key: key, valueName: name, data: data), line: number))
        }
        return .success(out)
    }
}

/// LGPO.exe text (formats.md §2.6): stanzas of four lines, configuration (`Computer` or `User`), key, value name and
/// action (`DWORD:n`, `SZ:text`, `EXSZ:text`, `MULTISZ:a\0b`, `DELETE`, `DELETEALLVALUES`, `CREATEKEY`), with `;`
/// comments and blank lines between. `DELETEKEYS` and `CLEAR` are refused: formats.md does not say what
/// Registry.pol records they stand for.
public enum LGPOTextReader {
    public static func read(_ bytes: [UInt8]) -> Result<[TextRecord], TextInputError> {
        let text: String
        switch TextDecoding.decode(bytes) {
        case .success(let decoded): text = decoded
        case .failure(let error): return .failure(error)
        }
        var out: [TextRecord] = []
        var stanza: [(line: Int, text: Substring)] = []
        for (index, line) in TextDecoding.lines(text).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix(";") { continue }
            stanza.append((index + 1, line))
            guard stanza.count == 4 else { continue }
            defer { stanza.removeAll() }
            let (configuration, key, valueName, action) = (stanza[0], stanza[1], stanza[2], stanza[3])
            let hive: RegistryHive
            switch configuration.text {
            case "Computer": hive = .machine
            case "User": hive = .user
            default:
                return .failure(
                    TextInputError(
                        line: configuration.line, column: 1,
                        message: "expected 'Computer' or 'User', found '\(configuration.text.prefix(40))'",
                        help: "each stanza is four lines: configuration, key, value name, action"))
            }
            let name = String(valueName.text)
            let record: RegistryRecord
            let verb = action.text.prefix { $0 != ":" }
            let argument = String(action.text.dropFirst(verb.count + 1))
            switch (verb, action.text.contains(":")) {
            case ("DWORD", true):
                guard let number = UInt32(argument) else {
                    return .failure(
                        TextInputError(
                            line: action.line, column: 7, message: "'\(argument)' is not a DWORD (0-4294967295)",
                            help: "write DWORD:1"))
                }
                record = RegistryRecord(key: String(key.text), valueName: name, data: .dword(number))
            case ("SZ", true): record = RegistryRecord(key: String(key.text), valueName: name, data: .string(argument))
            case ("EXSZ", true):
                record = RegistryRecord(key: String(key.text), valueName: name, data: .expandString(argument))
            case ("MULTISZ", true):
                let strings = argument.components(separatedBy: "\\0")
                record = RegistryRecord(key: String(key.text), valueName: name, data: .multiString(strings))
            case ("DELETE", false): record = .delete(key: String(key.text), valueName: name)
            case ("DELETEALLVALUES", false): record = .deleteAllValues(key: String(key.text))
            case ("CREATEKEY", false): record = RegistryRecord(key: String(key.text), valueName: "", data: .none)
            default:
                return .failure(
                    TextInputError(
                        line: action.line, column: 1,
                        message: "unknown or unsupported action '\(action.text.prefix(40))'",
                        help:
                            "sipgpo reads DWORD:, SZ:, EXSZ:, MULTISZ:, DELETE, DELETEALLVALUES and CREATEKEY (formats.md §2.6)"
                    ))
            }
            out.append(TextRecord(hive: hive, record: record, line: valueName.line))
        }
        if let first = stanza.first {
            return .failure(
                TextInputError(
                    line: first.line, column: 1, message: "incomplete stanza: \(stanza.count) of 4 lines",
                    help: "each stanza is four lines: configuration, key, value name, action"))
        }
        return .success(out)
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            out.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}

extension RegistryPolReader {
    /// The data of one value given as bytes (a `.reg` file's `hex(N):`), decoded exactly as a `Registry.pol`
    /// record's data, by reading it as one: nil when the bytes do not fit the type.
    public static func data(_ bytes: [UInt8], type: RegistryValueType) -> RegistryData? {
        var file: [UInt8] = Array("PReg".utf8) + [1, 0, 0, 0]
        func unit(_ value: UInt16) { file += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func word(_ value: UInt32) { file += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        unit(0x5B)
        unit(0x4B)
        unit(0)
        unit(0x3B)
        unit(0x56)
        unit(0)
        unit(0x3B)
        word(type.rawValue)
        unit(0x3B)
        word(UInt32(bytes.count))
        unit(0x3B)
        file += bytes
        unit(0x5D)
        return (try? records(file))?.first?.data
    }
}
