import Artifacts
import PolicyPlan

#if canImport(Glibc)
    import Glibc
#endif

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
    private var valueNameBytes: [UInt8] = []
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
        try feedRaw(bytes) { raw in emit(raw.record(), raw.offset) }
    }

    /// `feed`, giving each record as checked bytes that are valid only during the call: for writers that print a
    /// record without building its strings.
    public mutating func feedRaw(_ bytes: UnsafeRawBufferPointer, _ emit: (borrowing RawRecord) -> Void)
        throws(DecodingError)
    {
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
            // Compared as memory: Array's == goes element by element.
            let same =
                units.count == keyUnits.count
                && units.withUnsafeBytes { a in
                    keyUnits.withUnsafeBytes { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
                }
            if !same {
                key = try string(units, offset: fieldStart)
                swap(&keyUnits, &units)
            }
            state = .afterKey
            units.removeAll(keepingCapacity: true)
        } else {
            // Kept as UTF-16 until someone asks: a record printed as JSON never needs it as a String.
            let valid = units.withUnsafeBytes { raw in
                raw.isEmpty || Self.isWellFormed(raw.bindMemory(to: UInt16.self))
            }
            guard valid else { try fail(fieldStart, "well-formed UTF-16", "an unpaired surrogate") }
            swap(&units, &valueNameBytes)
            units.removeAll(keepingCapacity: true)
            state = .afterValueName
        }
    }

    private mutating func delimiter(
        _ unit: UInt16, at start: Int, _ emit: (borrowing RawRecord) -> Void
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
            let dataOffset = start - size
            let checked = data.withUnsafeBytes { raw in
                Self.decode(raw, type: type, offset: dataOffset, build: false, utf8: &utf8)
            }
            if case .failure(let error) = checked { try fail(error.offset, error.expected, error.found) }
            count += 1
            valueNameBytes.withUnsafeBytes { name in
                data.withUnsafeBytes { bytes in
                    emit(RawRecord(key: key, valueName: name, type: type, data: bytes, offset: recordStart))
                }
            }
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

    /// Checks (`build` false) or decodes one value's data: the checks and errors of `RegistryPol.decode`.
    static func decode(
        _ data: UnsafeRawBufferPointer, type: RegistryValueType, offset: Int, build: Bool, utf8: inout [UInt8]
    ) -> Result<RegistryData, DecodingError> {
        let count = data.count
        func wrongCount(_ expected: Int) -> Result<RegistryData, DecodingError>? {
            guard count != expected else { return nil }
            return .failure(
                DecodingError(offset: offset, expected: "\(expected) data bytes for \(type.name)", found: "\(count)"))
        }
        func littleEndian() -> UInt64 {
            var value: UInt64 = 0
            for index in stride(from: count - 1, through: 0, by: -1) { value = value << 8 | UInt64(data[index]) }
            return value
        }
        switch type {
        case .none:
            return wrongCount(0) ?? .success(.none)
        case .binary:
            return .success(build ? .binary(Array(data)) : .none)
        case .dword, .dwordBigEndian:
            if let failure = wrongCount(4) { return failure }
            let value = UInt32(littleEndian())
            return .success(type == .dword ? .dword(value) : .dwordBigEndian(value.byteSwapped))
        case .qword:
            return wrongCount(8) ?? .success(.qword(littleEndian()))
        case .string, .expandString, .multiString:
            guard count.isMultiple(of: 2) else {
                return .failure(
                    DecodingError(offset: offset, expected: "an even data size for \(type.name)", found: "\(count)"))
            }
            // The data as UTF-16 code units (both supported architectures are little-endian, as the format is).
            let units =
                count == 0 ? UnsafeBufferPointer<UInt16>(start: nil, count: 0) : data.bindMemory(to: UInt16.self)
            func text(_ slice: Slice<UnsafeBufferPointer<UInt16>>) -> String? {
                let piece = UnsafeBufferPointer(rebasing: slice)
                if !build { return isWellFormed(piece) ? "" : nil }
                return string(piece, into: &utf8)
            }
            if type != .multiString {
                let end = units.last == 0 ? units.count - 1 : units.count
                guard let decoded = text(units[0..<end]) else { return .failure(surrogateError(offset)) }
                return .success(type == .string ? .string(decoded) : .expandString(decoded))
            }
            // Each string ends with NUL and an empty string ends the list; empty strings inside are kept.
            guard units.last == 0 else {
                return .failure(
                    DecodingError(offset: offset, expected: "REG_MULTI_SZ data ending in NUL", found: "no NUL"))
            }
            var strings: [String] = []
            var start = 0
            for index in 0..<units.count - 1 where units[index] == 0 {
                guard let decoded = text(units[start..<index]) else { return .failure(surrogateError(offset)) }
                if build { strings.append(decoded) }
                start = index + 1
            }
            guard start == units.count - 1 else {
                return .failure(
                    DecodingError(
                        offset: offset, expected: "REG_MULTI_SZ data ending in two NULs", found: "a single NUL"))
            }
            return .success(.multiString(strings))
        }
    }

    /// True when every surrogate is paired: what `string(_:into:)` accepts, without building the string.
    static func isWellFormed(_ units: UnsafeBufferPointer<UInt16>) -> Bool {
        var index = 0
        while index < units.count {
            let unit = units[index]
            index += 1
            guard unit & 0xF800 == 0xD800 else { continue }
            guard unit < 0xDC00, index < units.count, units[index] & 0xFC00 == 0xDC00 else { return false }
            index += 1
        }
        return true
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

/// A record as the reader checked it: the key decoded (keys repeat), the value name and data still as the file's
/// bytes (UTF-16LE for names and strings). The buffers live only during the `feedRaw` callback.
public struct RawRecord: ~Copyable {
    public let key: String
    /// UTF-16LE without the terminating NUL, well-formed.
    public let valueName: UnsafeRawBufferPointer
    public let type: RegistryValueType
    /// Exactly as many bytes as the size field says, checked for the type.
    public let data: UnsafeRawBufferPointer
    /// The byte offset of the record's `[`.
    public let offset: Int

    public var valueNameString: String {
        guard !valueName.isEmpty else { return "" }
        var utf8: [UInt8] = []
        return RegistryPolReader.string(valueName.bindMemory(to: UInt16.self), into: &utf8) ?? ""
    }

    /// The record with its strings built (cannot fail: the reader checked the bytes).
    public func record() -> RegistryRecord {
        var utf8: [UInt8] = []
        let decoded = RegistryPolReader.decode(data, type: type, offset: offset, build: true, utf8: &utf8)
        guard case .success(let value) = decoded else { preconditionFailure("a checked record failed to decode") }
        return RegistryRecord(key: key, valueName: valueNameString, data: value)
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
