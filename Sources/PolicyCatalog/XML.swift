import CLibXML2
import Foundation

/// A problem found while reading or validating XML, with its position. libxml2 gives validity errors the element's
/// line (column 0) and well-formedness errors line and column.
/// Every problem of one read or validation.
public struct XMLIssues: Error, Hashable, Sendable {
    public var issues: [XMLIssue]
    public init(_ issues: [XMLIssue]) { self.issues = issues }
}

public struct XMLIssue: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The file named is outside the templates folder, so an include of it is refused (located at the include).
    public var isOutsideTemplates = false

    public var description: String { "\(file):\(line):\(max(column, 1)): \(message)" }
}

/// Collects libxml2's structured errors. Passed to the C callbacks through `userData`, never captured in a closure
/// (swiftc 6.3 crashes on capturing C function pointers).
final class IssueCollector {
    var issues: [XMLIssue] = []
    let file: String
    init(file: String) { self.file = file }

    func add(_ error: UnsafeMutablePointer<xmlError>) {
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown XML error"
        let file = error.pointee.file.map { String(cString: $0) } ?? self.file
        issues.append(
            XMLIssue(
                file: file, line: Int(error.pointee.line), column: Int(error.pointee.int2),
                message: message.trimmingTrailingNewlines()))
    }
}

/// The one C callback: libxml2 hands back the collector as `userData`.
private func collectIssue(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {
    guard let userData, let error else { return }
    Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue().add(error)
}

/// A parsed XML document. Parsing never loads a DTD, expands an entity or touches the network: templates come from
/// administrators' Central Stores and must not be able to read files or call out.
public final class XMLDocument: @unchecked Sendable {
    let pointer: xmlDocPtr
    public let path: String

    private init(pointer: xmlDocPtr, path: String) {
        self.pointer = pointer
        self.path = path
    }

    deinit { xmlFreeDoc(pointer) }

    /// `XML_PARSE_NONET`, and none of `NOENT` (entity substitution), `DTDLOAD`, `DTDATTR` or `HUGE`.
    static let safeOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    public static func parse(_ bytes: [UInt8], path: String) -> Result<XMLDocument, XMLIssues> {
        let collector = IssueCollector(file: path)
        let userData = Unmanaged.passUnretained(collector).toOpaque()
        xmlSetStructuredErrorFunc(userData, collectIssue)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                xmlReadMemory(characters, Int32(buffer.count), path, nil, safeOptions)
            }
        }
        guard let document else {
            return .failure(
                XMLIssues(
                    collector.issues.isEmpty
                        ? [XMLIssue(file: path, line: 1, column: 1, message: "not an XML document")] : collector.issues)
            )
        }
        // Entity declarations in an internal subset are refused outright rather than left unexpanded.
        if document.pointee.intSubset != nil, document.pointee.intSubset.pointee.entities != nil {
            xmlFreeDoc(document)
            return .failure(
                XMLIssues([
                    XMLIssue(
                        file: path, line: 1, column: 1,
                        message: "the document declares entities, which sipgpo does not read")
                ]))
        }
        return .success(XMLDocument(pointer: document, path: path))
    }

    public var root: XMLElement? {
        xmlDocGetRootElement(pointer).map { XMLElement(node: $0, document: self) }
    }

    /// Elements matching an XPath expression, in document order. `namespaces` maps prefixes used in `xpath` to URIs.
    public func select(_ xpath: String, namespaces: [String: String] = [:], from context: XMLElement? = nil)
        -> [XMLElement]
    {
        guard let xpathContext = xmlXPathNewContext(pointer) else { return [] }
        defer { xmlXPathFreeContext(xpathContext) }
        for (prefix, uri) in namespaces { xmlXPathRegisterNs(xpathContext, prefix, uri) }
        if let context { xpathContext.pointee.node = context.node }
        guard let result = xmlXPathEvalExpression(xpath, xpathContext) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            guard let node = set.pointee.nodeTab[index], node.pointee.type == XML_ELEMENT_NODE else { return nil }
            return XMLElement(node: node, document: self)
        }
    }

    /// Validates against an XSD; every problem is returned, none is printed.
    public func validate(against schema: XMLSchema) -> [XMLIssue] {
        guard let context = xmlSchemaNewValidCtxt(schema.pointer) else {
            return [XMLIssue(file: path, line: 0, column: 0, message: "cannot create a schema validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = IssueCollector(file: path)
        xmlSchemaSetValidStructuredErrors(context, collectIssue, Unmanaged.passUnretained(collector).toOpaque())
        let status = xmlSchemaValidateDoc(context, pointer)
        if status != 0, collector.issues.isEmpty {
            collector.issues.append(
                XMLIssue(file: path, line: 0, column: 0, message: "does not validate (libxml2 status \(status))"))
        }
        return collector.issues
    }
}

/// An element of a parsed document. Keeps its document alive.
public struct XMLElement: @unchecked Sendable {
    let node: xmlNodePtr
    public let document: XMLDocument

    /// The local name, without prefix.
    public var name: String { String(cString: node.pointee.name) }
    public var line: Int { Int(xmlGetLineNo(node)) }

    public func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { sipgpo_xmlFree(value) }
        return String(cString: value)
    }

    /// The text content of the element and its descendants.
    public var text: String {
        guard let value = xmlNodeGetContent(node) else { return "" }
        defer { sipgpo_xmlFree(value) }
        return String(cString: value)
    }

    public var children: [XMLElement] {
        var out: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { out.append(XMLElement(node: current, document: document)) }
            child = current.pointee.next
        }
        return out
    }

    public func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }
    public func child(named name: String) -> XMLElement? { children.first { $0.name == name } }
}

/// A compiled XSD. Loaded from its path, because schemas such as the ADMX one `xs:include` their siblings.
public final class XMLSchema: @unchecked Sendable {
    let pointer: xmlSchemaPtr

    private init(pointer: xmlSchemaPtr) { self.pointer = pointer }
    deinit { xmlSchemaFree(pointer) }

    /// Compiles the XSD at `path`. It and every schema it includes, imports or redefines must be a file inside
    /// `root` (default: the folder of `path`), symbolic links resolved, without a DOCTYPE: a template folder
    /// given with `--templates` must not make sipgpo read other files or call out. libxml2's loader is also set to
    /// refuse the network, in case anything gets past the check.
    public static func load(path: String, within root: String? = nil) -> Result<XMLSchema, XMLIssues> {
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
        let folder = root ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
        var visited: Set<String> = []
        let refused = SchemaReferences.check(path, root: resolved(folder), visited: &visited)
        guard refused.isEmpty else { return .failure(XMLIssues(refused)) }
        let collector = IssueCollector(file: path)
        let userData = Unmanaged.passUnretained(collector).toOpaque()
        xmlSetStructuredErrorFunc(userData, collectIssue)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let parser = xmlSchemaNewParserCtxt(path) else {
            return .failure(XMLIssues([XMLIssue(file: path, line: 0, column: 0, message: "cannot open the schema")]))
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, collectIssue, userData)
        guard let schema = xmlSchemaParse(parser) else {
            return .failure(
                XMLIssues(
                    collector.issues.isEmpty
                        ? [XMLIssue(file: path, line: 0, column: 0, message: "the schema does not compile")]
                        : collector.issues))
        }
        return .success(XMLSchema(pointer: schema))
    }
}

/// The path with symbolic links resolved and `.`/`..` removed.
private func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
}

/// Checks the files an XSD pulls in (`xs:include`, `xs:import`, `xs:redefine`, `xs:override`) before libxml2
/// reads any of them.
enum SchemaReferences {
    static let xsd = "http://www.w3.org/2001/XMLSchema"

    static func check(_ path: String, root: String, visited: inout Set<String>) -> [XMLIssue] {
        let real = resolved(path)
        guard visited.insert(real).inserted else { return [] }
        guard real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            return [
                XMLIssue(
                    file: path, line: 1, column: 1, message: "'\(path)' is outside the templates folder",
                    isOutsideTemplates: true)
            ]
        }
        guard let data = FileManager.default.contents(atPath: real) else {
            return [XMLIssue(file: path, line: 1, column: 1, message: "cannot read the schema")]
        }
        let document: XMLDocument
        switch XMLDocument.parse([UInt8](data), path: path) {
        case .failure(let failure): return failure.issues
        case .success(let parsed): document = parsed
        }
        if document.pointer.pointee.intSubset != nil || document.pointer.pointee.extSubset != nil {
            return [
                XMLIssue(
                    file: path, line: 1, column: 1,
                    message: "the schema has a DOCTYPE, which sipgpo does not read in schemas (it may load files)")
            ]
        }
        let references = document.select(
            "//xs:include | //xs:import | //xs:redefine | //xs:override", namespaces: ["xs": xsd])
        var issues: [XMLIssue] = []
        for element in references {
            guard let location = element.attribute("schemaLocation") else { continue }
            let what = "xs:\(element.name) of '\(location)'"
            if location.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) != nil {
                issues.append(
                    XMLIssue(
                        file: path, line: element.line, column: 0,
                        message: "\(what): a schema may include only files inside the templates folder, by "
                            + "relative path, never a URL"))
                continue
            }
            let target =
                location.hasPrefix("/")
                ? location
                : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(location).path
            let found = check(target, root: root, visited: &visited)
            issues += found.map { issue in
                var located = issue
                if issue.isOutsideTemplates {
                    located = XMLIssue(
                        file: path, line: element.line, column: 0,
                        message: "\(what) names a file outside the templates folder")
                }
                return located
            }
        }
        return issues
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
