import Discovery
import PolicyPlan
import SiteModel

extension Compiler {
    /// Fills each run's `preferences` with the Group Policy Preferences items the plan targets at its population's
    /// OU (the sign-in address of resource-forest users), read back from the plan like the settings.
    static func withPreferences(_ runs: [DiscoveryRun], plan: PolicyPlan, site: Site, clients: ClientCatalog)
        -> [DiscoveryRun]
    {
        var byPopulation: [String: [EffectivePreference]] = [:]
        for population in site.populations {
            guard let location = clients[population.settings.client.value]?.signInAddressPreference else { continue }
            var found: [EffectivePreference] = []
            for gpo in plan.gpos {
                for item in gpo.preferences where item.organizationalUnit == population.ou {
                    guard item.key == location.key, item.valueName == location.valueName else { continue }
                    found.append(
                        EffectivePreference(
                            name: item.valueName, value: EffectiveSetting.Value(item.data).text,
                            hive: item.hive.rawValue,
                            key: item.key, gpo: gpo.name.description, source: item.source ?? "",
                            locationSource: location.source, uncertain: location.uncertain ?? false))
                }
            }
            byPopulation[population.name] = found
        }
        return runs.map { run in
            var run = run
            run.preferences = byPopulation[run.population] ?? []
            return run
        }
    }
}
