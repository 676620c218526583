/// Reads `policy` elements (ADMX shape) from a document into `PolicyDefinition`s with XPath. Used for ADMX files and
/// for the Office policies in `policy-bindings.xml`, which use the same element and attribute names.
enum ADMXReader {
    static func policies(in document: XMLDocument, prefix: String, namespace: String, under context: XMLElement? = nil)
        -> [PolicyDefinition]
    {
        let ns = [prefix: namespace]
        let path = context == nil ? "//\(prefix):policies/\(prefix):policy" : "\(prefix):policy"
        return document.select(path, namespaces: ns, from: context).compactMap { definition($0, document: document) }
    }

    /// Policies of an ADMX whatever namespace its root declares: files in the wild use the 2006/07 one, an older
    /// one, or none (Microsoft's Office templates).
    static func policiesInAnyNamespace(in document: XMLDocument) -> [PolicyDefinition] {
        document.select("//*[local-name()='policies']/*[local-name()='policy']").compactMap {
            definition($0, document: document)
        }
    }

    static func targetNamespace(of document: XMLDocument) -> String? {
        document.select(
            "/*[local-name()='policyDefinitions']/*[local-name()='policyNamespaces']/*[local-name()='target']"
        ).first?.attribute("namespace")
    }

    static func definition(_ element: XMLElement, document: XMLDocument) -> PolicyDefinition? {
        guard let name = element.attribute("name"), let key = element.attribute("key"),
            let policyClass = element.attribute("class").flatMap(PolicyDefinition.PolicyClass.init(rawValue:))
        else { return nil }
        return PolicyDefinition(
            name: name, policyClass: policyClass, key: key, valueName: element.attribute("valueName"),
            enabledValue: element.child(named: "enabledValue").flatMap(value),
            disabledValue: element.child(named: "disabledValue").flatMap(value),
            elements: element.child(named: "elements")?.children.compactMap(policyElement) ?? [],
            file: document.path, line: element.line)
    }

    /// `<decimal value="1"/>`, `<string>…</string>` or `<delete/>` inside a value holder.
    static func value(_ holder: XMLElement) -> PolicyValue? {
        guard let child = holder.children.first else { return nil }
        switch child.name {
        case "decimal": return child.attribute("value").flatMap(UInt32.init).map(PolicyValue.decimal)
        case "string": return .string(child.text)
        case "delete": return .delete
        default: return nil
        }
    }

    static func policyElement(_ element: XMLElement) -> PolicyElement? {
        guard let id = element.attribute("id") else { return nil }
        let kind: PolicyElement.Kind
        switch element.name {
        case "text": kind = .text(expandable: element.attribute("expandable") == "true")
        case "decimal": kind = .decimal
        case "boolean": kind = .boolean
        case "enum":
            kind = .enumeration(
                element.children(named: "item").compactMap { item in
                    guard let holder = item.child(named: "value"), let value = value(holder) else { return nil }
                    return (item.attribute("displayName") ?? "", value)
                })
        case "list": kind = .list
        case "multiText": kind = .multiText
        default: return nil
        }
        return PolicyElement(
            id: id, kind: kind, key: element.attribute("key"), valueName: element.attribute("valueName"),
            required: element.attribute("required") == "true")
    }
}
