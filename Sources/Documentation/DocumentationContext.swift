import Analysis
import Discovery
import PolicyPlan
import Rendering
import SiteModel

/// What the documentation templates (`templates/docs/index.html.mustache`, `site.md.mustache`) are rendered over.
/// Every string is already escaped for its target (`HTML.text` / `HTML.attribute` for the page, `Markdown` for the
/// wiki page), so templates print values as they are. Documented in `templates/README.md`; add fields, never rename.
public struct DocumentationContext: Codable, Hashable, Sendable {
    public var site: String
    public var file: String
    public var populationCount: Int
    public var warningCount: Int
    public var hasWarnings: Bool
    /// True when a forest of the site has the `resource` role (the page then explains what that means).
    public var hasResourceForest: Bool
    public var forests: [Forest]
    public var sipDomains: [String]
    /// One row per population: the site at a glance.
    public var summary: [Row]
    public var populations: [Population]
    /// Every OU that holds a population or a link, with its ancestors, in tree order.
    public var ous: [OU]
    public var dns: [View]
    public var hasDNS: Bool
    public var hasCertificates: Bool
    public var certificates: [Server]
    public var disputed: [Client]
    public var hasDisputed: Bool
    public var differences: [Difference]
    public var hasDifferences: Bool
    public var uncertain: [Uncertain]
    public var hasUncertain: Bool
    /// Warnings about nothing the page shows elsewhere (a location outside records, pools and populations).
    public var otherWarnings: [Warning]
    public var hasOtherWarnings: Bool
    /// Set when this is one page of a split site: the part it covers, and the other pages.
    public var part: String?
    public var parts: [Part]
    public var hasParts: Bool

    public struct Forest: Codable, Hashable, Sendable {
        public var name: String
        public var role: String
        public var isAccount: Bool
        public var isResource: Bool
        public var isSingle: Bool
        public var usersFrom: String?
    }

    public struct Row: Codable, Hashable, Sendable {
        /// The population's anchor (`p3`) and the page it is on (empty on a single page).
        public var anchor: String
        public var page: String
        public var name: String
        /// The name as an attribute value, for sorting.
        public var sortName: String
        /// Every text of the row, lowercased, for the filter box (an attribute value).
        public var filter: String
        public var ou: String
        public var client: String
        public var mode: String
        public var inside: Cell
        public var outside: Cell
        public var warnings: Int
    }

    public struct Cell: Codable, Hashable, Sendable {
        /// `connected`, `prompt`, `failed`, or empty when the population has no run on this network.
        public var status: String?
        /// `pool01.contoso.com:5061`, nil when discovery failed (Mustache sections skip nil, not empty text).
        public var server: String?
        /// The record that won (`SRV _sipinternaltls._tcp.contoso.com`), or `manual`.
        public var record: String?
        /// The home pool the client registers with, when the site declares pools.
        public var registrar: String?
    }

    public struct Population: Codable, Hashable, Sendable {
        public var anchor: String
        public var name: String
        public var ou: String
        public var client: String
        public var clientName: String
        public var sipDomain: String
        public var mode: String
        public var parent: String?
        public var forest: String
        public var forestRole: String?
        public var networks: [Network]
        public var warnings: [Warning]
        public var hasWarnings: Bool
    }

    public struct Network: Codable, Hashable, Sendable {
        /// `inside` or `outside`.
        public var network: String
        public var status: String
        /// One line: "connects to pool01.contoso.com:5061 over TLS via _sipinternaltls._tcp.contoso.com".
        public var headline: String
        public var reason: String
        /// The discovery path: inline SVG in the page, a Mermaid flowchart in the wiki page.
        public var diagram: String
        public var notes: [String]
        public var hasNotes: Bool
    }

    public struct OU: Codable, Hashable, Sendable {
        public var dn: String
        /// The OU's own name (its first RDN's value), and its depth below the domain root.
        public var name: String
        public var depth: Int
        /// `depth` × 1.5, for a CSS indent in `em`; `depth` × 2 spaces for Markdown.
        public var indent: String
        public var populations: String
        public var hasPopulations: Bool
        public var links: [Link]
        public var hasLinks: Bool
        public var settings: [Setting]
        public var hasSettings: Bool
    }

    public struct Link: Codable, Hashable, Sendable {
        public var gpo: String
        public var order: Int
        public var enforced: Bool
    }

    public struct Setting: Codable, Hashable, Sendable {
        public var name: String
        public var value: String
        public var hive: String
        public var key: String
        public var gpo: String
        public var policy: String
        public var source: String
    }

    public struct View: Codable, Hashable, Sendable {
        public var domain: String
        public var network: String
        /// The zone file the view comes from, or empty for records written in the site description.
        public var file: String?
        public var records: [Record]
        public var hasRecords: Bool
        public var missing: [Missing]
        public var hasMissing: Bool
    }

    public struct Record: Codable, Hashable, Sendable {
        public var text: String
        public var source: String
        /// A population's discovery reached it.
        public var used: Bool
        public var warnings: [Warning]
        public var hasWarnings: Bool
    }

    public struct Missing: Codable, Hashable, Sendable {
        public var text: String
        public var reason: String
    }

    public struct Server: Codable, Hashable, Sendable {
        public var fqdn: String
        public var role: String
        public var region: String?
        public var declared: Bool
        public var names: [Name]
        public var warnings: [Warning]
        public var hasWarnings: Bool
    }

    public struct Name: Codable, Hashable, Sendable {
        public var name: String
        public var subject: Bool
        public var reasons: String
        /// `present`, `missing`, or `undeclared` (the site declares no certificate for the server).
        public var status: String
        public var missing: Bool
    }

    public struct Warning: Codable, Hashable, Sendable {
        public var id: String
        public var message: String
        public var location: String
        public var help: String?
    }

    public struct Client: Codable, Hashable, Sendable {
        public var id: String
        public var name: String
        public var variants: [Variant]
        /// Facts about the client that sipgpo's sources do not settle.
        public var facts: [Fact]
        public var hasFacts: Bool
    }

    public struct Variant: Codable, Hashable, Sendable {
        public var name: String
        public var summary: String
        public var sources: [String]
        public var basis: String?
        /// The reading this site's simulation follows.
        public var inUse: Bool
    }

    public struct Fact: Codable, Hashable, Sendable {
        public var topic: String
        public var text: String
        public var source: String
    }

    public struct Difference: Codable, Hashable, Sendable {
        public var client: String
        public var network: String
        public var used: String
        public var usedStatus: String
        public var other: String
        public var otherStatus: String
        public var populations: String
        public var count: Int
    }

    public struct Uncertain: Codable, Hashable, Sendable {
        public var name: String
        public var note: String
        public var populations: String
        public var count: Int
    }

    public struct Part: Codable, Hashable, Sendable {
        public var title: String
        public var page: String
        public var populationCount: Int
        public var current: Bool
    }
}
