/// **resolve**: `SiteSyntax` → `Site`. Binds names (forests, SIP domains, clients), parses DNs and DNS records,
/// inherits settings along the OU tree, and reports every semantic error and design warning it finds.
public struct Resolver {
    public struct Result: Sendable {
        public var site: Site?
        public var diagnostics: [Diagnostic]
        /// The text of every zone file read, by path, so diagnostics can show their lines.
        public var files: [String: String]
    }

    public static let supportedVersions = [1]

    let syntax: SiteSyntax
    let clients: ClientCatalog
    let sources: any SourceProvider
    var diagnostics: [Diagnostic] = []
    var files: [String: String] = [:]
    /// The SIP domains the site declares, parsed once: populations name them thousands of times in large sites.
    lazy var declaredSIPDomains: Set<DNSName> = Set(syntax.sipDomains.compactMap { DNSName($0.name.value) })
    /// The pools by name, the first of each name (a duplicate is reported where pools are resolved).
    lazy var declaredPools: [DNSName: PoolSyntax] = syntax.pools.reduce(into: [:]) { pools, pool in
        if let name = DNSName(pool.fqdn.value), pools[name] == nil { pools[name] = pool }
    }

    public static func resolve(_ syntax: SiteSyntax, clients: ClientCatalog, sources: any SourceProvider) -> Result {
        var resolver = Resolver(syntax: syntax, clients: clients, sources: sources)
        let site = resolver.run()
        let failed = resolver.diagnostics.contains { $0.severity == .error }
        return Result(site: failed ? nil : site, diagnostics: resolver.diagnostics, files: resolver.files)
    }

    private mutating func run() -> Site? {
        guard checkVersion() else { return nil }
        let variant = resolveVariant()
        let forests = resolveForests()
        let sipDomains = resolveSIPDomains()
        let pools = resolvePools()
        let defaults = syntax.defaults.map { resolveSettings($0, origin: .defaults) } ?? PartialSettings()
        let populations = resolvePopulations(forests: forests, sipDomains: sipDomains, defaults: defaults)
        var site = Site(
            name: syntax.site?.value ?? "", file: syntax.file, discoveryVariant: variant, forests: forests,
            sipDomains: sipDomains, populations: populations, defaultsScope: defaults.scope?.value ?? .user,
            pools: pools)
        site.downHosts = resolveDownHosts()
        return site
    }

    private mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: version, variant

    private mutating func checkVersion() -> Bool {
        guard let version = syntax.version else { return false }  // the loader reported it missing
        guard Self.supportedVersions.contains(version.value) else {
            report(
                .error(
                    .unsupportedVersion, "site description version \(version.value) is not supported",
                    at: version.span,
                    help: "this sipgpo reads 'version: 1'; a newer file needs a newer sipgpo"))
            return false
        }
        return true
    }

    private mutating func resolveVariant() -> Sourced<DiscoveryVariantName>? {
        guard let written = syntax.discoveryVariant else { return nil }
        guard let variant = DiscoveryVariantName(rawValue: written.value) else {
            report(
                .error(
                    .invalidValue, "unknown discovery variant '\(written.value)'", at: written.span,
                    help: Suggestion.help(
                        for: written.value, in: DiscoveryVariantName.allCases.map(\.rawValue), noun: "variant")))
            return nil
        }
        return Sourced(variant, from: .defaults(written.span))
    }

    // MARK: forests

    private mutating func resolveForests() -> [Forest] {
        var forests: [Forest] = []
        for written in syntax.forests {
            guard let name = dnsName(written.name, what: "forest name") else { continue }
            guard let roleText = written.role else { continue }
            guard let role = ForestRole(rawValue: roleText.value) else {
                report(
                    .error(
                        .invalidValue, "unknown forest role '\(roleText.value)'", at: roleText.span,
                        help: Suggestion.help(
                            for: roleText.value, in: ForestRole.allCases.map(\.rawValue), noun: "role")))
                continue
            }
            forests.append(Forest(name: name, role: role, usersFrom: [], span: written.name.span))
        }
        let declared = Set(forests.map(\.name))
        for written in syntax.forests {
            guard let forestIndex = forests.firstIndex(where: { $0.span == written.name.span }) else { continue }
            for source in written.usersFrom {
                guard let name = dnsName(source, what: "forest name") else { continue }
                guard declared.contains(name) else {
                    report(
                        .error(
                            .unknownForest, "'usersFrom' names forest '\(name)', which the site does not declare",
                            at: source.span,
                            help: Suggestion.closest(to: name.description, in: declared.map(\.description)).map {
                                "did you mean '\($0)'?"
                            }
                                ?? "declare it under 'forests:' with 'role: account'"))
                    continue
                }
                forests[forestIndex].usersFrom.append(name)
            }
            let forest = forests[forestIndex]
            if forest.role == .resource, forest.usersFrom.isEmpty, written.usersFrom.isEmpty {
                report(
                    .warning(
                        .resourceForestWithoutUsers,
                        "resource forest '\(forest.name)' does not say which forest its users log on in",
                        at: forest.span,
                        help: "add 'usersFrom: [ACCOUNT-FOREST]' so sipgpo can check where GPOs must be linked"))
            }
            if forest.role != .resource, !written.usersFrom.isEmpty, let first = written.usersFrom.first {
                report(
                    .warning(
                        .ignoredSetting, "'usersFrom' only applies to a resource forest", at: first.span,
                        help: "remove it, or set 'role: resource' on forest '\(forest.name)'"))
            }
        }
        return forests
    }

    // MARK: pools

    private mutating func resolvePools() -> [Pool] {
        syntax.pools.compactMap { written in
            guard let fqdn = dnsName(written.fqdn, what: "pool name"), let roleText = written.role else { return nil }
            guard let role = PoolRole(rawValue: roleText.value) else {
                report(
                    .error(
                        .invalidValue, "unknown pool role '\(roleText.value)'", at: roleText.span,
                        help: Suggestion.help(for: roleText.value, in: PoolRole.allCases.map(\.rawValue), noun: "role"))
                )
                return nil
            }
            var certificate: Certificate?
            if let written = written.certificate {
                var names: [CertificateName] = []
                for name in written.names?.value ?? [] {
                    let wildcard = name.value.hasPrefix("*.")
                    let text = wildcard ? String(name.value.dropFirst(2)) : name.value
                    var span = name.span
                    if wildcard { span.start.column += 2 }
                    guard let parsed = dnsName(Located(text, at: span), what: "certificate name") else { continue }
                    names.append(CertificateName(name: parsed, isWildcard: wildcard))
                }
                if (written.names?.value ?? []).isEmpty {
                    report(
                        .error(
                            .certificateWithoutNames, "the certificate of '\(fqdn)' has no names",
                            at: written.names?.span ?? written.span,
                            help:
                                "list its subject and subject alternative names, e.g. 'names: [\(fqdn), sip.contoso.com]'"
                        ))
                }
                certificate = Certificate(
                    names: names, trustedIssuer: written.trustedIssuer?.value ?? true, span: written.span)
            }
            var pool = Pool(
                fqdn: fqdn, role: role, region: written.region?.value, certificate: certificate, span: written.fqdn.span
            )
            if let transports = written.transports { pool.transports = poolTransports(transports) }
            // The Access Edge takes clients on 443 ("Ports and protocols for internal servers", Lync Server 2013).
            if let ports = written.ports { pool.ports = poolPorts(ports) } else if role == .edge { pool.ports = [443] }
            return pool
        }
    }

    /// `hosts:` entries with `down: true`, by DNS name.
    private mutating func resolveDownHosts() -> [DownHost] {
        syntax.hosts.compactMap { written in
            guard let down = written.down, down.value, let name = dnsName(written.name, what: "host name") else {
                return nil
            }
            return DownHost(name: name, span: down.span)
        }
    }

    /// `transports: [tls, tcp]`: the SIP transports a pool listens on; an unknown one is a located error with a
    /// suggestion.
    private mutating func poolTransports(_ written: Located<[Located<String>]>) -> [Transport] {
        let known: [Transport] = [.tls, .tcp]
        var transports: [Transport] = []
        if written.value.isEmpty {
            report(
                .error(
                    "invalid-value", "'transports' is empty: the pool would accept no client", at: written.span,
                    help: "list 'tls', and 'tcp' if the pool also listens on TCP 5060"))
        }
        for name in written.value {
            guard let transport = known.first(where: { $0.rawValue.lowercased() == name.value.lowercased() }) else {
                report(
                    .error(
                        "invalid-value", "unknown SIP transport '\(name.value)'", at: name.span,
                        help: Suggestion.help(
                            for: name.value, in: known.map { $0.rawValue.lowercased() }, noun: "transport")))
                continue
            }
            if !transports.contains(transport) { transports.append(transport) }
        }
        return transports
    }

    /// `ports: [443, 5061]`: the ports a pool takes SIP clients on, each 1 to 65535.
    private mutating func poolPorts(_ written: Located<[Located<String>]>) -> [Int] {
        var ports: [Int] = []
        if written.value.isEmpty {
            report(
                .error(
                    .invalidValue, "'ports' is empty: the pool would accept no client", at: written.span,
                    help: "list the ports the server takes SIP clients on, such as '[443]' for an Access Edge"))
        }
        for text in written.value {
            guard let port = Int(text.value), (1...65535).contains(port) else {
                report(
                    .error(
                        .invalidValue, "'\(text.value)' is not a port", at: text.span,
                        help: "a port is a number from 1 to 65535, such as 443"))
                continue
            }
            if !ports.contains(port) { ports.append(port) }
        }
        return ports
    }

    // MARK: SIP domains and DNS

    private mutating func resolveSIPDomains() -> [SIPDomain] {
        var seen: [DNSName: SourceSpan] = [:]
        return syntax.sipDomains.compactMap { written in
            guard let name = dnsName(written.name, what: "SIP domain") else { return nil }
            // DNS names compare without case and trailing dot: two spellings would write one set of dns/ files.
            if let first = seen[name] {
                report(
                    .error(
                        .duplicateSIPDomain, "SIP domain '\(name)' is declared twice", at: written.name.span,
                        help: "DNS names ignore case and a trailing dot; merge the two entries",
                        notes: [.init("first declared here", at: first)]))
                return nil
            }
            seen[name] = written.name.span
            let inside = dnsView(written.inside, origin: name)
            let outside = dnsView(written.outside, origin: name)
            return SIPDomain(name: name, inside: inside, outside: outside, span: written.name.span)
        }
    }

    private mutating func dnsView(_ source: ZoneSourceSyntax?, origin: DNSName) -> DNSView {
        switch source {
        case nil:
            return DNSView(records: [])
        case .inline(let lines, let span):
            var records: [ResourceRecord] = []
            for line in lines {
                // Quoted scalars start one column before their text.
                let text = line.value
                let offset = scalarOffset(of: line)
                let parsed = ZoneParser.parse(
                    text, file: line.span.file,
                    start: SourceLocation(line: line.span.start.line, column: line.span.start.column + offset),
                    origin: origin)
                records += parsed.records
                diagnostics += parsed.diagnostics
            }
            return DNSView(records: records, span: span)
        case .file(let path):
            let resolved = Self.path(path.value, relativeTo: syntax.file)
            let text: String
            do {
                text = try sources.read(resolved)
            } catch let undecodable as SourceText.Undecodable {
                var diagnostic = undecodable.diagnostic
                diagnostic.notes.append(.init("the zone file named here", at: path.span))
                report(diagnostic)
                return DNSView(records: [], file: resolved, span: path.span)
            } catch {
                report(
                    .error(
                        .zoneFileUnreadable, "cannot read zone file '\(resolved)': \(error)", at: path.span,
                        help:
                            "zone file paths are relative to the site description; check the name and that the file is readable"
                    ))
                return DNSView(records: [], file: resolved, span: path.span)
            }
            files[resolved] = text
            let parsed = ZoneParser.parse(text, file: resolved, origin: origin)
            diagnostics += parsed.diagnostics
            return DNSView(records: parsed.records, file: resolved, span: path.span)
        }
    }

    /// The column offset of a scalar's text inside its span: 1 for a quoted scalar, 0 for a plain one.
    func scalarOffset(of line: Located<String>) -> Int {
        let width = line.span.end.column - line.span.start.column
        return width == line.value.unicodeScalars.count + 2 ? 1 : 0
    }

    /// `zones/x.zone` named in `sites/contoso.yaml` is `sites/zones/x.zone`; absolute paths stay as they are.
    static func path(_ path: String, relativeTo file: String) -> String {
        guard !path.hasPrefix("/"), let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }

    // MARK: names

    mutating func dnsName(_ written: Located<String>, what: String) -> DNSName? {
        switch DNSName.parse(written.value.hasSuffix(".") ? written.value : written.value + ".", origin: nil) {
        case .success(let name):
            return name
        case .failure(let error):
            var span = written.span
            span.start.column += error.offset
            span.end = SourceLocation(line: span.start.line, column: span.start.column + 1)
            report(
                .error(
                    .malformedDNSName, "malformed \(what) '\(written.value)': \(error.message)", at: span,
                    help: "a DNS name is labels of letters, digits and hyphens separated by dots, such as 'contoso.com'"
                ))
            return nil
        }
    }

    mutating func serverAddress(_ written: Located<String>, what: String) -> ServerAddress? {
        var host = written.value
        var port: Int?
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") { port = Int(rest.dropFirst()) ?? -1 }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.lastIndex(of: ":") {
            port = Int(host[host.index(after: colon)...]) ?? -1
            host = String(host[..<colon])
        }
        if let value = port, !(1...65535).contains(value) {
            report(
                .error(
                    .invalidValue, "\(what) '\(written.value)' has an invalid port", at: written.span,
                    help: "write 'HOST' or 'HOST:PORT' with a port from 1 to 65535"))
            return nil
        }
        if let address = IPv4Address(host) {
            return ServerAddress(host: .ipv4(address), port: port, span: written.span)
        }
        if let address = IPv6Address(host) {
            return ServerAddress(host: .ipv6(address), port: port, span: written.span)
        }
        guard let name = dnsName(Located(host, at: written.span), what: what) else { return nil }
        if name.labels.count < 2 {
            report(
                .warning(
                    .singleLabelServer, "\(what) '\(host)' is a single-label name", at: written.span,
                    help: "use the server's fully qualified name so it resolves outside the local DNS suffix"))
        }
        return ServerAddress(host: .name(name), port: port, span: written.span)
    }
}
