import SiteModel

/// One policy value the population receives, and where it comes from.
public struct EffectiveSetting: Hashable, Codable, Sendable {
    public typealias Value = SettingValue

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
