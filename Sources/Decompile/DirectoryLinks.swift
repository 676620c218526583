import PolicyPlan
import SiteModel

/// Where GPOs are linked, as the directory says: each container's (domain root or OU) `gPLink` and `gPOptions`,
/// and what the directory knows of each GPO (display name, flags), read from an LDIF export (`ldapsearch`,
/// `ldifde`, `ldbsearch`) or `samba-tool gpo listall`.
public struct DirectoryLinks: Hashable, Sendable {
    public struct Link: Hashable, Sendable {
        /// `{GUID}` in upper case.
        public var gpo: String
        /// `gPLink` options: 1 the link is disabled, 2 it is enforced.
        public var options: Int
        public var disabled: Bool { options & 1 != 0 }
        public var enforced: Bool { options & 2 != 0 }
    }

    public struct Container: Hashable, Sendable {
        public var dn: DistinguishedName
        /// In `gPLink` order: the lowest precedence first, the last one has link order 1.
        public var links: [Link]
        /// `gPOptions` 1: block inheritance.
        public var blocksInheritance: Bool
        /// Where it was read (`file:line`).
        public var source: String
    }

    public struct GPOInfo: Hashable, Sendable {
        public var name: String?
        /// `flags`: 1 the user half is disabled, 2 the computer half.
        public var flags: Int
    }

    public var containers: [DistinguishedName: Container] = [:]
    public var gpos: [String: GPOInfo] = [:]

    public init() {}

    /// The links a plan makes, as the directory holds them after `deploy.ps1` or `deploy.sh` ran: for GPOs that
    /// sipgpo built, whose ids the plan knows.
    public init(plan: PolicyPlan) {
        var byTarget: [DistinguishedName: [(order: Int, gpo: String, enforced: Bool)]] = [:]
        for gpo in plan.gpos {
            gpos[gpo.id.description] = GPOInfo(name: gpo.name, flags: 0)
            for link in gpo.links {
                byTarget[link.target, default: []].append((link.order, gpo.id.description, link.enforced))
            }
        }
        for (target, links) in byTarget {
            // gPLink lists the lowest precedence (highest link order) first.
            let ordered = links.sorted { $0.order > $1.order }.map {
                Link(gpo: $0.gpo, options: $0.enforced ? 2 : 0)
            }
            containers[target] = Container(dn: target, links: ordered, blocksInheritance: false, source: "site")
        }
    }

    /// The GPOs Group Policy applies to objects in `ou`, least precedence first, as [MS-GPOL] 3.2.5.1 orders them
    /// (and `.ci/samba-e2e` checks against Samba): per container from the domain root down, the links in `gPLink`
    /// order; a container that blocks inheritance drops the non-enforced links above it; enforced links come after
    /// all others, the one closest to the domain root last. Disabled links are skipped.
    public func applicationOrder(for ou: DistinguishedName) -> [String] {
        var chain: [DistinguishedName] = []
        var current: DistinguishedName? = ou
        while let dn = current {
            chain.append(dn)
            current = dn.parent
        }
        var normal: [String] = []
        var enforced: [String] = []
        var blocked = false
        for dn in chain {  // closest first
            let container = containers[dn]
            var hereNormal: [String] = []
            for link in container?.links ?? [] where !link.disabled {
                if link.enforced {
                    enforced.append(link.gpo)
                } else if !blocked {
                    hereNormal.append(link.gpo)
                }
            }
            normal = hereNormal + normal
            if container?.blocksInheritance == true { blocked = true }
        }
        return normal + enforced
    }

    /// Containers that are OUs or domain roots with links or options, sorted parent first.
    public var organizationalUnits: [DistinguishedName] {
        containers.keys.sorted { ($0.depth, $0.normalized) < ($1.depth, $1.normalized) }
    }
}

/// A line-located problem in a links file.
public struct LinksError: Error, Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
    public var help: String

    static func gpLink(_ message: String) -> LinksError {
        LinksError(
            line: 0, column: 1, message: message,
            help: "gPLink is a list of [LDAP://cn={GUID},cn=policies,cn=system,DC=…;0|1|2|3]")
    }
}

extension DirectoryLinks {
    /// `gPLink`: `[LDAP://cn={GUID},cn=policies,cn=system,DC=…;options]…` ([MS-ADA1] gPLink; Samba's
    /// `parse_gplink`). Returns nil with the reason when malformed.
    public static func parseGPLink(_ text: String) -> Result<[Link], LinksError> {
        var links: [Link] = []
        var rest = Substring(text.trimmingTrailingSpaces())
        while !rest.isEmpty {
            guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]") else {
                return .failure(.gpLink("expected '[LDAP://…;options]' at '\(rest.prefix(30))'"))
            }
            let body = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            guard let semicolon = body.lastIndex(of: ";"), let options = Int(body[body.index(after: semicolon)...]),
                body.lowercased().hasPrefix("ldap://")
            else { return .failure(.gpLink("malformed link '[\(body)]': expected '[LDAP://DN;options]'")) }
            let dn = body[body.index(body.startIndex, offsetBy: 7)..<semicolon]
            // The GPO's GUID is its container's first RDN value: cn={GUID}.
            guard let open = dn.firstIndex(of: "{"), let end = dn.firstIndex(of: "}"), open < end else {
                return .failure(.gpLink("link '[\(body)]' names no GPO GUID"))
            }
            links.append(Link(gpo: String(dn[open...end]).uppercased(), options: options))
        }
        return .success(links)
    }

    /// Reads an LDIF export (RFC 2849: `attr: value`, `attr:: base64`, folded lines that start with one space,
    /// `#` comments, records separated by blank lines): each entry's `gPLink` and `gPOptions`, and for
    /// `groupPolicyContainer` entries their `displayName` and `flags`.
    public mutating func readLDIF(_ text: String) -> Result<Void, LinksError> {
        // Unfold first, keeping each logical line's first physical line number.
        var lines: [(number: Int, text: String)] = []
        for (index, raw) in TextDecoding.lines(text).enumerated() {
            let line = String(raw)
            if line.hasPrefix(" "), let last = lines.last, !last.text.isEmpty {
                lines[lines.count - 1].text += line.dropFirst()
            } else {
                lines.append((index + 1, line))
            }
        }
        var entry: [(name: String, value: String, line: Int)] = []
        var records: [[(name: String, value: String, line: Int)]] = []
        for (number, line) in lines {
            if line.isEmpty {
                if !entry.isEmpty { records.append(entry) }
                entry.removeAll()
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(
                    LinksError(
                        line: number, column: 1, message: "LDIF line without ':'",
                        help:
                            "each line is 'attribute: value', 'attribute:: base64' or a continuation starting with one space"
                    ))
            }
            let name = line[..<colon].lowercased()
            var value = line[line.index(after: colon)...]
            if value.hasPrefix(":") {
                value = value.dropFirst()
                guard let decoded = Base64.decode(String(value.drop { $0 == " " })) else {
                    return .failure(
                        LinksError(
                            line: number, column: name.count + 3, message: "malformed base64 value of '\(name)'",
                            help: "an LDIF '::' value is base64 (RFC 2849)"))
                }
                entry.append((name, String(decoding: decoded, as: UTF8.self), number))
            } else if value.hasPrefix("<") {
                return .failure(
                    LinksError(
                        line: number, column: name.count + 2, message: "LDIF URL values ('\(name):<') are not read",
                        help: "export the attribute's value inline"))
            } else {
                entry.append((name, String(value.drop { $0 == " " }), number))
            }
        }
        if !entry.isEmpty { records.append(entry) }
        for record in records {
            guard let dnLine = record.first(where: { $0.name == "dn" }) else { continue }
            let attributes = Dictionary(record.map { ($0.name, ($0.value, $0.line)) }, uniquingKeysWith: { a, _ in a })
            let classes = Set(record.filter { $0.name == "objectclass" }.map { $0.value.lowercased() })
            if classes.contains("grouppolicycontainer") || attributes["gpcfilesyspath"] != nil {
                // A GPO: its GUID is the cn (or the first RDN of the DN).
                let cn = attributes["cn"]?.0 ?? attributes["name"]?.0 ?? dnLine.value
                guard let open = cn.firstIndex(of: "{"), let close = cn.firstIndex(of: "}"), open < close else {
                    continue
                }
                let guid = String(cn[open...close]).uppercased()
                gpos[guid] = GPOInfo(
                    name: attributes["displayname"]?.0 ?? gpos[guid]?.name,
                    flags: attributes["flags"].flatMap { Int($0.0) } ?? gpos[guid]?.flags ?? 0)
                continue
            }
            guard
                attributes["gplink"] != nil || attributes["gpoptions"] != nil
                    || classes.contains("organizationalunit") || classes.contains("domaindns")
            else { continue }
            guard case .success(let dn) = DistinguishedName.parse(dnLine.value) else {
                if attributes["gplink"] == nil { continue }
                return .failure(
                    LinksError(
                        line: dnLine.line, column: 5, message: "'\(dnLine.value)' is not an OU or domain DN",
                        help: "gPLink is read on OUs and domain roots (OU=…,DC=…)"))
            }
            var links: [Link] = []
            if let (text, line) = attributes["gplink"] {
                switch Self.parseGPLink(text) {
                case .success(let parsed): links = parsed
                case .failure(var error):
                    error.line = line
                    return .failure(error)
                }
            }
            var blocks = false
            if let (text, line) = attributes["gpoptions"] {
                guard let options = Int(text) else {
                    return .failure(
                        LinksError(
                            line: line, column: 12, message: "gPOptions '\(text)' is not a number",
                            help: "gPOptions is 0, or 1 when the OU blocks inheritance"))
                }
                blocks = options & 1 != 0
            }
            containers[dn] = Container(dn: dn, links: links, blocksInheritance: blocks, source: "line \(dnLine.line)")
        }
        return .success(())
    }

    /// Reads `samba-tool gpo listall` output: blocks of `GPO : {GUID}`, `display name : …`, `flags : …`.
    public mutating func readListAll(_ text: String) -> Result<Void, LinksError> {
        var current: String?
        for (index, line) in TextDecoding.lines(text).enumerated() {
            guard !line.allSatisfy({ $0 == " " }) else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(
                    LinksError(
                        line: index + 1, column: 1, message: "expected 'name : value'",
                        help: "give the output of 'samba-tool gpo listall' unchanged"))
            }
            let name = line[..<colon].trimmingTrailingSpaces().lowercased()
            let value = String(line[line.index(after: colon)...].drop { $0 == " " })
            switch name {
            case "gpo":
                guard value.hasPrefix("{"), value.hasSuffix("}") else {
                    return .failure(
                        LinksError(
                            line: index + 1, column: 1, message: "'\(value)' is not a GPO GUID",
                            help: "listall prints 'GPO          : {GUID}'"))
                }
                current = value.uppercased()
                gpos[current!] = gpos[current!] ?? GPOInfo(name: nil, flags: 0)
            case "display name": if let current { gpos[current]?.name = value }
            case "flags":
                guard let current else { continue }
                var flags = 0
                if value.contains("GPO_FLAG_USER_DISABLE") { flags |= 1 }
                if value.contains("GPO_FLAG_MACHINE_DISABLE") { flags |= 2 }
                gpos[current]?.flags = flags
            default: continue
            }
        }
        return .success(())
    }
}

extension StringProtocol {
    func trimmingTrailingSpaces() -> SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}

/// RFC 4648 base64, strict: the alphabet, `=` padding only at the end, whitespace not allowed.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text.utf8 {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard (text.utf8.count).isMultiple(of: 4), padding <= 2 else { return nil }
        return out
    }
}
