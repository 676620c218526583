import Foundation
import SipgpoDiagnostics

/// `build --admx-dir`: checks that every policy sipgpo binds exists in the administrator's own Central Store, with
/// the key, value names, values and elements sipgpo writes. Microsoft's templates are found by their target
/// namespace, whatever the file is called.
public enum CentralStoreCheck {
    /// `directory` as the user typed it, so diagnostics name files the way they wrote them.
    public static func check(catalog: PolicyCatalog, directory: String, families: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let admxFiles = names.filter { $0.lowercased().hasSuffix(".admx") }.sorted()
        if admxFiles.isEmpty {
            return [
                .error(
                    .admxDirEmpty, "no ADMX files in '\(directory)'", at: nil,
                    help: "point --admx-dir at a PolicyDefinitions folder (the Central Store)")
            ]
        }
        // Target namespace → parsed file.
        var byNamespace: [String: XMLDocument] = [:]
        for name in admxFiles {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            switch XMLDocument.parse([UInt8](data), path: path) {
            case .failure(let failure):
                diagnostics += failure.issues.prefix(1).map {
                    .warning(
                        .admxUnreadable, "cannot read '\(name)': \($0.message)",
                        at: SourceSpan(file: path, line: max($0.line, 1), column: max($0.column, 1)),
                        help: "sipgpo skips this file; the Group Policy editor will likely reject it too")
                }
            case .success(let document):
                if let namespace = ADMXReader.targetNamespace(of: document) { byNamespace[namespace] = document }
            }
        }
        for id in families.sorted() {
            guard let family = catalog.family(id) else { continue }
            guard let document = byNamespace[family.namespace] else {
                if family.shipped {
                    diagnostics.append(
                        .warning(
                            .admxTemplateMissing,
                            "the Central Store has no \(family.template).admx (namespace \(family.namespace))", at: nil,
                            help:
                                "copy PolicyDefinitions/ from the build output into it, so the Group Policy editor shows sipgpo's policies"
                        ))
                } else {
                    diagnostics.append(
                        .error(
                            .admxTemplateMissing,
                            "the Central Store has no \(family.template).admx (namespace \(family.namespace))", at: nil,
                            help:
                                "copy Microsoft's Office administrative templates (\(family.template).admx and en-US/\(family.template).adml) into it"
                        ))
                }
                continue
            }
            let found = Dictionary(
                ADMXReader.policiesInAnyNamespace(in: document).map { ($0.name, $0) },
                uniquingKeysWith: { first, _ in first })
            for binding in family.bindings.values.sorted(by: { $0.setting.rawValue < $1.setting.rawValue }) {
                for name in Set([binding.machinePolicy, binding.userPolicy]).sorted() {
                    guard let expected = family.policies[name] else { continue }
                    guard let actual = found[name] else {
                        diagnostics.append(
                            .error(
                                .admxPolicyMissing,
                                "\(document.path) does not define policy '\(name)', which sipgpo uses for '\(binding.setting.rawValue)'",
                                at: SourceSpan(file: document.path, line: 1, column: 1),
                                help:
                                    "update the template to the version sipgpo binds (\(family.source ?? family.template))"
                            ))
                        continue
                    }
                    diagnostics += compare(expected, actual, setting: binding.setting)
                }
            }
        }
        return diagnostics
    }

    /// Differences between the policy sipgpo writes and the Central Store's definition of it.
    static func compare(_ expected: PolicyDefinition, _ actual: PolicyDefinition, setting: BoundSetting) -> [Diagnostic]
    {
        var problems: [String] = []
        if expected.key.lowercased() != actual.key.lowercased() {
            problems.append("key '\(actual.key)' instead of '\(expected.key)'")
        }
        if expected.valueName?.lowercased() != actual.valueName?.lowercased() {
            problems.append("value name '\(actual.valueName ?? "none")' instead of '\(expected.valueName ?? "none")'")
        }
        if expected.enabledValue != actual.enabledValue { problems.append("a different enabled value") }
        if expected.disabledValue != actual.disabledValue { problems.append("a different disabled value") }
        if expected.policyClass != actual.policyClass {
            problems.append("class \(actual.policyClass.rawValue) instead of \(expected.policyClass.rawValue)")
        }
        for element in expected.elements {
            guard let other = actual.element(element.id) else {
                problems.append("no element '\(element.id)'")
                continue
            }
            if other.valueName?.lowercased() != element.valueName?.lowercased() {
                problems.append(
                    "element '\(element.id)' writes '\(other.valueName ?? "none")' instead of '\(element.valueName ?? "none")'"
                )
            }
            if (other.key ?? actual.key).lowercased() != (element.key ?? expected.key).lowercased() {
                problems.append("element '\(element.id)' writes under another key")
            }
        }
        guard !problems.isEmpty else { return [] }
        return [
            .error(
                .admxBindingMismatch,
                "policy '\(actual.name)' in the Central Store differs from what sipgpo writes for '\(setting.rawValue)': \(problems.joined(separator: "; "))",
                at: SourceSpan(file: actual.file, line: max(actual.line, 1), column: 1),
                help:
                    "the GPOs would set values this template does not show; update the template or report the difference to sipgpo"
            )
        ]
    }
}
