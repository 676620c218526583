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
    private var units: [UInt16] = []
    private var keyUnits: [UInt16] = []
    private var key = ""
    private var valueName = ""
    private var type = RegistryValueType.none
    private var size = 0
    private var data: [UInt8] = []
    private var scratch: [UInt16] = []

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
                // The hot loop: two bytes at a time until the terminating NUL.
                if let first = pending {
                    pending = nil
                    let unit = UInt16(first) | UInt16(bytes[i]) << 8
                    i += 1
                    if unit == 0 { try finishString() } else { units.append(unit) }
                    continue
                }
                var terminated = false
                while i + 1 < n {
                    let unit = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                    i += 2
                    if unit == 0 {
                        terminated = true
                        break
                    }
                    units.append(unit)
                }
                if terminated {
                    try finishString()
                } else if i == n - 1 {
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
                key = try Self.string(units, offset: fieldStart)
                swap(&keyUnits, &units)
            }
            state = .afterKey
        } else {
            valueName = units.isEmpty ? "" : try Self.string(units, offset: fieldStart)
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
        func littleEndian() -> UInt64 { data.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
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
            scratch.removeAll(keepingCapacity: true)
            for index in stride(from: 0, to: count, by: 2) {
                scratch.append(UInt16(data[index]) | UInt16(data[index + 1]) << 8)
            }
            if type != .multiString {
                if scratch.last == 0 { scratch.removeLast() }
                let text = try Self.string(scratch, offset: offset)
                return type == .string ? .string(text) : .expandString(text)
            }
            // Each string ends with NUL and an empty string ends the list; empty strings inside are kept.
            guard scratch.last == 0 else { try fail(offset, "REG_MULTI_SZ data ending in NUL", "no NUL") }
            var strings = scratch.dropLast().split(separator: 0, omittingEmptySubsequences: false)
            guard strings.removeLast().isEmpty else {
                try fail(offset, "REG_MULTI_SZ data ending in two NULs", "a single NUL")
            }
            var out: [String] = []
            out.reserveCapacity(strings.count)
            for piece in strings { out.append(try Self.string(piece, offset: offset)) }
            return .multiString(out)
        }
    }

    /// Strict UTF-16: an unpaired surrogate is an error rather than U+FFFD, so reading never changes data silently.
    static func string<Units: Collection<UInt16>>(_ units: Units, offset: Int) throws(DecodingError) -> String {
        var index = units.startIndex
        while index != units.endIndex {
            let unit = units[index]
            units.formIndex(after: &index)
            guard unit & 0xF800 == 0xD800 else { continue }
            // A high surrogate followed by a low one; anything else is malformed.
            guard unit < 0xDC00, index != units.endIndex, units[index] & 0xFC00 == 0xDC00 else {
                throw DecodingError(offset: offset, expected: "well-formed UTF-16", found: "an unpaired surrogate")
            }
            units.formIndex(after: &index)
        }
        return String(decoding: units, as: UTF16.self)
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
