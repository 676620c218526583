import SiteModel

extension SettingValue {
    /// As explanations show registry data: numbers for DWORDs and QWORDs, text for strings, multi-strings one per
    /// line, bytes in hex.
    public init(_ data: RegistryData) {
        switch data {
        case .dword(let number), .dwordBigEndian(let number): self = .number(Int(number))
        case .qword(let number): self = .number(Int(truncatingIfNeeded: number))
        case .string(let text), .expandString(let text): self = .text(text)
        case .multiString(let list): self = .text(list.joined(separator: "\n"))
        case .binary(let bytes): self = .text(bytes.map { String($0, radix: 16) }.joined(separator: " "))
        case .none: self = .text("")
        }
    }
}
