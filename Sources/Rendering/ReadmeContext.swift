import Mustache

/// What `words/README.txt` is rendered over: the build's GPOs and populations and where their files are.
/// Documented in `templates/README.md`; add fields, never rename.
public struct ReadmeContext: Codable, Sendable {
    public var site: String
    public var file: String
    public var gpos: [GPO]
    public var populations: [Population]

    public struct GPO: Codable, Sendable {
        public var name: String
        /// "DC=contoso,DC=com (link order 1), …"
        public var links: String
        public var backupID: String
        /// The LGPO text file's name under `lgpo/`, without `.txt`.
        public var lgpoFile: String

        public init(name: String, links: String, backupID: String, lgpoFile: String) {
            self.name = name
            self.links = links
            self.backupID = backupID
            self.lgpoFile = lgpoFile
        }
    }

    public struct Population: Codable, Sendable {
        public var name: String
        public var ou: String
        /// The `.reg` file's name under `registry/`, without `.reg`; nil when the population receives no policy.
        public var registryFile: String?

        public init(name: String, ou: String, registryFile: String?) {
            self.name = name
            self.ou = ou
            self.registryFile = registryFile
        }
    }

    public init(site: String, file: String, gpos: [GPO], populations: [Population]) {
        self.site = site
        self.file = file
        self.gpos = gpos
        self.populations = populations
    }
}

extension Words {
    public func readme(_ context: ReadmeContext) -> String { render(context, "README.txt") }
}

extension ReadmeContext.GPO: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "links": self.links
        case "backupID": self.backupID
        case "lgpoFile": self.lgpoFile
        default: nil
        }
    }
}

extension ReadmeContext.Population: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "ou": self.ou
        case "registryFile": self.registryFile
        default: nil
        }
    }
}
