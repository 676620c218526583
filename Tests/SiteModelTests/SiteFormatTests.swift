import Foundation
import Testing

@testable import SiteModel

/// The JSON Schema `sipgpo schema` prints against the loader: every key the schema allows is one the loader accepts,
/// and every mapping the loader reads accepts exactly the keys the schema lists there.
@Suite struct SiteFormatTests {
    static let clients = ["communicator-2007", "lync-2013"]

    static func schema() throws -> [String: Any] {
        let text = SiteFormat.jsonSchema(clients: clients).rendered()
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Builds an instance with every property of every closed object the schema describes, plus one unknown key in
    /// each, and records which keys the schema allows beside each unknown key.
    struct InstanceBuilder {
        var allowed: [String: Set<String>] = [:]
        var count = 0

        mutating func instance(of schema: [String: Any]) -> Any {
            if let choices = schema["anyOf"] as? [[String: Any]] {
                let closed = choices.first { $0["properties"] != nil }
                return instance(of: closed ?? choices[0])
            }
            if let properties = schema["properties"] as? [String: [String: Any]] {
                #expect(schema["additionalProperties"] as? Bool == false, "an object with properties must be closed")
                var object: [String: Any] = [:]
                for (key, value) in properties { object[key] = instance(of: value) }
                count += 1
                let unknown = "qqqqqqqqqqqqqqqq\(count)"
                object[unknown] = "x"
                allowed[unknown] = Set(properties.keys)
                return object
            }
            if let values = schema["enum"] as? [Any] { return values.last! }
            switch schema["type"] as? String {
            case "object":
                let value = schema["additionalProperties"] as? [String: Any] ?? [:]
                return ["name\(count).example.com": instance(of: value)]
            case "array": return [instance(of: schema["items"] as? [String: Any] ?? [:])]
            case "integer": return 1
            case "boolean": return true
            default: return "a"
            }
        }
    }

    @Test func theLoaderAcceptsExactlyTheKeysOfTheSchemaInEveryMapping() throws {
        var builder = InstanceBuilder()
        let instance = builder.instance(of: try Self.schema())
        let data = try JSONSerialization.data(withJSONObject: instance, options: [.prettyPrinted, .sortedKeys])
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let (_, diagnostics) = SiteLoader.load(yaml: text, file: "all-keys.yaml")
        let unknown = diagnostics.filter { $0.id == .unknownKey }
        // Each mapping the loader reads reports its own unknown key, and nothing else is unknown.
        var reported: [String: Set<String>] = [:]
        for diagnostic in unknown {
            let span = try #require(diagnostic.span)
            let line = lines[span.start.line - 1]
            let key = line.dropFirst(span.start.column - 1).drop { $0 == "\"" }.prefix { $0 != "\"" }
            let help = try #require(diagnostic.help)
            // "remove it; forest 'x' takes 'role', 'usersFrom'": the keys the loader accepted there.
            let listed = help.split(separator: "takes ").last.map {
                Set($0.split(separator: ", ").map { String($0.dropFirst().dropLast()) })
            }
            reported[String(key)] = listed
        }
        #expect(builder.allowed.count >= 10, "the schema should describe every mapping of the format")
        #expect(Set(reported.keys) == Set(builder.allowed.keys), "\(diagnostics.map(\.message))")
        for (key, allowed) in builder.allowed {
            #expect(reported[key] == allowed, "the loader's keys beside '\(key)' differ from the schema's")
        }
    }

    @Test func everyShapeOfTheFormatIsInTheSchema() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == Set(SiteFormat.site.keys))
        #expect(schema["required"] as? [String] == ["version", "site"])
        let population = try #require(
            (properties["populations"]?["items"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(population.keys) == Set(["name", "ou", "forest"] + SettingsSyntax.keys))
        let client = try #require(population["client"] as? [String: Any])
        #expect(client["enum"] as? [String] == Self.clients)
    }

    @Test func caseInsensitiveValuesBecomePatterns() {
        let json = SiteFormat.stringSchema(.init(values: ["tls", "tcp"], ignoringCase: true)).rendered(pretty: false)
        #expect(json == #"{"type":"string","pattern":"^(?:[Tt][Ll][Ss]|[Tt][Cc][Pp])$"}"#)
    }
}
