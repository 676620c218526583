import PolicyCatalog
import PolicyPlan
import SiteModel

/// What each OU ends up with: the decompiled GPOs applied through the directory's links as Group Policy applies
/// them, then read through the catalog per client family.
public struct OUResult: Hashable, Sendable {
    public var ou: DistinguishedName
    /// Display names (or ids) of the GPOs applied, least precedence first.
    public var applied: [String]
    /// Per family with any value in force.
    public var clients: [ClientBehaviour]
    public var notes: [String]
}

public enum Resultant {
    /// What a client sees under one GPO alone.
    public static func behaviour(of gpo: DecompiledGPO, interpreter: Interpreter) -> [ClientBehaviour] {
        let resultant = evaluate([gpo], at: probeOU)
        return families(interpreter).map { interpreter.behaviour(family: $0, resultant: resultant) }.filter {
            !$0.isEmpty
        }
    }

    /// Every OU (and domain root) the links name, with the GPOs that apply to it and what its clients do.
    /// GPOs are matched to links by id; a link to a GPO that is not among the inputs is noted.
    /// `also` names more OUs to evaluate (the OUs of a site's populations, which may have no links of their own).
    public static func perOU(
        gpos: [DecompiledGPO], links: DirectoryLinks, interpreter: Interpreter, also: [DistinguishedName] = []
    ) -> [OUResult] {
        var byID: [String: DecompiledGPO] = [:]
        for gpo in gpos { if let id = gpo.id { byID[id] = byID[id] ?? gpo } }
        let ous = Set(links.organizationalUnits + also).sorted {
            ($0.depth, $0.normalized) < ($1.depth, $1.normalized)
        }
        return ous.map { ou in
            var notes: [String] = []
            var applied: [DecompiledGPO] = []
            for id in links.applicationOrder(for: ou) {
                guard var gpo = byID[id] else {
                    let name = links.gpos[id]?.name.map { " ('\($0)')" } ?? ""
                    notes.append("GPO \(id)\(name) is linked but not among the inputs: its settings are not included")
                    continue
                }
                let flags = links.gpos[id]?.flags ?? 0
                if flags & 1 != 0, gpo.policy[.user] != nil {
                    gpo.policy[.user] = nil
                    notes.append("the user half of '\(gpo.name)' is disabled (GPO flags): its User policy is skipped")
                }
                if flags & 2 != 0, gpo.policy[.machine] != nil {
                    gpo.policy[.machine] = nil
                    notes.append(
                        "the computer half of '\(gpo.name)' is disabled (GPO flags): its Machine policy is skipped")
                }
                applied.append(gpo)
            }
            let resultant = evaluate(applied, at: ou)
            let clients = families(interpreter).map { interpreter.behaviour(family: $0, resultant: resultant) }
                .filter { !$0.isEmpty }
            return OUResult(ou: ou, applied: applied.map(\.name), clients: clients, notes: notes)
        }
    }

    static func families(_ interpreter: Interpreter) -> [PolicyFamily] {
        interpreter.catalog.families.values.sorted { $0.id < $1.id }
    }

    static let probeOU = try! DistinguishedName.parse("OU=Probe,DC=sipgpo,DC=invalid").get()

    /// The values in force at `ou` after applying `gpos` in this order (least precedence first), HKLM over HKCU.
    /// The plan evaluator does the applying: the GPOs are linked at the OU itself with link orders that give
    /// this order (it applies the highest link order first, link order 1 last).
    static func evaluate(_ gpos: [DecompiledGPO], at ou: DistinguishedName) -> [RegistryValueID: PlanEvaluator.Value] {
        let count = gpos.count
        let planned = gpos.enumerated().map { index, gpo in
            GPO(
                name: gpo.name, id: GUID(name: "decompile:\(index):\(gpo.id ?? gpo.name)"),
                backupID: GUID(name: "decompile:\(index)"), domain: ou.domain, comment: "",
                links: [GPOLink(target: ou, order: count - index)], policy: gpo.policy, preferences: [])
        }
        return PlanEvaluator(PolicyPlan(site: "decompile", gpos: planned)).resultant(for: ou)
    }
}
