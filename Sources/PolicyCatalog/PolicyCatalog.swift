import Foundation
import SipgpoDiagnostics

/// Every policy sipgpo can set, by family, read from `templates/policies/` with libxml2:
///
/// - `sipgpo-communicator.admx` (+ `en-US/…adml`): the Communicator-era policies, validated against Microsoft's ADMX
///   schema (`templates/schemas/admx/`);
/// - `policy-bindings.xml`: which policy implements each setting per family, and Microsoft's Office 15.0/16.0 policies
///   described as their ADMX defines them; validated against `templates/schemas/sipgpo-policy-bindings.xsd`.
public struct PolicyCatalog: Hashable, Sendable {
    public var families: [String: PolicyFamily]
    /// The ADMX/ADML files sipgpo ships, for the Central Store: relative path → bytes.
    public var centralStoreFiles: [String: [UInt8]]

    public static let admxNamespace = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"
    public static let bindingsNamespace = "urn:sipgpo:policy-bindings:1"

    public func family(_ id: String) -> PolicyFamily? { families[id] }

    /// Reads and validates the catalog under `templates`. Problems are diagnostics that name the template file and line.
    public static func load(templates: URL) -> (catalog: PolicyCatalog?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let policies = templates.appendingPathComponent("policies")
        let schemas = templates.appendingPathComponent("schemas")

        guard
            let admxSchema = loadSchema(
                schemas.appendingPathComponent("admx/PolicyDefinitionFiles.xsd"), within: templates, &diagnostics),
            let bindingsSchema = loadSchema(
                schemas.appendingPathComponent("sipgpo-policy-bindings.xsd"), within: templates, &diagnostics)
        else { return (nil, diagnostics) }

        var families: [String: PolicyFamily] = [:]
        var store: [String: [UInt8]] = [:]
        guard
            let bindings = readValidated(
                policies.appendingPathComponent("policy-bindings.xml"), bindingsSchema, &diagnostics)
        else {
            return (nil, diagnostics)
        }
        let ns = ["b": bindingsNamespace]
        for familyElement in bindings.document.select("/b:policyBindings/b:family", namespaces: ns) {
            guard let id = familyElement.attribute("id"), let template = familyElement.attribute("template"),
                let namespace = familyElement.attribute("namespace")
            else { continue }
            let shipped = familyElement.attribute("shipped") == "true"
            var family = PolicyFamily(
                id: id, template: template, namespace: namespace, shipped: shipped,
                source: familyElement.attribute("source"),
                bindings: [:], policies: [:])
            if shipped {
                // sipgpo's own ADMX defines the policies; it goes to the Central Store as is.
                let admxURL = policies.appendingPathComponent("\(template).admx")
                let admlURL = policies.appendingPathComponent("en-US/\(template).adml")
                guard let admx = readValidated(admxURL, admxSchema, &diagnostics),
                    let adml = readValidated(admlURL, admxSchema, &diagnostics)
                else { continue }
                store["PolicyDefinitions/\(template).admx"] = admx.bytes
                store["PolicyDefinitions/en-US/\(template).adml"] = adml.bytes
                for policy in ADMXReader.policies(in: admx.document, prefix: "p", namespace: admxNamespace) {
                    family.policies[policy.name] = policy
                }
            } else {
                for policy in ADMXReader.policies(
                    in: bindings.document, prefix: "b", namespace: bindingsNamespace, under: familyElement)
                {
                    family.policies[policy.name] = policy
                }
            }
            for element in familyElement.children(named: "binding") {
                guard let settingName = element.attribute("setting"), let setting = BoundSetting(rawValue: settingName),
                    let machine = element.attribute("machine"), let user = element.attribute("user")
                else { continue }
                var roles: [BindingRole: String] = [:]
                var uncertain: [BindingRole: String] = [:]
                if let note = element.attribute("uncertain") { uncertain[.policy] = note }
                for child in element.children(named: "element") {
                    guard let name = child.attribute("role"), let id = child.attribute("id") else { continue }
                    guard let role = BindingRole(rawValue: name), role != .policy else {
                        diagnostics.append(
                            .error(
                                .catalogBinding,
                                "binding of '\(settingName)' has an element of unknown role '\(name)'",
                                at: SourceSpan(file: bindings.path, line: child.line, column: 1),
                                help:
                                    "use one of \(BindingRole.allCases.dropFirst().map { "'\($0.rawValue)'" }.joined(separator: ", "))"
                            ))
                        continue
                    }
                    if roles[role] == nil { roles[role] = id }
                    if let note = child.attribute("uncertain") { uncertain[role] = note }
                }
                let binding = SettingBinding(
                    setting: setting, machinePolicy: machine, userPolicy: user, elements: roles, uncertain: uncertain,
                    line: element.line)
                diagnostics += check(binding, in: family, file: bindings.path)
                family.bindings[setting] = binding
            }
            families[id] = family
        }
        return (
            diagnostics.contains { $0.severity == .error }
                ? nil : PolicyCatalog(families: families, centralStoreFiles: store), diagnostics
        )
    }

    /// A binding must name policies and elements that exist.
    static func check(_ binding: SettingBinding, in family: PolicyFamily, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let span = SourceSpan(file: file, line: binding.line, column: 1)
        for name in Set([binding.machinePolicy, binding.userPolicy]).sorted() {
            guard let policy = family.policies[name] else {
                out.append(
                    .error(
                        .catalogBinding,
                        "binding of '\(binding.setting.rawValue)' names policy '\(name)', which family '\(family.id)' does not define",
                        at: span,
                        help: "fix templates/policies/policy-bindings.xml or the family's ADMX"))
                continue
            }
            for (role, id) in binding.elements.sorted(by: { $0.key.rawValue < $1.key.rawValue })
            where policy.element(id) == nil {
                out.append(
                    .error(
                        .catalogBinding,
                        "binding of '\(binding.setting.rawValue)' names element '\(id)' (\(role)), which policy '\(name)' does not have",
                        at: span, help: "fix templates/policies/policy-bindings.xml"))
            }
        }
        return out
    }

    struct ReadFile {
        var document: XMLDocument
        var bytes: [UInt8]
        var path: String
    }

    static func readValidated(_ url: URL, _ schema: XMLSchema, _ diagnostics: inout [Diagnostic]) -> ReadFile? {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(
                .error(
                    .catalogUnreadable, "cannot read template '\(path)'", at: nil,
                    help: "reinstall sipgpo or pass --templates DIR"))
            return nil
        }
        let bytes = [UInt8](data)
        switch XMLDocument.parse(bytes, path: path) {
        case .failure(let failure):
            diagnostics += failure.issues.map(diagnostic)
            return nil
        case .success(let document):
            let issues = document.validate(against: schema)
            guard issues.isEmpty else {
                diagnostics += issues.map(diagnostic)
                return nil
            }
            return ReadFile(document: document, bytes: bytes, path: path)
        }
    }

    static func loadSchema(_ url: URL, within templates: URL, _ diagnostics: inout [Diagnostic]) -> XMLSchema? {
        switch XMLSchema.load(path: url.path, within: templates.path) {
        case .success(let schema): return schema
        case .failure(let failure):
            diagnostics += failure.issues.map(diagnostic)
            return nil
        }
    }

    static func diagnostic(_ issue: XMLIssue) -> Diagnostic {
        .error(
            .catalogInvalid, issue.message.prefix(1).lowercased() + issue.message.dropFirst(),
            at: SourceSpan(file: issue.file, line: max(issue.line, 1), column: max(issue.column, 1)),
            help: "the template does not match its schema; fix the file or reinstall sipgpo")
    }
}
