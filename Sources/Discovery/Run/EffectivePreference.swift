import SiteModel

/// One user preference (not a policy) Group Policy Preferences give the population: the sign-in address of a
/// resource-forest user (`ServerSipUri`), and where the client version keeps it.
public struct EffectivePreference: Hashable, Codable, Sendable {
    /// The value's name (`ServerSipUri`).
    public var name: String
    public var value: String
    /// `HKCU`.
    public var hive: String
    /// The client version's own location, under the hive (`Software\Microsoft\Office\15.0\Lync`).
    public var key: String
    /// The GPO that writes it, and the line of the site description that decided it.
    public var gpo: String
    public var source: String
    /// Where the location is documented (the client profile's `signInAddressPreference.source`).
    public var locationSource: String
    /// Set when the location is not documented for this client version.
    public var uncertain: Bool

    public init(
        name: String, value: String, hive: String, key: String, gpo: String, source: String, locationSource: String,
        uncertain: Bool
    ) {
        self.name = name
        self.value = value
        self.hive = hive
        self.key = key
        self.gpo = gpo
        self.source = source
        self.locationSource = locationSource
        self.uncertain = uncertain
    }
}
