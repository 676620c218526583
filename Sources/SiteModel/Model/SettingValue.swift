/// A policy value as explanations show it: numbers for DWORD and QWORD data, text for the rest. The conversion from
/// registry data is `SettingValue(_: RegistryData)` in PolicyPlan; `explain` and `decompile` both use it.
public enum SettingValue: Hashable, Codable, Sendable {
    case number(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }

    /// `1`, `'pool01.contoso.com'`.
    public var display: String {
        switch self {
        case .number(let number): String(number)
        case .text(let text): "'\(text)'"
        }
    }

    /// The value as text: the number in decimal, or the text.
    public var text: String {
        switch self {
        case .number(let number): String(number)
        case .text(let text): text
        }
    }
}
