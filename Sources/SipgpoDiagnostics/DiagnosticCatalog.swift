/// Every kind of finding sipgpo reports, declared once: its id, severity, a one-line summary, an example of what
/// triggers it and the generic fix. A diagnostic's own `help` may be more specific (it names the near miss); the
/// entry says what to do in general. `sipgpo explain-diagnostic` prints these entries, and the tests check that
/// every id here is produced by some test and that no test produces an id missing here.
public enum DiagnosticCatalog {
    /// The pipeline stage that reports a kind of finding, so a reader knows when to expect it.
    public enum Stage: String, Hashable, Codable, Sendable, CaseIterable {
        /// Reading the YAML into the located syntax tree.
        case load
        /// Names to things: forests, OUs, clients, SIP domains, pools, servers.
        case resolve
        /// Parsing DNS records, inline or in zone files.
        case dns
        /// The checks run on the simulated discovery of every population.
        case check
        /// Lowering the site to GPOs and verifying the plan against the model.
        case lower
        /// `build --admx-dir`: comparing the Central Store with the policies sipgpo writes.
        case centralStore = "central-store"
        /// Loading sipgpo's own policy catalog (`templates/policies/`, or `--templates DIR`).
        case templates
        /// The command line itself.
        case cli
        /// `sipgpo decompile`: reading deployed policy files and OU links.
        case decompile
    }

    /// One kind of finding.
    public struct Entry: Hashable, Codable, Sendable {
        public var id: DiagnosticID
        public var severity: Severity
        /// Some kinds are reported at another severity in one situation: which severity, and when.
        public var otherSeverity: OtherSeverity?
        public var stage: Stage
        /// One line, lowercase, no final period.
        public var summary: String
        /// A few lines of a site description, or a sentence, that trigger it.
        public var example: String
        /// The generic fix, phrased as an instruction.
        public var help: String

        public struct OtherSeverity: Hashable, Codable, Sendable {
            public var severity: Severity
            public var when: String
        }

        init(
            _ id: DiagnosticID, _ severity: Severity, _ stage: Stage, summary: String, example: String, help: String,
            otherwise: (Severity, when: String)? = nil
        ) {
            self.id = id
            self.severity = severity
            self.stage = stage
            self.summary = summary
            self.example = example
            self.help = help
            otherSeverity = otherwise.map { OtherSeverity(severity: $0.0, when: $0.when) }
        }

        /// Whether a diagnostic of this kind may carry `severity` (before `--warnings-as-errors`).
        public func allows(_ severity: Severity) -> Bool {
            severity == self.severity || severity == otherSeverity?.severity
        }
    }

    /// The entry of `id`, if sipgpo reports such a finding.
    public static func entry(_ id: DiagnosticID) -> Entry? { byID[id] }

    /// Every id, sorted.
    public static var ids: [DiagnosticID] { entries.map(\.id).sorted() }

    private static let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// Every entry, in pipeline order (the order of `Stage`), then as declared.
    public static let entries: [Entry] = [
        // MARK: load
        Entry(
            .yamlAliasLimit, .error, .load,
            summary: "expanding YAML aliases would make more than 100,000 nodes (an alias bomb)",
            example: """
                x0: &a0 [z, z, z, z, z, z, z, z, z]
                x1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]   # and so on, 26 levels deep
                """,
            help: "write repeated settings once under 'defaults:' or on a parent OU's population"),
        Entry(
            .yamlTooDeep, .error, .load,
            summary: "lists and mappings nest more than 200 levels deep",
            example: "defaults: " + String(repeating: "[", count: 201) + String(repeating: "]", count: 201),
            help: "a site description is a few levels deep; check for unclosed '[' or '{'"),
        Entry(
            .textEncoding, .error, .load,
            summary: "a site description or zone file is UTF-16, UTF-32 or not UTF-8",
            example: "a site saved by Notepad as 'Unicode' (UTF-16 little-endian with a byte-order mark)",
            help: "save the file as UTF-8"),
        Entry(
            .nulByte, .error, .load,
            summary: "a site description or zone file contains a NUL byte",
            example: "a binary file, or text in a two-byte encoding, given as the site",
            help: "remove the NUL byte, or save the file as UTF-8 text"),
        Entry(
            .yamlSyntax, .error, .load,
            summary: "the site description is not valid YAML",
            example: """
                populations:
                  - name: Head office
                   ou: OU=HQ,DC=contoso,DC=com    # one space less than 'name'
                """,
            help: "check indentation (spaces, not tabs), colons after keys and matching quotes and brackets"),
        Entry(
            .emptySite, .error, .load,
            summary: "the site description is empty",
            example: "a site file that is empty or holds only comments",
            help: "start with 'version: 1' and 'site: NAME'; see 'sipgpo check --help' for an example"),
        Entry(
            .duplicateKey, .error, .load,
            summary: "a key appears twice in the same mapping",
            example: """
                defaults:
                  client: lync-2013
                  client: lync-2010
                """,
            help: "remove one of them or merge their contents"),
        Entry(
            .unknownKey, .error, .load,
            summary: "a key the site format does not have, or a YAML merge key ('<<')",
            example: """
                defaults:
                  clinet: lync-2013
                """,
            help: "fix the spelling (the message suggests the nearest key) or remove the key"),
        Entry(
            .missingKey, .error, .load,
            summary: "a mapping lacks a key it requires",
            example: """
                populations:
                  - name: Head office          # no 'ou:'
                """,
            help: "add the key the message names"),
        Entry(
            .wrongType, .error, .load,
            summary: "a value has the wrong shape: a list where a mapping belongs, a mapping where text belongs",
            example: """
                populations:
                  name: Head office            # a mapping where a list of populations belongs
                """,
            help: "write the value in the shape the message names"),
        Entry(
            .invalidValue, .error, .load,
            summary:
                "a value is not one of those allowed (sign-in mode, transport, scope, forest or pool role, "
                + "discovery variant, port, sign-in address)",
            example: """
                defaults:
                  scope: computer              # 'user' or 'machine'
                """,
            help: "use one of the values the message lists"),
        Entry(
            .manualWithoutServer, .error, .load,
            summary: "manual sign-in does not name the server to use inside the firewall",
            example: """
                defaults:
                  signIn: manual
                """,
            help:
                "write 'signIn: { mode: manual, internalServer: POOL-FQDN, externalServer: EDGE-FQDN, transport: tls }'"
        ),
        Entry(
            .ignoredSetting, .warning, .load,
            summary: "a setting that has no effect where it is written",
            example: """
                defaults:
                  signIn: { mode: automatic, internalServer: pool01.contoso.com }
                """,
            help:
                "remove it, or make it apply: 'mode: manual' for servers, 'role: resource' for a forest's 'usersFrom'"),

        // MARK: resolve
        Entry(
            .ouNotLinkable, .error, .resolve,
            summary: "a population's 'ou' is not an OU (a CN= container such as CN=Users, or another object)",
            example: """
                populations:
                  - name: Everyone
                    ou: CN=Users,DC=contoso,DC=com
                """,
            help: "move the users into an OU and name it: Group Policy links only to sites, domains and OUs"),
        Entry(
            .gpoNameClash, .error, .resolve,
            summary: "a population's GPO would have the name of a defaults GPO",
            example: """
                populations:
                  - name: defaults (contoso.com)
                    ou: OU=Sales,DC=contoso,DC=com
                """,
            help: "rename the population; GPO names are matched without regard to case"),
        Entry(
            .duplicateSIPDomain, .error, .resolve,
            summary: "two SIP domains are the same DNS name (they differ only by case or a trailing dot)",
            example: """
                sipDomains:
                  contoso.com: { dns: { inside: [] } }
                  Contoso.COM.: { dns: { inside: [] } }
                """,
            help: "merge the two entries"),
        Entry(
            .unsupportedVersion, .error, .resolve,
            summary: "the site description's version is not one this sipgpo reads",
            example: "version: 2",
            help: "this sipgpo reads 'version: 1'; a newer file needs a newer sipgpo"),
        Entry(
            .malformedDNSName, .error, .resolve,
            summary: "a DNS name (SIP domain, forest, pool, server, record owner or target) is malformed",
            example: """
                sipDomains:
                  contoso..com: { dns: { inside: [], outside: [] } }
                """,
            help: "a DNS name is labels of letters, digits and hyphens separated by dots, such as 'contoso.com'"),
        Entry(
            .unknownForest, .error, .resolve,
            summary: "an OU's DC= components or a 'usersFrom' entry name a forest the site does not declare",
            example: """
                forests:
                  contoso.com: { role: account }
                populations:
                  - { name: Head office, ou: "OU=HQ,DC=fabrikam,DC=com" }
                """,
            help: "declare the forest under 'forests:', or fix the OU's DC= components"),
        Entry(
            .forestMismatch, .error, .resolve,
            summary: "a population names a forest other than the one its OU is in",
            example: """
                populations:
                  - { name: Head office, ou: "OU=HQ,DC=contoso,DC=com", forest: uc.contoso.net }
                """,
            help: "remove 'forest:' (sipgpo reads it from the OU's DC= components) or fix the OU"),
        Entry(
            .resourceForestWithoutUsers, .warning, .resolve,
            summary: "a resource forest does not say which forest its users log on in",
            example: """
                forests:
                  uc.contoso.net: { role: resource }
                """,
            help: "add 'usersFrom: [ACCOUNT-FOREST]' so sipgpo can check where GPOs must be linked"),
        Entry(
            .ouInResourceForest, .warning, .resolve,
            summary: "a population's OU is in a resource forest, where users never log on",
            example: """
                forests:
                  uc.contoso.net: { role: resource, usersFrom: [contoso.com] }
                populations:
                  - { name: Lync users, ou: "OU=Users,DC=uc,DC=contoso,DC=net" }
                """,
            help: "link the GPOs in the account forest, at the OU where the users' accounts live"),
        Entry(
            .ouIsDomainRoot, .warning, .resolve,
            summary: "a population's OU is a domain root, so its GPO reaches every user of the domain",
            example: """
                populations:
                  - { name: Everyone, ou: "DC=contoso,DC=com" }
                """,
            help: "put settings for the whole domain under 'defaults:' and give populations real OUs"),
        Entry(
            .malformedDN, .error, .resolve,
            summary: "an OU is not a valid distinguished name (RFC 4514)",
            example: """
                populations:
                  - { name: Head office, ou: "OU=HQ;DC=contoso,DC=com" }
                """,
            help: "write the OU as comma-separated 'OU=...' and 'DC=...' components, such as 'OU=HQ,DC=contoso,DC=com'"),
        Entry(
            .duplicatePopulation, .error, .resolve,
            summary: "two populations have the same name",
            example: """
                populations:
                  - { name: Head office, ou: "OU=HQ,DC=contoso,DC=com" }
                  - { name: Head office, ou: "OU=Sales,DC=contoso,DC=com" }
                """,
            help: "give each population its own name"),
        Entry(
            .duplicateOU, .error, .resolve,
            summary: "two populations share one OU",
            example: """
                populations:
                  - { name: Head office, ou: "OU=HQ,DC=contoso,DC=com" }
                  - { name: Sales, ou: "OU=HQ,DC=contoso,DC=com" }
                """,
            help: "merge the two populations, or give each its own OU"),
        Entry(
            .noPopulations, .warning, .resolve,
            summary: "the site declares no populations, so nothing is simulated or built",
            example: "a site without 'populations:'",
            help: "add 'populations:' with at least one '- name: ..., ou: ...'"),
        Entry(
            .unknownClient, .error, .resolve,
            summary: "a client profile sipgpo does not know",
            example: """
                defaults:
                  client: lync-2012
                """,
            help: "use one of the profiles 'sipgpo clients' lists"),
        Entry(
            .unknownSIPDomain, .error, .resolve,
            summary: "a population names a SIP domain the site does not declare",
            example: """
                populations:
                  - { name: Head office, ou: "OU=HQ,DC=contoso,DC=com", sipDomain: contoso.org }
                """,
            help: "declare the SIP domain under 'sipDomains:' with its DNS views, or fix the name"),
        Entry(
            .missingSetting, .error, .resolve,
            summary: "a population has no client or no SIP domain, from itself, a parent population or 'defaults'",
            example: """
                sipDomains: { contoso.com: ..., fabrikam.com: ... }   # two domains: populations must name one
                populations:
                  - { name: Head office, ou: "OU=HQ,DC=contoso,DC=com" }
                """,
            help: "set 'client' and 'sipDomain' on the population or under 'defaults:'"),
        Entry(
            .unknownHomePool, .error, .resolve,
            summary: "'homePool' names a pool the site does not declare",
            example: """
                pools:
                  pool01.contoso.com: { role: frontEnd }
                defaults:
                  homePool: pool02.contoso.com
                """,
            help: "declare the pool under 'pools:' or fix the name"),
        Entry(
            .homePoolRole, .error, .resolve,
            summary: "'homePool' names a server that homes no users (an Edge or a Director)",
            example: """
                pools:
                  sip.contoso.com: { role: edge }
                defaults:
                  homePool: sip.contoso.com
                """,
            help: "point 'homePool' at a Front End pool or Standard Edition server (role frontEnd or standard)"),
        Entry(
            .certificateWithoutNames, .error, .resolve,
            summary: "a pool's certificate lists no names",
            example: """
                pools:
                  pool01.contoso.com: { role: frontEnd, certificate: { names: [] } }
                """,
            help: "list the certificate's subject and subject alternative names"),
        Entry(
            .singleLabelServer, .warning, .resolve,
            summary: "a manual server is a single-label name, which resolves only through the local DNS suffix",
            example: """
                signIn: { mode: manual, internalServer: pool01, transport: tls }
                """,
            help: "use the server's fully qualified name"),
        Entry(
            .tcpOutside, .warning, .resolve,
            summary: "manual sign-in over TCP with an external server: the Edge accepts only TLS from outside",
            example: """
                signIn: { mode: manual, internalServer: pool01.contoso.com, externalServer: sip.contoso.com,
                          transport: tcp }
                """,
            help: "use 'transport: tls'"),
        Entry(
            .zoneFileUnreadable, .error, .resolve,
            summary: "a zone file the site names cannot be read",
            example: """
                sipDomains:
                  contoso.com: { dns: { inside: zones/missing.zone, outside: [] } }
                """,
            help: "zone file paths are relative to the site description; check the name and that the file is readable"),

        // MARK: dns
        Entry(
            .srvPortZero, .error, .dns,
            summary:
                "an SRV record sends clients to port 0, which nothing can connect to (RFC 2782 allows 0 only with the target '.')",
            example: "_sipinternaltls._tcp IN SRV 0 0 0 pool01.contoso.com.",
            help: "write the port the service listens on, or the target '.' to say the service is not offered"),
        Entry(
            .tooManyZoneErrors, .error, .dns,
            summary: "a zone file has more than 20 errors; the rest are counted, not shown (is it a zone file?)",
            example: (1...21).map { "README line \($0)" }.joined(separator: "\n"),
            help: "check that the path names a zone file; fix the errors shown and run again to see the rest"),
        Entry(
            .zoneSyntax, .error, .dns,
            summary: "a zone file line cannot be read: unbalanced parentheses, an unterminated quote, a bad directive",
            example: "$ORIGN contoso.com.",
            help: "write records in RFC 1035 presentation format; the directives are $ORIGIN and $TTL"),
        Entry(
            .unsupportedDirective, .error, .dns,
            summary: "a zone file directive sipgpo does not follow ($INCLUDE)",
            example: "$INCLUDE other.zone",
            help: "copy the records of the included file into this zone"),
        Entry(
            .malformedRecord, .error, .dns,
            summary: "a DNS record has a missing owner or type, a bad TTL or class, or the wrong data fields",
            example: "_sip._tls IN SRV 0 0 sip.contoso.com.     ; no port",
            help: "write 'OWNER [TTL] [IN] TYPE DATA', such as '_sip._tls IN SRV 0 0 443 sip.contoso.com.'"),
        Entry(
            .malformedAddress, .error, .dns,
            summary: "an A or AAAA record's address is malformed",
            example: "pool01 IN A 10.0.0.256",
            help: "write IPv4 as four numbers from 0 to 255 ('10.0.0.10'), IPv6 as hex groups ('2001:db8::10')"),
        Entry(
            .unknownRecordType, .error, .dns,
            summary: "a record type sipgpo does not know",
            example: "pool01 IN AA 10.0.0.10",
            help: "write one of A, AAAA, CNAME or SRV"),

        // MARK: check
        Entry(
            .privateAddressOutside, .warning, .check,
            summary: "outside users are sent to a private (RFC 1918) address they cannot reach",
            example: """
                dns:
                  outside: [ "sip IN A 10.0.0.10" ]
                """,
            help: "publish only public addresses in the outside view (the Access Edge for _sip._tls and sip)"),
        Entry(
            .tcpOnlyOutside, .warning, .check,
            summary: "a Communicator client outside finds only _sip._tcp, and the Edge accepts only TLS",
            example: """
                dns:
                  outside: [ "_sip._tcp IN SRV 0 0 5060 sip", "sip IN A 203.0.113.10" ]
                """,
            help: "publish '_sip._tls.SIPDOMAIN. SRV 0 0 443 ACCESS-EDGE' in the outside view"),
        Entry(
            .srvTargetOutsideDomain, .warning, .check,
            summary: "an SRV record points outside the SIP domain and no trusted-domain entry covers it",
            example: """
                dns:
                  inside: [ "_sipinternaltls._tcp IN SRV 0 0 5061 pool01.contoso.net." ]
                """,
            help: "point the record at a host under the SIP domain, or add the target's domain to 'trustedDomains'"),
        Entry(
            .srvWeightedFailure, .warning, .check,
            summary:
                "a share of sign-in attempts picks a weighted SRV record that fails, and the client tries no other",
            example: """
                dns:
                  inside:
                    - _sipinternaltls._tcp IN SRV 0 90 5061 pool01.contoso.com.
                    - _sipinternaltls._tcp IN SRV 0 10 5061 pool-dead.contoso.com.
                defaults: { client: communicator-2007-r2 }
                """,
            help:
                "fix or remove the record: weights spread the load (RFC 2782), and Communicator-era clients do not fall back to the other records"
        ),
        Entry(
            .autodiscoverCNAMEOtherDomain, .warning, .check,
            summary: "an Autodiscover name asked over HTTPS is an alias (CNAME) into another domain",
            example: """
                dns:
                  outside: [ "lyncdiscover.litwareinc.co.uk. IN CNAME lyncdiscover.litwareinc.com." ]
                """,
            help:
                "publish an A record for the Autodiscover name in its own domain: CNAME redirection to a different domain is not supported over HTTPS (Microsoft's DNS summary for Autodiscover)"
        ),
        Entry(
            .lyncdiscoverinternalMissing, .warning, .check,
            summary:
                "lyncdiscover answers inside while lyncdiscoverinternal is absent, so internal clients get the external response",
            example: """
                dns:
                  inside: [ "lyncdiscover IN A 10.0.0.20" ]
                """,
            help: "publish lyncdiscoverinternal.<sipdomain> in the inside DNS, pointing at the internal web services"
        ),
        Entry(
            .settingIgnoredByClient, .warning, .check,
            summary: "a setting is written for a client that ignores it",
            example: """
                defaults: { client: lync-2010, strictDnsNaming: false }
                """,
            help: "remove the setting for these populations; the client does not read the value it writes"
        ),
        Entry(
            .discoveryFails, .warning, .check,
            summary: "a population cannot sign in on a network",
            example: "an outside view with no record the population's client looks up",
            help: "run 'sipgpo explain SITE --population NAME --network inside|outside' to see each lookup"),
        Entry(
            .trustPrompt, .warning, .check,
            summary: "users are asked whether to trust an automatically discovered server",
            example: "a Lync 2013 population whose SRV record points at pool01.contoso.net for SIP domain contoso.com",
            help: "add the server's domain to 'trustedDomains', or point discovery at a server in the SIP domain"),
        Entry(
            .settingWithoutPolicy, .warning, .check,
            summary: "a setting that the population's client has no policy for",
            example: """
                defaults:
                  client: lync-2013
                  strictDnsNaming: false       # DisableStrictDNSNaming is a Communicator-era policy
                """,
            help: "remove the setting, or give the population a client that has the policy"),
        Entry(
            .clientWithoutGroupPolicy, .warning, .check,
            summary: "a population's client takes no Group Policy, yet the site gives it policy settings",
            example: """
                populations:
                  - { name: Phones, ou: "OU=Phones,DC=contoso,DC=com", client: lync-phone-edition,
                      trustedDomains: [contoso.net] }
                """,
            help: "configure these clients through in-band provisioning or the device itself"),
        Entry(
            .certificateNameMissing, .warning, .check,
            summary: "a declared certificate lacks a name that discovery or registration needs",
            example: """
                pools:
                  pool01.contoso.com: { role: frontEnd, certificate: { names: [pool01.contoso.com] } }   # no sip.contoso.com
                """,
            help: "reissue the certificate with the names listed in certificates.md ('sipgpo build')"),
        Entry(
            .certificateIssuerUntrusted, .warning, .check,
            summary: "a declared certificate is issued by a CA the clients do not trust, so TLS to it fails",
            example: """
                pools:
                  pool01.contoso.com:
                    certificate: { names: [pool01.contoso.com, sip.contoso.com], trustedIssuer: false }
                """,
            help:
                "deploy the issuing CA's root certificate to the clients (a GPO can), or reissue the certificate from a "
                + "CA they trust"),
        Entry(
            .srvTargetCNAME, .warning, .check,
            summary: "an SRV record's target is an alias (CNAME), which RFC 2782 forbids",
            example: """
                dns:
                  inside: [ "_sipinternaltls._tcp IN SRV 0 0 5061 lyncpool", "lyncpool IN CNAME pool01",
                            "pool01 IN A 10.1.0.10" ]
                """,
            help: "point the SRV record at the name that has the A record"),

        // MARK: lower
        Entry(
            .noPolicy, .error, .lower,
            summary: "the policy catalog binds no policy (or no transport value) for a setting the site uses",
            example: "a '--templates' folder whose policy-bindings.xml lacks the binding of a setting",
            help: "bind the setting in templates/policies/policy-bindings.xml, or reinstall sipgpo"),
        Entry(
            .planMismatch, .error, .lower,
            summary:
                "applied as Group Policy applies them, the GPOs would give a population other values than the site says",
            example: """
                populations:
                  - { name: Branches, ou: "OU=Branches,DC=contoso,DC=com", scope: machine,
                      trustedDomains: [contoso.net] }
                  - { name: Sales, ou: "OU=Sales,OU=Branches,DC=contoso,DC=com", scope: user,
                      trustedDomains: [fabrikam.com] }      # the parent's HKLM value wins
                """,
            help: "machine (HKLM) policy outranks user (HKCU) policy: give a population and its parent the same 'scope'"
        ),
        Entry(
            .requiredElementMissing, .warning, .lower,
            summary: "a policy requires a value the site does not give, so sipgpo removes the value instead",
            example: """
                defaults:
                  client: lync-2013            # 'Specify server' requires the external server too
                  signIn: { mode: manual, internalServer: pool01.contoso.com }
                """,
            help: "set the value in the site description"),
        Entry(
            .signInAddressNotSet, .warning, .lower,
            summary: "users whose SIP address lives in a resource forest start with an unknown sign-in address",
            example: """
                forests:
                  contoso.com: { role: account }
                  uc.contoso.net: { role: resource, usersFrom: [contoso.com] }
                populations:
                  - { name: Staff, ou: "OU=Staff,DC=contoso,DC=com" }   # no 'signInAddress'
                """,
            help: "set 'signInAddress', such as '%LogonUser%@contoso.com'"),

        // MARK: central store
        Entry(
            .admxDirEmpty, .error, .centralStore,
            summary: "the folder given to '--admx-dir' holds no ADMX files",
            example: "sipgpo build site.yaml --output out --admx-dir /tmp/empty",
            help: "point --admx-dir at a PolicyDefinitions folder (the Central Store)"),
        Entry(
            .admxUnreadable, .warning, .centralStore,
            summary: "an ADMX file in the Central Store is not well-formed XML",
            example: "PolicyDefinitions/broken.admx cut off in the middle of an element",
            help: "sipgpo skips the file; repair or remove it, since the Group Policy editor will likely reject it too"),
        Entry(
            .admxTemplateMissing, .error, .centralStore,
            summary: "the Central Store lacks a template whose policies the GPOs set",
            example: "a Central Store without Microsoft's lync16.admx, for a skype-for-business-2016 population",
            help: "copy the template (and its en-US ADML) into the Central Store",
            otherwise: (.warning, when: "the template is one sipgpo ships in its PolicyDefinitions/ output")),
        Entry(
            .admxPolicyMissing, .error, .centralStore,
            summary: "a template in the Central Store does not define a policy sipgpo writes",
            example: "an older lync15.admx without the policy sipgpo binds for 'trustedDomains'",
            help: "update the template to the version sipgpo binds"),
        Entry(
            .admxBindingMismatch, .error, .centralStore,
            summary: "a policy in the Central Store differs from what sipgpo writes (key, value names, values)",
            example: "a lync15.admx whose policy writes another registry key than the one sipgpo binds",
            help: "update the template, or report the difference to sipgpo"),

        // MARK: templates
        Entry(
            .catalogUnreadable, .error, .templates,
            summary: "a file of sipgpo's policy catalog cannot be read",
            example: "'--templates DIR' where DIR/policies/ lacks a file the catalog names",
            help: "reinstall sipgpo or pass --templates DIR with a complete copy of templates/"),
        Entry(
            .catalogInvalid, .error, .templates,
            summary: "a file of sipgpo's policy catalog is not well-formed or does not match its schema",
            example: "'--templates DIR' with a policy-bindings.xml edited by hand and broken",
            help: "fix the file against its schema (templates/schemas/) or reinstall sipgpo"),
        Entry(
            .catalogBinding, .error, .templates,
            summary: "a binding in the policy catalog names a policy, element or element role that does not exist",
            example: "a binding of 'trustedDomains' to policy 'TrustModel' when the ADMX calls it 'TrustModelData'",
            help: "fix templates/policies/policy-bindings.xml or the family's ADMX"),

        Entry(
            .templateMissing, .error, .templates,
            summary: "a word template is in neither the '--templates' folder nor the bundled templates",
            example: "an installation whose sipgpo_SipgpoTemplates.resources lacks words/explain.txt.mustache",
            help: "reinstall sipgpo, or put the template in DIR/words/ of '--templates DIR'"),
        Entry(
            .templateInvalid, .error, .templates,
            summary: "a word template does not parse as Mustache",
            example: "'--templates DIR' whose words/explain.txt.mustache opens '{{#populations}}' and never closes it",
            help: "fix the Mustache syntax; the bundled template shows the expected shape"),

        // MARK: cli
        Entry(
            .siteUnreadable, .error, .cli,
            summary: "the site description file cannot be read",
            example: "sipgpo check no-such-file.yaml",
            help: "check the path; it is relative to the current folder"),
        // MARK: decompile
        Entry(
            .decompileMalformedPol, .error, .decompile,
            summary: "a Registry.pol given to decompile is malformed",
            example: "a registry.pol cut off in the middle of a record, or with version 2 in its header",
            help: "restore it from a backup or re-export the GPO; Samba and LGPO.exe refuse such a file too"),
        Entry(
            .decompileMalformedReg, .error, .decompile,
            summary: "a .reg file given to decompile is malformed",
            example: "\"ServerAddressInternal\"=bogus:1 under a key of a REGEDIT4 file",
            help: "fix the line the error names; regedit would refuse it too"),
        Entry(
            .decompileMalformedLgpo, .error, .decompile,
            summary: "an LGPO.exe text file given to decompile is malformed",
            example: "a DWORD line whose value is not a number",
            help: "fix the line the error names; LGPO.exe /t would refuse it too"),
        Entry(
            .decompileMalformedLdif, .error, .decompile,
            summary: "the LDIF of OU links given to decompile --links is malformed",
            example: "a gPLink value without its closing ']'",
            help: "export the OUs again with ldapsearch or ldifde (attributes gPLink and gPOptions)"),
        Entry(
            .decompileMalformedListall, .error, .decompile,
            summary: "the 'samba-tool gpo listall' output given to decompile --links is malformed",
            example: "a line that is neither 'NAME : VALUE' nor blank",
            help: "pass the output of 'samba-tool gpo listall' unchanged"),
    ]
}

// The ids, each spelled once. Code that reports a finding names it as `.unknownKey`, so a typo does not compile.
extension DiagnosticID {
    public static let yamlSyntax: DiagnosticID = "yaml-syntax"
    public static let emptySite: DiagnosticID = "empty-site"
    public static let duplicateKey: DiagnosticID = "duplicate-key"
    public static let unknownKey: DiagnosticID = "unknown-key"
    public static let missingKey: DiagnosticID = "missing-key"
    public static let wrongType: DiagnosticID = "wrong-type"
    public static let invalidValue: DiagnosticID = "invalid-value"
    public static let manualWithoutServer: DiagnosticID = "manual-without-server"
    public static let ignoredSetting: DiagnosticID = "ignored-setting"
    public static let unsupportedVersion: DiagnosticID = "unsupported-version"
    public static let malformedDNSName: DiagnosticID = "malformed-dns-name"
    public static let unknownForest: DiagnosticID = "unknown-forest"
    public static let forestMismatch: DiagnosticID = "forest-mismatch"
    public static let resourceForestWithoutUsers: DiagnosticID = "resource-forest-without-users"
    public static let ouInResourceForest: DiagnosticID = "ou-in-resource-forest"
    public static let ouIsDomainRoot: DiagnosticID = "ou-is-domain-root"
    public static let malformedDN: DiagnosticID = "malformed-dn"
    public static let duplicatePopulation: DiagnosticID = "duplicate-population"
    public static let duplicateOU: DiagnosticID = "duplicate-ou"
    public static let noPopulations: DiagnosticID = "no-populations"
    public static let unknownClient: DiagnosticID = "unknown-client"
    public static let unknownSIPDomain: DiagnosticID = "unknown-sip-domain"
    public static let missingSetting: DiagnosticID = "missing-setting"
    public static let unknownHomePool: DiagnosticID = "unknown-home-pool"
    public static let homePoolRole: DiagnosticID = "home-pool-role"
    public static let certificateWithoutNames: DiagnosticID = "certificate-without-names"
    public static let singleLabelServer: DiagnosticID = "single-label-server"
    public static let tcpOutside: DiagnosticID = "tcp-outside"
    public static let zoneFileUnreadable: DiagnosticID = "zone-file-unreadable"
    public static let zoneSyntax: DiagnosticID = "zone-syntax"
    public static let unsupportedDirective: DiagnosticID = "unsupported-directive"
    public static let malformedRecord: DiagnosticID = "malformed-record"
    public static let malformedAddress: DiagnosticID = "malformed-address"
    public static let unknownRecordType: DiagnosticID = "unknown-record-type"
    public static let privateAddressOutside: DiagnosticID = "private-address-outside"
    public static let tcpOnlyOutside: DiagnosticID = "tcp-only-outside"
    public static let srvTargetOutsideDomain: DiagnosticID = "srv-target-outside-domain"
    public static let discoveryFails: DiagnosticID = "discovery-fails"
    public static let trustPrompt: DiagnosticID = "trust-prompt"
    public static let settingWithoutPolicy: DiagnosticID = "setting-without-policy"
    public static let clientWithoutGroupPolicy: DiagnosticID = "client-without-group-policy"
    public static let certificateNameMissing: DiagnosticID = "certificate-name-missing"
    public static let certificateIssuerUntrusted: DiagnosticID = "certificate-issuer-untrusted"
    public static let srvTargetCNAME: DiagnosticID = "srv-target-cname"
    public static let srvWeightedFailure: DiagnosticID = "srv-weighted-failure"
    public static let autodiscoverCNAMEOtherDomain: DiagnosticID = "autodiscover-cname-other-domain"
    public static let lyncdiscoverinternalMissing: DiagnosticID = "lyncdiscoverinternal-missing"
    public static let settingIgnoredByClient: DiagnosticID = "setting-ignored-by-client"
    public static let decompileMalformedPol: DiagnosticID = "decompile-malformed-pol"
    public static let decompileMalformedReg: DiagnosticID = "decompile-malformed-reg"
    public static let decompileMalformedLgpo: DiagnosticID = "decompile-malformed-lgpo"
    public static let decompileMalformedLdif: DiagnosticID = "decompile-malformed-ldif"
    public static let decompileMalformedListall: DiagnosticID = "decompile-malformed-listall"
    public static let noPolicy: DiagnosticID = "no-policy"
    public static let planMismatch: DiagnosticID = "plan-mismatch"
    public static let requiredElementMissing: DiagnosticID = "required-element-missing"
    public static let signInAddressNotSet: DiagnosticID = "sign-in-address-not-set"
    public static let admxDirEmpty: DiagnosticID = "admx-dir-empty"
    public static let admxUnreadable: DiagnosticID = "admx-unreadable"
    public static let admxTemplateMissing: DiagnosticID = "admx-template-missing"
    public static let admxPolicyMissing: DiagnosticID = "admx-policy-missing"
    public static let admxBindingMismatch: DiagnosticID = "admx-binding-mismatch"
    public static let catalogUnreadable: DiagnosticID = "catalog-unreadable"
    public static let catalogInvalid: DiagnosticID = "catalog-invalid"
    public static let catalogBinding: DiagnosticID = "catalog-binding"
    public static let templateMissing: DiagnosticID = "template-missing"
    public static let templateInvalid: DiagnosticID = "template-invalid"
    public static let siteUnreadable: DiagnosticID = "site-unreadable"
    public static let yamlAliasLimit: DiagnosticID = "yaml-alias-limit"
    public static let yamlTooDeep: DiagnosticID = "yaml-too-deep"
    public static let textEncoding: DiagnosticID = "text-encoding"
    public static let nulByte: DiagnosticID = "nul-byte"
    public static let ouNotLinkable: DiagnosticID = "ou-not-linkable"
    public static let gpoNameClash: DiagnosticID = "gpo-name-clash"
    public static let duplicateSIPDomain: DiagnosticID = "duplicate-sip-domain"
    public static let srvPortZero: DiagnosticID = "srv-port-zero"
    public static let tooManyZoneErrors: DiagnosticID = "too-many-zone-errors"
}
