import PolicyPlan

// Random Registry.pol records for the property tests of the encoder and of both readers.

/// What the property test must have generated at least once.
public enum Feature: CaseIterable, Hashable {
    case none, string, expandString, binary, dword, dwordBigEndian, multiString, qword
    case emptyStringData, emptyValueName, valueName259, valueNameOver259, emptyBinary, oddBinary, nonBMP
    case emptyList, nulInStringData
}

public struct RecordGenerator {
    public static let delimiters: [Unicode.Scalar] = ["[", "]", ";", "\\", "*", "."]
    public var random: SplitMix64
    public var features = Set<Feature>()

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    public mutating func records() -> [RegistryRecord] {
        let count = Int.random(in: 0...8, using: &random)
        if count == 0 { features.insert(.emptyList) }
        return (0..<count).map { _ in record() }
    }

    public mutating func record() -> RegistryRecord {
        let valueName: String
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            valueName = ""
            features.insert(.emptyValueName)
        case 1:
            // The longest name the format allows (`1*259ValueCharacter`), in UTF-16 code units.
            valueName = string(length: 259, allowingNUL: false, bmpOnly: true)
            features.insert(.valueName259)
        case 2:
            // Longer than the format allows: the caller's problem, but it must survive.
            valueName = string(length: 300, allowingNUL: false, bmpOnly: true)
            features.insert(.valueNameOver259)
        default:
            valueName = string(length: Int.random(in: 1...16, using: &random), allowingNUL: false)
        }
        let key = string(length: Int.random(in: 0...24, using: &random), allowingNUL: false)
        return RegistryRecord(key: key, valueName: valueName, data: data())
    }

    public mutating func data() -> RegistryData {
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            features.insert(.none)
            return .none
        case 1:
            features.insert(.string)
            return .string(text(allowingNUL: true))
        case 2:
            features.insert(.expandString)
            return .expandString(text(allowingNUL: true))
        case 3:
            features.insert(.binary)
            let bytes = (0..<Int.random(in: 0...9, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random)
            }
            features.insert(bytes.isEmpty ? .emptyBinary : bytes.count.isMultiple(of: 2) ? .binary : .oddBinary)
            return .binary(bytes)
        case 4:
            features.insert(.dword)
            return .dword(UInt32.random(in: 0...UInt32.max, using: &random))
        case 5:
            features.insert(.dwordBigEndian)
            return .dwordBigEndian(UInt32.random(in: 0...UInt32.max, using: &random))
        case 6:
            features.insert(.multiString)
            return .multiString((0..<Int.random(in: 0...4, using: &random)).map { _ in text(allowingNUL: false) })
        default:
            features.insert(.qword)
            return .qword(UInt64.random(in: 0...UInt64.max, using: &random))
        }
    }

    /// Data text: empty a fifth of the time.
    public mutating func text(allowingNUL: Bool) -> String {
        if Int.random(in: 0..<5, using: &random) == 0 {
            features.insert(.emptyStringData)
            return ""
        }
        return string(length: Int.random(in: 1...20, using: &random), allowingNUL: allowingNUL)
    }

    /// `length` scalars from a mix of ASCII (with the format's own delimiters), the rest of the BMP and the
    /// supplementary planes. NUL only where the format can carry it (inside string data).
    public mutating func string(length: Int, allowingNUL: Bool, bmpOnly: Bool = false) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let value: UInt32
            switch Int.random(in: 0..<(bmpOnly ? 3 : 4), using: &random) {
            case 0: value = Self.delimiters.randomElement(using: &random)!.value
            case 1: value = UInt32.random(in: 0x20...0x7E, using: &random)
            case 2:
                // The BMP without the surrogate block.
                let v = UInt32.random(in: 0x80...0xFFFF - 0x800, using: &random)
                value = v < 0xD800 ? v : v + 0x800
            default:
                value = UInt32.random(in: 0x1_0000...0x10_FFFF, using: &random)
                features.insert(.nonBMP)
            }
            scalars.append(Unicode.Scalar(value)!)
        }
        if allowingNUL, length > 1, Int.random(in: 0..<8, using: &random) == 0 {
            // Embedded or trailing NUL in REG_SZ data: the size field carries it.
            let index = scalars.index(scalars.startIndex, offsetBy: Int.random(in: 0..<length, using: &random))
            scalars.replaceSubrange(index...index, with: ["\0"])
            features.insert(.nulInStringData)
        }
        return String(scalars)
    }
}
