import Foundation
import Testing

@testable import PolicyCatalog

/// An XSD under `--templates` may include only files inside the templates folder: never a URL, never a file
/// elsewhere on the disk, and never through a DTD or entity.
@Suite struct SchemaIncludeTests {
    static func schema(including location: String) -> String {
        """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:include schemaLocation="\(location)"/>
          <xs:element name="a" type="xs:string"/>
        </xs:schema>
        """
    }

    static let sibling = """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="b" type="xs:string"/>
        </xs:schema>
        """

    /// A folder `templates/` with `main.xsd` (including `location`) and `sibling.xsd`, and `outside.xsd` beside it.
    func load(including location: String, extra: (URL) throws -> Void = { _ in }) throws -> Result<XMLSchema, XMLIssues>
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-xsd-\(UUID().uuidString)")
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.schema(including: location).write(
            to: templates.appendingPathComponent("main.xsd"), atomically: true, encoding: .utf8)
        try Self.sibling.write(to: templates.appendingPathComponent("sibling.xsd"), atomically: true, encoding: .utf8)
        try Self.sibling.write(to: folder.appendingPathComponent("outside.xsd"), atomically: true, encoding: .utf8)
        try extra(templates)
        return XMLSchema.load(path: templates.appendingPathComponent("main.xsd").path, within: templates.path)
    }

    func messages(_ result: Result<XMLSchema, XMLIssues>) -> [String] {
        guard case .failure(let failure) = result else { return [] }
        return failure.issues.map(\.message)
    }

    @Test func aSiblingIncludeLoads() throws {
        #expect(messages(try load(including: "sibling.xsd")).isEmpty)
    }

    @Test(arguments: [
        "http://127.0.0.1:9/evil.xsd", "https://example.com/evil.xsd", "ftp://example.com/evil.xsd",
        "file:///etc/hostname",
    ])
    func aURLIsRefused(url: String) throws {
        let found = messages(try load(including: url))
        #expect(found.count == 1)
        #expect(found.first?.contains("'\(url)'") == true)
        #expect(found.first?.contains("only files inside the templates folder") == true)
    }

    @Test(arguments: ["../outside.xsd", "/etc/hostname"])
    func aFileOutsideTheTemplatesFolderIsRefused(path: String) throws {
        let found = messages(try load(including: path))
        #expect(found.count == 1)
        #expect(found.first?.contains("outside the templates folder") == true)
    }

    @Test func aSymlinkLeavingTheTemplatesFolderIsRefused() throws {
        let found = messages(
            try load(including: "link.xsd") { templates in
                try FileManager.default.createSymbolicLink(
                    atPath: templates.appendingPathComponent("link.xsd").path, withDestinationPath: "../outside.xsd")
            })
        #expect(found.count == 1)
        #expect(found.first?.contains("outside the templates folder") == true)
    }

    @Test func anIncludedFileIsCheckedToo() throws {
        let found = messages(
            try load(including: "sibling.xsd") { templates in
                try Self.schema(including: "../outside.xsd").write(
                    to: templates.appendingPathComponent("sibling.xsd"), atomically: true, encoding: .utf8)
            })
        #expect(found.count == 1)
        #expect(found.first?.contains("outside the templates folder") == true)
    }

    @Test func aSchemaWithADoctypeIsRefused() throws {
        let found = messages(
            try load(including: "sibling.xsd") { templates in
                let xxe = """
                    <?xml version="1.0"?>
                    <!DOCTYPE xs:schema [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="b" type="xs:string"/>
                    </xs:schema>
                    """
                try xxe.write(to: templates.appendingPathComponent("sibling.xsd"), atomically: true, encoding: .utf8)
            })
        #expect(found.count == 1)
    }
}
