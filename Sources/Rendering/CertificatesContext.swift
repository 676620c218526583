import Mustache

/// What `words/certificates.md` is rendered over: per declared server, the names its certificate needs. Values are
/// already escaped for Markdown by the caller. Documented in `templates/README.md`; add fields, never rename.
public struct CertificatesContext: Codable, Hashable, Sendable {
    public var site: String
    public var hasServers: Bool
    public var servers: [Server]

    public struct Server: Codable, Hashable, Sendable {
        public var fqdn: String
        public var role: String
        public var region: String?
        /// The declared certificate's names as code spans, comma-separated; nil when none is declared.
        public var declared: String?
        public var untrustedIssuer: Bool
        /// The names the declared certificate lacks; nil when it lacks none.
        public var missing: String?
        public var needs: [Need]

        public init(
            fqdn: String, role: String, region: String?, declared: String?, untrustedIssuer: Bool, missing: String?,
            needs: [Need]
        ) {
            self.fqdn = fqdn
            self.role = role
            self.region = region
            self.declared = declared
            self.untrustedIssuer = untrustedIssuer
            self.missing = missing
            self.needs = needs
        }
    }

    public struct Need: Codable, Hashable, Sendable {
        public var name: String
        /// `subject` or `SAN`.
        public var `as`: String
        /// `yes`, `**missing**` or `not declared`.
        public var status: String
        public var reasons: String

        public init(name: String, as: String, status: String, reasons: String) {
            self.name = name
            self.as = `as`
            self.status = status
            self.reasons = reasons
        }
    }

    public init(site: String, hasServers: Bool, servers: [Server]) {
        self.site = site
        self.hasServers = hasServers
        self.servers = servers
    }
}

extension CertificatesContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": self.site
        case "hasServers": self.hasServers
        case "servers": self.servers
        default: nil
        }
    }
}

extension CertificatesContext.Server: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "fqdn": self.fqdn
        case "role": self.role
        case "region": self.region
        case "declared": self.declared
        case "untrustedIssuer": self.untrustedIssuer
        case "missing": self.missing
        case "needs": self.needs
        default: nil
        }
    }
}

extension CertificatesContext.Need: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "as": self.as
        case "status": self.status
        case "reasons": self.reasons
        default: nil
        }
    }
}

extension Words {
    public func certificates(_ context: CertificatesContext) -> String { render(context, "certificates.md") }
}
