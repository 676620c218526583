import SiteModel

/// One policy value the population receives, and where it comes from.
public struct EffectiveSetting: Hashable, Codable, Sendable {
    public enum Value: Hashable, Codable, Sendable {
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

        public var display: String {
            switch self {
            case .number(let number): String(number)
            case .text(let text): "'\(text)'"
            }
        }
    }

    /// The policy's value name as Microsoft documents it (`ConfigurationMode`, `TrustModelData`).
    public var name: String
    public var value: Value
    /// `HKCU` or `HKLM`, from the population's scope.
    public var hive: String
    /// The GPO that writes it.
    public var gpo: String
    /// The line of the site description that decided it.
    public var source: String
    /// Set when the registry encoding is not documented by Microsoft.
    public var note: String?

    public init(name: String, value: Value, hive: String, gpo: String, source: String, note: String?) {
        self.name = name
        self.value = value
        self.hive = hive
        self.gpo = gpo
        self.source = source
        self.note = note
    }
}
