/// **load**: YAML text → `SiteSyntax`. Syntax errors and shape errors (unknown keys, wrong types) are reported here.
public enum SiteLoader {

    public static func load(yaml text: String, file: String) -> (syntax: SiteSyntax?, diagnostics: [Diagnostic]) {
        let parsed = SyntaxNode.parseNotingAliases(yaml: text, file: file)
        let yamlDiagnostics = parsed.diagnostics
        guard let root = parsed.node else { return (nil, yamlDiagnostics) }
        var reader = SchemaReader()
        guard let top = reader.mapping(root, "the site description", shape: SiteFormat.site)
        else {
            return (nil, reader.diagnostics)
        }
        var syntax = SiteSyntax(file: file, span: top.span)
        if let node = top["version"] { syntax.version = reader.int(node, "'version'") }
        if let node = top["site"] { syntax.site = reader.string(node, "'site'") }
        if let node = top["discoveryVariant"] { syntax.discoveryVariant = reader.string(node, "'discoveryVariant'") }
        if let node = top["forests"] { syntax.forests = readForests(node, &reader) }
        if let node = top["sipDomains"] { syntax.sipDomains = readSIPDomains(node, &reader) }
        if let node = top["defaults"], let view = reader.mapping(node, "'defaults'", shape: SiteFormat.defaults) {
            syntax.defaults = readSettings(view, &reader)
        }
        if let node = top["populations"] { syntax.populations = readPopulations(node, &reader) }
        if let node = top["pools"] { syntax.pools = readPools(node, &reader) }
        if let node = top["hosts"] { syntax.hosts = readHosts(node, &reader) }
        return (syntax, yamlDiagnostics + reader.diagnostics.map { notingAlias($0, parsed.aliasUses) })
    }

    /// A finding located at an expanded alias also names the anchor it came from.
    private static func notingAlias(
        _ diagnostic: Diagnostic, _ uses: [SourceSpan: (name: String, span: SourceSpan)]
    ) -> Diagnostic {
        guard !uses.isEmpty, let span = diagnostic.span, let anchor = uses[span] else { return diagnostic }
        var noted = diagnostic
        noted.notes.append(
            .init("inside the alias '*\(anchor.name)' of the anchor '&\(anchor.name)' here", at: anchor.span))
        return noted
    }

    /// Mappings keyed by name (forests, SIP domains) keep the key's span as the entity's span.
    private static func namedEntries(_ node: SyntaxNode, _ what: String, _ reader: inout SchemaReader)
        -> [SyntaxNode.Mapping.Entry]
    {
        guard case .mapping(let mapping) = node else {
            reader.typeMismatch(node, expected: "a mapping from name to settings", what: what)
            return []
        }
        return mapping.entries
    }

    private static func readForests(_ node: SyntaxNode, _ reader: inout SchemaReader) -> [ForestSyntax] {
        namedEntries(node, "'forests'", &reader).map { entry in
            let name = Located(entry.key.text, at: entry.key.span)
            var forest = ForestSyntax(name: name)
            if let view = reader.mapping(entry.value, "forest '\(name.value)'", shape: SiteFormat.forest) {
                if let role = view["role"] { forest.role = reader.string(role, "'role'") }
                if let from = view["usersFrom"] {
                    forest.usersFrom = reader.stringList(from, "'usersFrom'")?.value ?? []
                }
            }
            return forest
        }
    }

    /// `hosts: { pool01.contoso.com: { down: true } }`: servers that resolve but do not answer.
    private static func readHosts(_ node: SyntaxNode, _ reader: inout SchemaReader) -> [HostSyntax] {
        namedEntries(node, "'hosts'", &reader).map { entry in
            let name = Located(entry.key.text, at: entry.key.span)
            var host = HostSyntax(name: name)
            if let view = reader.mapping(entry.value, "host '\(name.value)'", shape: SiteFormat.host),
                let down = view["down"]
            {
                host.down = reader.bool(down, "'down'")
            }
            return host
        }
    }

    private static func readPools(_ node: SyntaxNode, _ reader: inout SchemaReader) -> [PoolSyntax] {
        namedEntries(node, "'pools'", &reader).map { entry in
            let fqdn = Located(entry.key.text, at: entry.key.span)
            var pool = PoolSyntax(fqdn: fqdn)
            let what = "pool '\(fqdn.value)'"
            guard
                let view = reader.mapping(entry.value, what, shape: SiteFormat.pool)
            else { return pool }
            if let role = view["role"] { pool.role = reader.string(role, "'role'") }
            if let region = view["region"] { pool.region = reader.string(region, "'region'") }
            if let transports = view["transports"] { pool.transports = reader.stringList(transports, "'transports'") }
            if let ports = view["ports"] { pool.ports = reader.stringList(ports, "'ports'") }
            if let node = view["certificate"],
                let certificate = reader.mapping(node, "the certificate of \(what)", shape: SiteFormat.certificate)
            {
                var syntax = CertificateSyntax(span: certificate.span)
                if let names = certificate["names"] { syntax.names = reader.stringList(names, "'names'") }
                if let issuer = certificate["trustedIssuer"] {
                    syntax.trustedIssuer = reader.bool(issuer, "'trustedIssuer'")
                }
                pool.certificate = syntax
            }
            return pool
        }
    }

    private static func readSIPDomains(_ node: SyntaxNode, _ reader: inout SchemaReader) -> [SIPDomainSyntax] {
        namedEntries(node, "'sipDomains'", &reader).map { entry in
            let name = Located(entry.key.text, at: entry.key.span)
            var domain = SIPDomainSyntax(name: name)
            let what = "SIP domain '\(name.value)'"
            if let view = reader.mapping(entry.value, what, shape: SiteFormat.sipDomain),
                let dnsNode = view["dns"],
                let dns = reader.mapping(dnsNode, "'dns' of \(what)", shape: SiteFormat.dns)
            {
                if let inside = dns["inside"] { domain.inside = readZoneSource(inside, "'dns.inside'", &reader) }
                if let outside = dns["outside"] { domain.outside = readZoneSource(outside, "'dns.outside'", &reader) }
            }
            return domain
        }
    }

    private static func readZoneSource(_ node: SyntaxNode, _ what: String, _ reader: inout SchemaReader)
        -> ZoneSourceSyntax?
    {
        switch node {
        case .sequence(let items, let span):
            return .inline(items.compactMap { reader.string($0, "a record of \(what)") }, span: span)
        case .scalar(let scalar) where scalar.isPlain && scalar.text.isEmpty:
            return .inline([], span: scalar.span)
        case .scalar:
            return reader.string(node, what).map(ZoneSourceSyntax.file)
        case .mapping:
            reader.typeMismatch(node, expected: "a list of zone-file lines or the path of a zone file", what: what)
            return nil
        }
    }

    static func readSettings(_ view: MappingView, _ reader: inout SchemaReader) -> SettingsSyntax {
        var settings = SettingsSyntax()
        if let node = view["client"] { settings.client = reader.string(node, "'client'") }
        if let node = view["sipDomain"] { settings.sipDomain = reader.string(node, "'sipDomain'") }
        if let node = view["signIn"] { settings.signIn = readSignIn(node, &reader) }
        if let node = view["trustedDomains"] { settings.trustedDomains = reader.stringList(node, "'trustedDomains'") }
        if let node = view["strictDnsNaming"] { settings.strictDnsNaming = reader.bool(node, "'strictDnsNaming'") }
        if let node = view["scope"] { settings.scope = reader.string(node, "'scope'") }
        if let node = view["signInAddress"] { settings.signInAddress = reader.string(node, "'signInAddress'") }
        if let node = view["homePool"] { settings.homePool = reader.string(node, "'homePool'") }
        return settings
    }

    private static func readSignIn(_ node: SyntaxNode, _ reader: inout SchemaReader) -> SignInSyntax? {
        switch node {
        case .scalar(let scalar):
            if scalar.text == "automatic" { return .automatic(scalar.span) }
            if scalar.text == "manual" {
                reader.diagnostics.append(
                    .error(
                        .manualWithoutServer, "manual sign-in needs the servers to use", at: scalar.span,
                        help:
                            "write 'signIn: { mode: manual, internalServer: POOL-FQDN, externalServer: EDGE-FQDN, transport: tls }'"
                    ))
                return nil
            }
            let help =
                Suggestion.closest(to: scalar.text, in: ["automatic", "manual"]).map { "did you mean '\($0)'?" }
                ?? "use 'automatic', or a mapping with 'mode: manual' and the servers"
            reader.diagnostics.append(
                .error(.invalidValue, "unknown sign-in mode '\(scalar.text)'", at: scalar.span, help: help))
            return nil
        case .mapping:
            guard
                let view = reader.mapping(node, "'signIn'", shape: SiteFormat.signIn),
                let mode = view["mode"].flatMap({ reader.string($0, "'mode'") })
            else { return nil }
            switch mode.value {
            case "automatic":
                for key in ["internalServer", "externalServer", "transport"] {
                    if let span = view.keySpan(key) {
                        reader.diagnostics.append(
                            .warning(
                                .ignoredSetting, "'\(key)' has no effect with automatic sign-in", at: span,
                                help: "remove it, or set 'mode: manual' to use the servers named here"))
                    }
                }
                return .automatic(mode.span)
            case "manual":
                var manual = ManualSignInSyntax(span: view.span)
                if let node = view["internalServer"] { manual.internalServer = reader.string(node, "'internalServer'") }
                if let node = view["externalServer"] { manual.externalServer = reader.string(node, "'externalServer'") }
                if let node = view["transport"] { manual.transport = reader.string(node, "'transport'") }
                if view["internalServer"] == nil {
                    reader.diagnostics.append(
                        .error(
                            .manualWithoutServer, "manual sign-in has no 'internalServer'", at: mode.span,
                            help: "add 'internalServer: POOL-FQDN' (the pool users reach inside the firewall)"))
                }
                return .manual(manual)
            default:
                let help =
                    Suggestion.closest(to: mode.value, in: ["automatic", "manual"]).map { "did you mean '\($0)'?" }
                    ?? "use 'automatic' or 'manual'"
                reader.diagnostics.append(
                    .error(.invalidValue, "unknown sign-in mode '\(mode.value)'", at: mode.span, help: help))
                return nil
            }
        case .sequence:
            reader.typeMismatch(node, expected: "'automatic' or a mapping with 'mode: manual'", what: "'signIn'")
            return nil
        }
    }

    private static func readPopulations(_ node: SyntaxNode, _ reader: inout SchemaReader) -> [PopulationSyntax] {
        guard case .sequence(let items, _) = node else {
            reader.typeMismatch(
                node, expected: "a list of populations", what: "'populations'",
                help: "write each population as a list item starting with '- name: ...'")
            return []
        }
        return items.enumerated().compactMap { index, item in
            guard
                let view = reader.mapping(item, "population \(index + 1)", shape: SiteFormat.population),
                let name = view["name"].flatMap({ reader.string($0, "'name'") }),
                let ou = view["ou"].flatMap({ reader.string($0, "'ou'") })
            else { return nil }
            return PopulationSyntax(
                name: name, ou: ou, forest: view["forest"].flatMap { reader.string($0, "'forest'") },
                settings: readSettings(view, &reader), span: view.span)
        }
    }
}
