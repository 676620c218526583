import Artifacts
import PolicyPlan

/// A streaming, strict `Registry.pol` (PReg) reader: bytes go in as chunks of any size (the CLI reads a file
/// descriptor into one fixed buffer), records come out as soon as their closing `]` is read. Nothing of the file is
/// kept but the record being read.
///
/// Strict as formats.md §2 asks, and as LGPO.exe and Samba refuse a file: the signature `PReg` and version 1
/// ([MS-GPREG] 2.2.1: "If the signature check … fails, the file is invalid and MUST be skipped"), every `[`, `;` and
/// `]` in place (LGPO: "Invalid file format. Expected '['", formats.md §2.2), keys and value names NUL-terminated,
/// a type [MS-GPREG] allows (0-5, 7, 11; REG_NONE for Salt's and LGPO's CREATEKEY), data exactly as long as the size
/// field (records are walked by size, never by searching for `]`: REG_BINARY may have odd length), string data of
/// even length and well-formed UTF-16, `REG_MULTI_SZ` ending in two NULs, `REG_DWORD` of 4 bytes and `REG_QWORD` of 8,
/// and nothing after the last record (Samba: "Unread Bytes"). String data without its final NUL is accepted, as
/// Windows tolerates it.
///
/// Errors are `RegistryPol.DecodingError`s identical, offset and wording, to `RegistryPol.decode`'s (a test checks
/// both readers on mutated files), so the two cannot drift apart.
public struct RegistryPolReader {
    public typealias DecodingError = RegistryPol.DecodingError

    enum State {
        case signature, version, open, key, afterKey, valueName, afterValueName, type, afterType, size, afterSize
        case data, close, failed
    }

    private var state = State.signature
    /// Bytes consumed before the current chunk.
    private var base = 0
    /// A byte of a UTF-16 unit whose second byte is in the next chunk.
    private var pending: UInt8?
    /// A little-endian integer (or the signature) being read, and how many of its bytes are in.
    private var word: UInt32 = 0
    private var wordBytes = 0
    /// Where the current field began (a string, an integer, the data).
    private var fieldStart = 0
    private var recordStart = 0
    /// The UTF-16LE bytes of the key or value name being read, and of the last key (records come grouped by key,
    /// so most keys repeat the one before and need no decoding).
    private var units: [UInt8] = []
    private var keyUnits: [UInt8] = []
    private var key = ""
    private var valueName = ""
    private var type = RegistryValueType.none
    private var size = 0
    private var data: [UInt8] = []
    private var utf8: [UInt8] = []

    /// How many records have been read.
    public private(set) var count = 0

    public init() {
        units.reserveCapacity(256)
        data.reserveCapacity(256)
    }

    /// Reads all of `bytes` (one chunk of the file, in order) and calls `emit` with each record completed in it
    /// and the byte offset of its `[`.
    public mutating func feed(
        _ bytes: UnsafeRawBufferPointer, _ emit: (_ record: RegistryRecord, _ offset: Int) -> Void
    ) throws(DecodingError) {
        let n = bytes.count
        var i = 0
        defer { base += n }
        while i < n {
            switch state {
            case .signature:
                word = word | UInt32(bytes[i]) << (8 * UInt32(wordBytes))
                wordBytes += 1
                i += 1
                if wordBytes == 4 {
                    guard word == 0x6765_5250 else {
                        try fail(0, "signature 'PReg'", Self.hex(word, count: 4))
                    }
                    (word, wordBytes, fieldStart, state) = (0, 0, 4, .version)
                }
            case .version, .type, .size:
                word = word | UInt32(bytes[i]) << (8 * UInt32(wordBytes))
                wordBytes += 1
                i += 1
                guard wordBytes == 4 else { continue }
                try finishWord()
            case .data:
                let take = min(size - data.count, n - i)
                data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<i + take]))
                i += take
                if data.count == size {
                    fieldStart = base + i
                    state = .close
                }
            case .key, .valueName:
                // The hot loop: find the terminating NUL unit, then copy the string's bytes in one go.
                if let first = pending {
                    pending = nil
                    i += 1
                    if first == 0, bytes[i - 1] == 0 {
                        try finishString()
                    } else {
                        units.append(first)
                        units.append(bytes[i - 1])
                    }
                    continue
                }
                let start = i
                while i + 1 < n, bytes[i] | bytes[i + 1] != 0 { i += 2 }
                units.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
                if i + 1 < n {
                    i += 2
                    try finishString()
                } else if i < n {
                    pending = bytes[i]
                    i += 1
                }
            case .open, .afterKey, .afterValueName, .afterType, .afterSize, .close:
                let unit: UInt16
                let start: Int
                if let first = pending {
                    start = base + i - 1
                    pending = nil
                    unit = UInt16(first) | UInt16(bytes[i]) << 8
                    i += 1
                } else if i + 1 < n {
                    start = base + i
                    unit = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                    i += 2
                } else {
                    pending = bytes[i]
                    i += 1
                    continue
                }
                try delimiter(unit, at: start, emit)
            case .failed:
                return
            }
        }
    }

    /// The end of the file: throws unless it fell between two records.
    public mutating func finish() throws(DecodingError) {
        let end = base - (pending == nil ? 0 : 1)
        let left = pending.map { Self.hex(UInt32($0), count: 1) } ?? "end of data"
        func wordFound() -> String { wordBytes == 0 ? "end of data" : Self.hex(word, count: wordBytes) }
        switch state {
        case .open where pending == nil, .failed: return
        case .signature: try fail(0, "signature 'PReg'", wordFound())
        case .version: try fail(4, "version 1", wordFound())
        case .type: try fail(fieldStart, "the value type", wordFound())
        case .size: try fail(fieldStart, "the data size", wordFound())
        case .data: try fail(fieldStart, "\(size) data bytes", "\(data.count) bytes left")
        case .key: try fail(end, "the NUL ending the key", left)
        case .valueName: try fail(end, "the NUL ending the value name", left)
        case .open, .afterKey, .afterValueName, .afterType, .afterSize, .close:
            try fail(end, Self.expectation(state), left)
        }
    }

    // MARK: Steps

    private mutating func finishWord() throws(DecodingError) {
        let value = word
        (word, wordBytes) = (0, 0)
        switch state {
        case .version:
            guard value == 1 else { try fail(4, "version 1", "version \(value)") }
            state = .open
        case .type:
            guard let known = RegistryValueType(rawValue: value) else {
                try fail(fieldStart, "a value type (0-5, 7 or 11)", "type \(value)")
            }
            type = known
            state = .afterType
        default:
            size = Int(value)
            state = .afterSize
        }
    }

    private mutating func finishString() throws(DecodingError) {
        if state == .key {
            if units != keyUnits {
                key = try string(units, offset: fieldStart)
                swap(&keyUnits, &units)
            }
            state = .afterKey
        } else {
            valueName = units.isEmpty ? "" : try string(units, offset: fieldStart)
            state = .afterValueName
        }
        units.removeAll(keepingCapacity: true)
    }

    private mutating func delimiter(
        _ unit: UInt16, at start: Int, _ emit: (RegistryRecord, Int) -> Void
    ) throws(DecodingError) {
        let expected: UInt16 =
            switch state {
            case .open: 0x5B
            case .close: 0x5D
            default: 0x3B
            }
        guard unit == expected else { try fail(start, Self.expectation(state), Self.describe(unit: unit)) }
        fieldStart = start + 2
        switch state {
        case .open:
            recordStart = start
            state = .key
        case .afterKey: state = .valueName
        case .afterValueName: state = .type
        case .afterType: state = .size
        case .afterSize:
            data.removeAll(keepingCapacity: true)
            state = size == 0 ? .close : .data
        default:
            let decoded = try decodeData(offset: start - size)
            count += 1
            emit(RegistryRecord(key: key, valueName: valueName, data: decoded), recordStart)
            state = .open
        }
    }

    private mutating func fail(_ offset: Int, _ expected: String, _ found: String) throws(DecodingError) -> Never {
        state = .failed
        throw DecodingError(offset: offset, expected: expected, found: found)
    }

    private static func expectation(_ state: State) -> String {
        switch state {
        case .open: "'['"
        case .afterKey: "';' after the key"
        case .afterValueName: "';' after the value name"
        case .afterType: "';' after the type"
        case .afterSize: "';' after the size"
        default: "']'"
        }
    }

    // MARK: Data

    private mutating func decodeData(offset: Int) throws(DecodingError) -> RegistryData {
        let count = data.count
        func require(_ expected: Int) throws(DecodingError) {
            guard count == expected else {
                try fail(offset, "\(expected) data bytes for \(type.name)", "\(count)")
            }
        }
        func littleEndian() -> UInt64 {
            var value: UInt64 = 0
            for index in stride(from: count - 1, through: 0, by: -1) { value = value << 8 | UInt64(data[index]) }
            return value
        }
        switch type {
        case .none:
            try require(0)
            return .none
        case .binary:
            return .binary(data)
        case .dword, .dwordBigEndian:
            try require(4)
            let value = UInt32(littleEndian())
            return type == .dword ? .dword(value) : .dwordBigEndian(value.byteSwapped)
        case .qword:
            try require(8)
            return .qword(littleEndian())
        case .string, .expandString, .multiString:
            guard count.isMultiple(of: 2) else {
                try fail(offset, "an even data size for \(type.name)", "\(count)")
            }
            // The data as UTF-16 code units (both supported architectures are little-endian, as the format is).
            let decoded: Result<RegistryData, DecodingError> = data.withUnsafeBytes { raw in
                let units = raw.bindMemory(to: UInt16.self)
                if type != .multiString {
                    let end = units.last == 0 ? units.count - 1 : units.count
                    guard let text = Self.string(UnsafeBufferPointer(rebasing: units[0..<end]), into: &utf8) else {
                        return .failure(Self.surrogateError(offset))
                    }
                    return .success(type == .string ? .string(text) : .expandString(text))
                }
                // Each string ends with NUL and an empty string ends the list; empty strings inside are kept.
                guard units.last == 0 else {
                    return .failure(
                        DecodingError(offset: offset, expected: "REG_MULTI_SZ data ending in NUL", found: "no NUL"))
                }
                var strings: [String] = []
                var start = 0
                for index in 0..<units.count - 1 where units[index] == 0 {
                    guard let text = Self.string(UnsafeBufferPointer(rebasing: units[start..<index]), into: &utf8)
                    else {
                        return .failure(Self.surrogateError(offset))
                    }
                    strings.append(text)
                    start = index + 1
                }
                guard start == units.count - 1 else {
                    return .failure(
                        DecodingError(
                            offset: offset, expected: "REG_MULTI_SZ data ending in two NULs", found: "a single NUL"))
                }
                return .success(.multiString(strings))
            }
            switch decoded {
            case .success(let value): return value
            case .failure(let error):
                state = .failed
                throw error
            }
        }
    }

    private mutating func string(_ bytes: [UInt8], offset: Int) throws(DecodingError) -> String {
        let text = bytes.withUnsafeBytes { Self.string($0.bindMemory(to: UInt16.self), into: &utf8) }
        guard let text else { try fail(offset, "well-formed UTF-16", "an unpaired surrogate") }
        return text
    }

    static func surrogateError(_ offset: Int) -> DecodingError {
        DecodingError(offset: offset, expected: "well-formed UTF-16", found: "an unpaired surrogate")
    }

    /// Strict UTF-16 to a `String`, or nil at an unpaired surrogate: reading never changes data silently (no U+FFFD).
    /// Transcodes to UTF-8 itself (`utf8` is a reused buffer): `String(decoding:as: UTF16.self)` is several times
    /// slower.
    static func string(_ units: UnsafeBufferPointer<UInt16>, into utf8: inout [UInt8]) -> String? {
        if !units.contains(where: { $0 >= 0x80 }) {
            return String(unsafeUninitializedCapacity: units.count) { buffer in
                for index in 0..<units.count { buffer[index] = UInt8(truncatingIfNeeded: units[index]) }
                return units.count
            }
        }
        utf8.removeAll(keepingCapacity: true)
        var index = 0
        while index < units.count {
            let unit = UInt32(units[index])
            index += 1
            if unit < 0x80 {
                utf8.append(UInt8(unit))
            } else if unit < 0x800 {
                utf8.append(UInt8(0xC0 | unit >> 6))
                utf8.append(UInt8(0x80 | unit & 0x3F))
            } else if unit & 0xF800 != 0xD800 {
                utf8.append(UInt8(0xE0 | unit >> 12))
                utf8.append(UInt8(0x80 | unit >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | unit & 0x3F))
            } else {
                // A high surrogate followed by a low one; anything else is malformed.
                guard unit < 0xDC00, index < units.count, units[index] & 0xFC00 == 0xDC00 else { return nil }
                let scalar = 0x1_0000 + ((unit - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
                index += 1
                utf8.append(UInt8(0xF0 | scalar >> 18))
                utf8.append(UInt8(0x80 | scalar >> 12 & 0x3F))
                utf8.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    static func hex(_ word: UInt32, count: Int) -> String {
        (0..<count).map { index in
            let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt32(index)))
            let text = String(byte, radix: 16, uppercase: true)
            return text.count == 1 ? "0" + text : text
        }.joined(separator: " ")
    }

    static func describe(unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        guard unit >= 0x20, unit < 0x7F, let scalar = Unicode.Scalar(unit) else { return code }
        return "'\(Character(scalar))' (\(code))"
    }
}

extension RegistryPolReader {
    /// Every record of a file held in memory, for tests and small inputs.
    public static func records(_ bytes: [UInt8]) throws(DecodingError) -> [RegistryRecord] {
        var reader = RegistryPolReader()
        var out: [RegistryRecord] = []
        do {
            try bytes.withUnsafeBytes { raw in try reader.feed(raw) { record, _ in out.append(record) } }
        } catch let error as DecodingError {
            throw error
        } catch {
            preconditionFailure("unexpected \(error)")
        }
        try reader.finish()
        return out
    }
}
