import Mustache
import SiteModel

/// What `words/init.yaml` is rendered over: the starter site `sipgpo init` writes. Documented in
/// `templates/README.md`; add fields, never rename.
public struct StarterSiteContext: Sendable {
    /// The site's name as a double-quoted YAML scalar.
    public var siteYAML: String
    /// The site's name for a comment line (`YAMLScalar.comment`).
    public var siteComment: String
    /// The file the site is written to, for the example commands in comments (`YAMLScalar.comment`).
    public var file: String
    public var sipDomain: String
    public var forest: String
    public var client: String
    public var clientName: String
    /// Whether the client profile is configured by Group Policy (`signIn` and `scope` only then).
    public var groupPolicy: Bool
    /// The example pool and Edge, under the SIP domain so every client trusts them.
    public var pool: String
    public var edge: String
    /// The example population's OU (`OU=Users` under the forest's `DC=` components) as a double-quoted YAML scalar.
    public var ouYAML: String

    /// A starter for the site `name` with SIP domain and forest as DNS names (checked by the caller).
    public init(name: String, file: String, sipDomain: DNSName, forest: DNSName, client: ClientProfile) {
        siteYAML = YAMLScalar.doubleQuoted(name)
        siteComment = YAMLScalar.comment(name)
        self.file = YAMLScalar.comment(file)
        self.sipDomain = sipDomain.description
        self.forest = forest.description
        self.client = client.id
        clientName = client.displayName
        groupPolicy = client.isManagedByGroupPolicy
        pool = "pool01.\(sipDomain)"
        edge = "sip.\(sipDomain)"
        let components = forest.description.split(separator: ".").map { "DC=\($0)" }
        ouYAML = YAMLScalar.doubleQuoted((["OU=Users"] + components).joined(separator: ","))
    }
}

extension Words {
    /// The starter site description.
    public func starterSite(_ context: StarterSiteContext) -> String { render(context, "init.yaml") }
}

extension StarterSiteContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "siteYAML": siteYAML
        case "siteComment": siteComment
        case "file": file
        case "sipDomain": sipDomain
        case "forest": forest
        case "client": client
        case "clientName": clientName
        case "groupPolicy": groupPolicy
        case "pool": pool
        case "edge": edge
        case "ouYAML": ouYAML
        default: nil
        }
    }
}

/// The one way sipgpo writes a string into YAML: a double-quoted scalar (YAML 1.2, section 7.3.1) that every YAML
/// parser reads back as the same string, whatever it holds, and text for a comment line.
public enum YAMLScalar {
    /// Characters no reader should meet raw: control characters (C0, DEL, C1), the YAML and Unicode line
    /// separators, the invisible bidirectional controls ("Trojan Source") and the byte-order mark.
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `"text"`, with `"` and `\` escaped and every unprintable character written as `\uXXXX`.
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if isUnprintable(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Text for the rest of a `#` comment line: unprintable characters (line breaks among them) become spaces.
    public static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isUnprintable($0) ? " " : $0 }))
    }
}
