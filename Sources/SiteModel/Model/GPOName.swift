/// The names of the GPOs sipgpo creates. Predictable, so an administrator can find them in GPMC and a second build
/// updates the same GPOs instead of creating new ones.
public enum GPOName {
    /// The GPO with the site's defaults for one domain, linked at the domain root.
    public static func defaults(site: String, domain: String) -> String {
        "sipgpo \(site) - defaults (\(domain))"
    }

    /// The GPO with what one population overrides, linked at its OU.
    public static func population(site: String, population: String) -> String {
        "sipgpo \(site) - \(population)"
    }

    /// The GPO that writes a value, given where the value came from.
    public static func forOrigin(_ origin: SettingOrigin, site: String, population: Population) -> String? {
        switch origin {
        case .builtIn: nil
        case .defaults: defaults(site: site, domain: population.ou.domain)
        case .population(let name, _): self.population(site: site, population: name)
        }
    }
}
