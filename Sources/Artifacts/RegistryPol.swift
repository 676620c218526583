import PolicyPlan

/// The `Registry.pol` (PReg) format of [MS-GPREG] 2.2.1: the header `PReg` + version 1, then records
/// `[key\0;valueName\0;type;size;data]`, every delimiter and string UTF-16LE, type and size little-endian `UInt32`.
///
/// Records are written in the order given; the caller decides it (see `canonicalOrder(_:)`).
public enum RegistryPol {
    static let signature: [UInt8] = Array("PReg".utf8)
    static let version: UInt32 = 1

    // MARK: Encoding

    /// The bytes of a `Registry.pol` holding `records`, in the order given.
    ///
    /// Keys, value names and `REG_MULTI_SZ` strings must not contain U+0000: the format ends them with it. Names the
    /// format forbids but can still carry (an empty key, a value name over 259 characters) are written as they are.
    public static func encode(_ records: [RegistryRecord]) -> [UInt8] {
        var out = signature
        out.reserveCapacity(8 + records.count * 128)
        appendUInt32LE(version, to: &out)
        for record in records {
            precondition(!record.key.unicodeScalars.contains("\0"), "a Registry.pol key cannot contain U+0000")
            precondition(
                !record.valueName.unicodeScalars.contains("\0"), "a Registry.pol value name cannot contain U+0000")
            let data = encodeData(record.data)
            precondition(data.count <= Int(UInt32.max), "registry data too large for the size field")
            appendUnit(0x5B, to: &out)  // [
            appendUTF16(record.key, nulTerminated: true, to: &out)
            appendUnit(0x3B, to: &out)  // ;
            appendUTF16(record.valueName, nulTerminated: true, to: &out)
            appendUnit(0x3B, to: &out)
            appendUInt32LE(record.data.type.rawValue, to: &out)
            appendUnit(0x3B, to: &out)
            appendUInt32LE(UInt32(data.count), to: &out)
            appendUnit(0x3B, to: &out)
            out += data
            appendUnit(0x5D, to: &out)  // ]
        }
        return out
    }

    /// The data bytes of one value, as the size field counts them.
    static func encodeData(_ data: RegistryData) -> [UInt8] {
        var out: [UInt8] = []
        switch data {
        case .none:
            break
        case .string(let text), .expandString(let text):
            appendUTF16(text, nulTerminated: true, to: &out)
        case .multiString(let strings):
            for string in strings {
                precondition(!string.unicodeScalars.contains("\0"), "a REG_MULTI_SZ string cannot contain U+0000")
                appendUTF16(string, nulTerminated: true, to: &out)
            }
            appendUnit(0, to: &out)
        case .binary(let bytes):
            out = bytes
        case .dword(let value):
            appendUInt32LE(value, to: &out)
        case .dwordBigEndian(let value):
            appendUInt32LE(value.byteSwapped, to: &out)
        case .qword(let value):
            for shift in stride(from: 0, to: 64, by: 8) {
                out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return out
    }

    private static func appendUnit(_ unit: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: unit))
        out.append(UInt8(truncatingIfNeeded: unit >> 8))
    }

    /// UTF-16LE; `String.utf16` already splits characters outside the BMP into surrogate pairs.
    private static func appendUTF16(_ text: String, nulTerminated: Bool, to out: inout [UInt8]) {
        for unit in text.utf16 { appendUnit(unit, to: &out) }
        if nulTerminated { appendUnit(0, to: &out) }
    }

    private static func appendUInt32LE(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    // MARK: Ordering

    /// The order formats.md §2.2 recommends: keys grouped in order of first appearance, and within a key
    /// `**delvals.` first (the client applies the file in order, so it must not wipe the values that follow), then
    /// `**del.` directives, then the other values; each group keeps the given order.
    ///
    /// Keys are grouped case-insensitively, as the registry compares them; each record keeps its own spelling.
    public static func canonicalOrder(_ records: [RegistryRecord]) -> [RegistryRecord] {
        RegistryOrder.canonical(records) { $0 }
    }

    // MARK: Decoding

    /// Why bytes are not a `Registry.pol`: the byte offset, what the format needs there, and what is there.
    public struct DecodingError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Offset in bytes from the start of the file.
        public var offset: Int
        public var expected: String
        public var found: String

        public init(offset: Int, expected: String, found: String) {
            self.offset = offset
            self.expected = expected
            self.found = found
        }

        public var description: String { "offset \(offset): expected \(expected), found \(found)" }
    }

    /// The records of a `Registry.pol`, in file order. Throws at the first byte that does not fit the format.
    ///
    /// Records are walked by their size field, never by searching for `]`: binary data may have odd length and may
    /// contain any byte. String data without its terminating NUL is accepted, as Windows tolerates it.
    public static func decode(_ bytes: [UInt8]) throws -> [RegistryRecord] {
        var reader = Reader(bytes: bytes)
        guard bytes.starts(with: signature) else {
            throw DecodingError(offset: 0, expected: "signature 'PReg'", found: reader.describeBytes(count: 4))
        }
        reader.offset = 4
        let fileVersion = try reader.uint32(expected: "version 1")
        guard fileVersion == version else {
            throw DecodingError(offset: 4, expected: "version 1", found: "version \(fileVersion)")
        }
        var records: [RegistryRecord] = []
        while !reader.isAtEnd {
            try reader.expect(0x5B, "'['")
            let key = try reader.nulTerminatedString(what: "key")
            try reader.expect(0x3B, "';' after the key")
            let valueName = try reader.nulTerminatedString(what: "value name")
            try reader.expect(0x3B, "';' after the value name")
            let typeOffset = reader.offset
            let rawType = try reader.uint32(expected: "the value type")
            guard let type = RegistryValueType(rawValue: rawType) else {
                throw DecodingError(
                    offset: typeOffset, expected: "a value type (0-5, 7 or 11)", found: "type \(rawType)")
            }
            try reader.expect(0x3B, "';' after the type")
            let size = try reader.uint32(expected: "the data size")
            try reader.expect(0x3B, "';' after the size")
            let dataOffset = reader.offset
            let data = try reader.take(Int(size))
            try reader.expect(0x5D, "']'")
            records.append(
                RegistryRecord(
                    key: key, valueName: valueName, data: try decodeData(data, type: type, offset: dataOffset)))
        }
        return records
    }

    static func decodeData(_ data: [UInt8], type: RegistryValueType, offset: Int) throws -> RegistryData {
        func requireCount(_ count: Int) throws {
            guard data.count == count else {
                throw DecodingError(
                    offset: offset, expected: "\(count) data bytes for \(type.name)", found: "\(data.count)")
            }
        }
        func units() throws -> [UInt16] {
            guard data.count.isMultiple(of: 2) else {
                throw DecodingError(
                    offset: offset, expected: "an even data size for \(type.name)", found: "\(data.count)")
            }
            return stride(from: 0, to: data.count, by: 2).map { UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8 }
        }
        switch type {
        case .none:
            try requireCount(0)
            return .none
        case .string, .expandString:
            var text = try units()
            if text.last == 0 { text.removeLast() }
            let string = try decodeUTF16(text, offset: offset)
            return type == .string ? .string(string) : .expandString(string)
        case .multiString:
            // Each string ends with NUL and an empty string ends the list; empty strings inside are kept.
            let text = try units()
            guard text.last == 0 else {
                throw DecodingError(offset: offset, expected: "REG_MULTI_SZ data ending in NUL", found: "no NUL")
            }
            var strings = text.dropLast().split(separator: 0, omittingEmptySubsequences: false).map(Array.init)
            guard strings.removeLast().isEmpty else {
                throw DecodingError(
                    offset: offset, expected: "REG_MULTI_SZ data ending in two NULs", found: "a single NUL")
            }
            return .multiString(try strings.map { try decodeUTF16($0, offset: offset) })
        case .binary:
            return .binary(data)
        case .dword, .dwordBigEndian:
            try requireCount(4)
            let value = data.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return type == .dword ? .dword(value) : .dwordBigEndian(value.byteSwapped)
        case .qword:
            try requireCount(8)
            return .qword(data.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
    }

    /// Strict UTF-16: an unpaired surrogate is an error rather than U+FFFD, so decoding never changes data silently.
    static func decodeUTF16(_ units: [UInt16], offset: Int) throws -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error:
                throw DecodingError(offset: offset, expected: "well-formed UTF-16", found: "an unpaired surrogate")
            }
        }
    }

    /// A cursor over the file that reports where it failed.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        func describeBytes(count: Int) -> String {
            let available = bytes[offset..<min(offset + count, bytes.count)]
            if available.isEmpty { return "end of data" }
            return available.map { byte in
                let hex = String(byte, radix: 16, uppercase: true)
                return hex.count == 1 ? "0" + hex : hex
            }.joined(separator: " ")
        }

        mutating func take(_ count: Int) throws -> [UInt8] {
            guard bytes.count - offset >= count else {
                throw DecodingError(
                    offset: offset, expected: "\(count) data bytes", found: "\(bytes.count - offset) bytes left")
            }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func unit(expected: String) throws -> UInt16 {
            guard bytes.count - offset >= 2 else {
                throw DecodingError(offset: offset, expected: expected, found: describeBytes(count: 2))
            }
            defer { offset += 2 }
            return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        }

        mutating func uint32(expected: String) throws -> UInt32 {
            guard bytes.count - offset >= 4 else {
                throw DecodingError(offset: offset, expected: expected, found: describeBytes(count: 4))
            }
            defer { offset += 4 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }

        mutating func expect(_ delimiter: UInt16, _ expected: String) throws {
            let start = offset
            let found = try unit(expected: expected)
            guard found == delimiter else {
                offset = start
                throw DecodingError(offset: start, expected: expected, found: Reader.describe(unit: found))
            }
        }

        mutating func nulTerminatedString(what: String) throws -> String {
            let start = offset
            var units: [UInt16] = []
            while true {
                let unit = try unit(expected: "the NUL ending the \(what)")
                if unit == 0 { break }
                units.append(unit)
            }
            return try RegistryPol.decodeUTF16(units, offset: start)
        }

        static func describe(unit: UInt16) -> String {
            let hex = String(unit, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            guard unit >= 0x20, unit < 0x7F, let scalar = Unicode.Scalar(unit) else { return code }
            return "'\(Character(scalar))' (\(code))"
        }
    }
}
