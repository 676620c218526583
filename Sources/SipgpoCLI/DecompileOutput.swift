import Decompile
import Foundation
import PolicyPlan
import SiteModel

/// `decompile`'s output in text, JSON or YAML. Records are written as they are read (a `Registry.pol` of a million
/// records never sits in memory); the per-GPO and per-OU analysis follows. Output goes through one buffer flushed
/// to standard output in large writes.
struct DecompileOutput {
    struct Comparison {
        var population: String
        var ou: String
        var differences: [String]
    }

    enum Location {
        case offset(Int)
        case line(Int)
    }

    let format: DecompileCommand.Format
    let index: PolicyIndex
    private let buffer = OutputBuffer()
    private var firstInput = true
    private var firstFile = true
    private var firstRecord = true
    private var fileRecords = 0
    private var fileUnknown = 0
    /// The last key classified and its family, since records come grouped by key.
    private var lastKey: String?
    private var lastKeyFamily: String?
    private var cachedKey = ""
    private var cachedKeyJSON: [UInt8] = []

    init(format: DecompileCommand.Format, index: PolicyIndex) {
        self.format = format
        self.index = index
    }

    // MARK: Streaming part

    mutating func begin() {
        if format == .json { write("{\"inputs\":[") }
    }

    mutating func beginInput(_ input: DecompileInputs.Input, name: String) {
        switch format {
        case .json:
            write(firstInput ? "\n" : ",\n")
            write("{\"path\":")
            json(input.path)
            write(",\"kind\":")
            json(input.kind)
            write(",\"gpo\":{\"id\":")
            if let id = input.id { json(id) } else { write("null") }
            write(",\"name\":")
            json(name)
            write("},\"files\":[")
        case .text:
            write("GPO '\(name)'\(input.id.map { " \($0)" } ?? "") (\(input.kind): \(input.path))\n")
            if input.files.isEmpty { write("  no registry policy\n") }
        case .yaml: break
        }
        firstInput = false
        firstFile = true
    }

    mutating func beginFile(_ file: DecompileInputs.File) {
        fileRecords = 0
        fileUnknown = 0
        firstRecord = true
        switch format {
        case .json:
            write(firstFile ? "" : ",")
            write("{\"path\":")
            json(file.path)
            write(",\"format\":")
            json(file.kind.rawValue)
            write(",\"hive\":")
            if let hive = file.hive { json(hive.rawValue) } else { write("null") }
            write(",\"records\":[")
        case .text:
            let hive =
                file.hive.map { " (\($0.rawValue))" }
                ?? (file.kind == .registryPol ? " (hive unknown: read as User policy)" : "")
            write("  \(file.path)\(hive)\n")
        case .yaml: break
        }
        firstFile = false
    }

    /// A record straight from the `Registry.pol` reader. The common case of a big file, a record under a key no
    /// policy of the catalog writes, goes from the file's bytes to JSON without building its strings.
    mutating func record(_ raw: borrowing RawRecord, hive: RegistryHive?, gpo: inout DecompiledGPO, file: String) {
        guard format == .json, raw.key == lastKey, lastKeyFamily == nil else {
            record(raw.record(), hive: hive, location: .offset(raw.offset), gpo: &gpo, file: file)
            return
        }
        fileRecords += 1
        let name = raw.valueName
        let directive = Self.isDirective(name)
        if !directive {
            gpo.unknownValues += 1
            fileUnknown += 1
        }
        buffer.append(firstRecord ? "\n{\"offset\":" : ",\n{\"offset\":")
        firstRecord = false
        number(UInt64(raw.offset))
        buffer.append(",\"key\":")
        buffer.append(contentsOf: cachedKeyJSON)
        buffer.append(",\"valueName\":")
        JSONText.appendUTF16(name, to: buffer)
        buffer.append(Self.typeField(raw.type))
        let data = raw.data
        func littleEndian() -> UInt64 {
            var value: UInt64 = 0
            for index in stride(from: data.count - 1, through: 0, by: -1) { value = value << 8 | UInt64(data[index]) }
            return value
        }
        switch raw.type {
        case .none: write("null")
        case .string, .expandString:
            let end =
                data.count >= 2 && data[data.count - 2] == 0 && data[data.count - 1] == 0 ? data.count - 2 : data.count
            JSONText.appendUTF16(UnsafeRawBufferPointer(rebasing: data[0..<end]), to: buffer)
        case .dword: number(littleEndian())
        case .dwordBigEndian: number(UInt64(UInt32(littleEndian()).byteSwapped))
        case .qword: number(littleEndian())
        case .multiString:
            // Strings between NULs, the final NUL ending the list (the reader checked the shape).
            buffer.append(UInt8(ascii: "["))
            var start = 0
            var first = true
            for index in stride(from: 0, to: data.count - 2, by: 2) where data[index] == 0 && data[index + 1] == 0 {
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                JSONText.appendUTF16(UnsafeRawBufferPointer(rebasing: data[start..<index]), to: buffer)
                start = index + 2
            }
            buffer.append(UInt8(ascii: "]"))
        case .binary:
            let digits: StaticString = "0123456789abcdef"
            buffer.append(UInt8(ascii: "\""))
            for byte in data {
                buffer.append(digits.utf8Start[Int(byte >> 4)])
                buffer.append(digits.utf8Start[Int(byte & 15)])
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(",\"unknown\":\"no policy of sipgpo's catalog writes this key\"}")
    }

    /// `,"type":"REG_…","data":` for each type, as static text (no reference counting on the hot path).
    static func typeField(_ type: RegistryValueType) -> StaticString {
        switch type {
        case .none: ",\"type\":\"REG_NONE\",\"data\":"
        case .string: ",\"type\":\"REG_SZ\",\"data\":"
        case .expandString: ",\"type\":\"REG_EXPAND_SZ\",\"data\":"
        case .binary: ",\"type\":\"REG_BINARY\",\"data\":"
        case .dword: ",\"type\":\"REG_DWORD\",\"data\":"
        case .dwordBigEndian: ",\"type\":\"REG_DWORD_BIG_ENDIAN\",\"data\":"
        case .multiString: ",\"type\":\"REG_MULTI_SZ\",\"data\":"
        case .qword: ",\"type\":\"REG_QWORD\",\"data\":"
        }
    }

    /// `**del.` or `**delvals` (ASCII case-insensitive, as `RegistryDirective` reads them) in UTF-16LE bytes.
    static func isDirective(_ name: UnsafeRawBufferPointer) -> Bool {
        func unit(_ index: Int) -> UInt16 {
            2 * index + 1 < name.count ? UInt16(name[2 * index]) | UInt16(name[2 * index + 1]) << 8 : 0
        }
        func lower(_ index: Int) -> UInt16 {
            let value = unit(index)
            return (0x41...0x5A).contains(value) ? value | 0x20 : value
        }
        guard unit(0) == 0x2A, unit(1) == 0x2A, lower(2) == 0x64, lower(3) == 0x65, lower(4) == 0x6C else {
            return false
        }
        return unit(5) == 0x2E || (lower(5) == 0x76 && lower(6) == 0x61 && lower(7) == 0x6C && lower(8) == 0x73)
    }

    /// One record: classified through the catalog, written, and kept in `gpo` when a policy of the catalog writes
    /// its key (the evaluation needs those, and only those).
    mutating func record(
        _ record: RegistryRecord, hive fileHive: RegistryHive?, location: Location, gpo: inout DecompiledGPO,
        file: String
    ) {
        fileRecords += 1
        let hive = fileHive ?? .user
        // Most records of a big file share their key with the one before: skip the catalog for unknown keys.
        let finding: PolicyIndex.Finding
        if record.key == lastKey, lastKeyFamily == nil {
            finding = .unknownKey
        } else {
            finding = index.classify(record, hive: fileHive)
            lastKey = record.key
            if case .unknownKey = finding { lastKeyFamily = nil } else { lastKeyFamily = "known" }
        }
        var position: String {
            switch location {
            case .offset(let offset): "\(file):\(offset)"
            case .line(let line): "\(file):\(line)"
            }
        }
        switch finding {
        case .policy(let entry, _):
            gpo.policy[hive, default: []].append(PlannedRecord(record: record, policy: entry.policy, source: position))
        case .clearsKey:
            gpo.policy[hive, default: []].append(
                PlannedRecord(record: record, policy: "**delvals.", source: position))
        case .unknownValue, .unknownKey:
            if record.valueName.utf8.first != UInt8(ascii: "*") || RegistryDirective(record.valueName) == .none {
                gpo.unknownValues += 1
                fileUnknown += 1
            }
        }
        switch format {
        case .json: jsonRecord(record, finding: finding, location: location)
        case .text: textRecord(record, finding: finding, location: location)
        case .yaml: break
        }
    }

    mutating func endFile() {
        switch format {
        case .json: write("]}")
        case .text:
            write(
                "    \(fileRecords) record\(fileRecords == 1 ? "" : "s")\(fileUnknown > 0 ? ", \(fileUnknown) not defined by any policy of sipgpo's catalog" : "")\n"
            )
        case .yaml: break
        }
    }

    mutating func endInput() {
        if format == .json { write("]}") }
    }

    /// After an error: what was written so far goes out, so the error follows the records before it.
    mutating func abort() { flush() }

    // MARK: Analysis

    mutating func finish(
        gpos: [(DecompiledGPO, [ClientBehaviour])], ous: [OUResult], hasLinks: Bool, comparison: [Comparison]
    ) {
        switch format {
        case .json: finishJSON(gpos: gpos, ous: ous, comparison: comparison)
        case .text: finishText(gpos: gpos, ous: ous, hasLinks: hasLinks, comparison: comparison)
        case .yaml: finishYAML(gpos: gpos, ous: ous, hasLinks: hasLinks)
        }
        flush()
    }

    private mutating func finishJSON(
        gpos: [(DecompiledGPO, [ClientBehaviour])], ous: [OUResult], comparison: [Comparison]
    ) {
        write("\n],\"gpos\":[")
        for (position, (gpo, clients)) in gpos.enumerated() {
            write(position == 0 ? "\n" : ",\n")
            write("{\"id\":")
            if let id = gpo.id { json(id) } else { write("null") }
            write(",\"name\":")
            json(gpo.name)
            write(",\"origin\":")
            json(gpo.origin)
            write(",\"unknownValues\":\(gpo.unknownValues),\"clients\":")
            jsonClients(clients)
            write("}")
        }
        write("\n],\"ous\":[")
        for (position, result) in ous.enumerated() {
            write(position == 0 ? "\n" : ",\n")
            write("{\"ou\":")
            json(result.ou.description)
            write(",\"applied\":")
            jsonStrings(result.applied)
            write(",\"clients\":")
            jsonClients(result.clients)
            write(",\"notes\":")
            jsonStrings(result.notes)
            write("}")
        }
        write("\n]")
        if !comparison.isEmpty {
            write(",\"site\":[")
            for (position, item) in comparison.enumerated() {
                write(position == 0 ? "\n" : ",\n")
                write("{\"population\":")
                json(item.population)
                write(",\"ou\":")
                json(item.ou)
                write(",\"matches\":\(item.differences.isEmpty),\"differences\":")
                jsonStrings(item.differences)
                write("}")
            }
            write("\n]")
        }
        write("}\n")
    }

    private mutating func jsonClients(_ clients: [ClientBehaviour]) {
        write("[")
        for (position, client) in clients.enumerated() {
            if position > 0 { write(",") }
            write("{\"family\":")
            json(client.family)
            write(",\"clients\":")
            jsonStrings(client.clients)
            write(",\"mode\":")
            json(client.mode.rawValue)
            for (name, value) in [
                ("internalServer", client.internalServer), ("externalServer", client.externalServer),
                ("transport", client.transport),
            ] {
                guard let value else { continue }
                write(",\"\(name)\":")
                json(value)
            }
            if let domains = client.trustedDomains {
                write(",\"trustedDomains\":")
                jsonStrings(domains)
            }
            if let strict = client.strictDnsNaming { write(",\"strictDnsNaming\":\(strict)") }
            write(",\"settings\":[")
            for (index, setting) in client.settings.enumerated() {
                if index > 0 { write(",") }
                write("{\"name\":")
                json(setting.name)
                write(",\"value\":")
                switch setting.value {
                case .number(let number): write(String(number))
                case .text(let text): json(text)
                }
                write(",\"hive\":")
                json(setting.hive)
                write(",\"gpo\":")
                json(setting.gpo)
                write(",\"policy\":")
                json(setting.policy)
                write(",\"source\":")
                json(setting.source)
                write("}")
            }
            write("],\"notes\":")
            jsonStrings(client.notes)
            write("}")
        }
        write("]")
    }

    private mutating func finishText(
        gpos: [(DecompiledGPO, [ClientBehaviour])], ous: [OUResult], hasLinks: Bool, comparison: [Comparison]
    ) {
        write("\nWhat a client does under each GPO alone:\n")
        for (gpo, clients) in gpos {
            write("  \(gpo.name)\(gpo.id.map { " \($0)" } ?? "")\n")
            if clients.isEmpty { write("    no sign-in policy of the catalog\n") }
            for client in clients { textClient(client, indent: "    ") }
        }
        if hasLinks {
            write("\nEach OU, with the GPOs Group Policy applies there (first to last, the last wins):\n")
            for result in ous {
                write("  \(result.ou): \(result.applied.isEmpty ? "no GPO" : result.applied.joined(separator: ", "))\n")
                for note in result.notes { write("    note: \(note)\n") }
                if result.clients.isEmpty { write("    no sign-in policy: clients keep their own settings\n") }
                for client in result.clients { textClient(client, indent: "    ") }
            }
        } else {
            write("\n(give --links with an LDIF export of the OUs, or --site, for each OU's resultant settings)\n")
        }
        if !comparison.isEmpty {
            write("\nAgainst the site description:\n")
            for item in comparison {
                if item.differences.isEmpty {
                    write("  \(item.population) (\(item.ou)): matches\n")
                } else {
                    write("  \(item.population) (\(item.ou)): DIFFERS\n")
                    for line in item.differences { write("    \(line)\n") }
                }
            }
        }
    }

    private mutating func textClient(_ client: ClientBehaviour, indent: String) {
        var summary: String
        switch client.mode {
        case .manual:
            summary = "manual sign-in: internal server \(client.internalServer ?? "(none)")"
            summary += ", external server \(client.externalServer ?? "(none)")"
            if let transport = client.transport { summary += ", transport \(transport)" }
        case .automatic: summary = "automatic sign-in (DNS discovery)"
        case .notConfigured: summary = "sign-in mode not set by policy (the client keeps its own setting)"
        case .unrecognised: summary = "sign-in policy value not recognised"
        }
        if let domains = client.trustedDomains { summary += "; trusted domains \(domains.joined(separator: ", "))" }
        if let strict = client.strictDnsNaming {
            summary += strict ? "; strict DNS naming" : "; strict DNS naming off (any name under the SIP domain)"
        }
        write("\(indent)\(client.clients.joined(separator: ", ")) (\(client.family)): \(summary)\n")
        for setting in client.settings {
            write("\(indent)  \(setting.hive) \(setting.name) = \(DecompileCommand.display(setting.value))")
            write("  [\(setting.policy), GPO '\(setting.gpo)', \(setting.source)]\n")
        }
        for note in client.notes { write("\(indent)  note: \(note)\n") }
    }

    /// The `populations` entries of a site description that give the same settings.
    private mutating func finishYAML(gpos: [(DecompiledGPO, [ClientBehaviour])], ous: [OUResult], hasLinks: Bool) {
        write("# sipgpo decompile: populations equivalent to the deployed policy\n")
        write("populations:\n")
        // A domain root is not a population's OU (a site puts domain-wide settings under 'defaults:'): say so.
        for result in ous where hasLinks && result.ou.depth == 0 {
            for client in result.clients where client.mode != .notConfigured || client.trustedDomains != nil {
                write(
                    "  # \(result.ou): \(client.family) \(client.mode.rawValue) sign-in for every OU below (domain-wide: 'defaults:')\n"
                )
            }
        }
        let places: [(name: String, ou: String?, clients: [ClientBehaviour])] =
            hasLinks
            ? ous.filter { $0.ou.depth > 0 }.map {
                ($0.ou.rdns.first?.value ?? $0.ou.description, $0.ou.description, $0.clients)
            }
            : gpos.map { ($0.0.name, nil, $0.1) }
        var written = 0
        for place in places {
            for client in place.clients where client.mode != .notConfigured || client.trustedDomains != nil {
                written += 1
                let name = place.clients.count > 1 ? "\(place.name) (\(client.family))" : place.name
                write("  - name: \(yamlScalar(name))\n")
                if let ou = place.ou {
                    write("    ou: \(yamlScalar(ou))\n")
                } else {
                    write("    ou: OU=CHANGE-ME,DC=example,DC=com  # GPO '\(name)': give --links to know its OUs\n")
                }
                // The client ids that read the family's policies; the policies do not tell them apart.
                let chosen = client.clients.last ?? client.family
                let others = client.clients.dropLast()
                write("    client: \(chosen)")
                if !others.isEmpty {
                    write("  # or \(others.joined(separator: ", ")): the \(client.family) policies are the same")
                }
                write("\n")
                let hives = Set(client.settings.map(\.hive))
                write("    scope: \(hives == ["HKLM"] ? "machine" : "user")")
                if hives.count > 1 { write("  # values in both HKLM and HKCU; HKLM wins") }
                write("\n")
                switch client.mode {
                case .manual:
                    var parts = ["mode: manual"]
                    if let server = client.internalServer { parts.append("internalServer: \(yamlScalar(server))") }
                    if let server = client.externalServer { parts.append("externalServer: \(yamlScalar(server))") }
                    if let transport = client.transport { parts.append("transport: \(transport.lowercased())") }
                    write("    signIn: { \(parts.joined(separator: ", ")) }\n")
                case .automatic: write("    signIn: automatic\n")
                case .notConfigured: break
                case .unrecognised: write("    # sign-in policy value not recognised: \(client.notes.first ?? "")\n")
                }
                if let domains = client.trustedDomains {
                    write("    trustedDomains: [\(domains.map(yamlScalar).joined(separator: ", "))]\n")
                }
                if let strict = client.strictDnsNaming { write("    strictDnsNaming: \(strict)\n") }
            }
        }
        if written == 0 { write("  []  # no sign-in policy found\n") }
    }

    /// A YAML plain scalar when safe, else double-quoted with JSON escapes (YAML's double-quoted style is a
    /// superset of JSON strings).
    private func yamlScalar(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A)
                    || ($0.value >= 0x61 && $0.value <= 0x7A) || ".-_=,:%@ ".unicodeScalars.contains($0)
            } && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.contains(": ") && !text.hasPrefix("@")
            && !text.hasPrefix("%") && !["true", "false", "null", "yes", "no", "on", "off"].contains(text.lowercased())
        if plain { return text }
        var bytes: [UInt8] = []
        JSONText.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Records

    private mutating func jsonRecord(_ record: RegistryRecord, finding: PolicyIndex.Finding, location: Location) {
        write(firstRecord ? "\n" : ",\n")
        firstRecord = false
        switch location {
        case .offset(let offset):
            buffer.append("{\"offset\":")
            number(UInt64(offset))
        case .line(let line):
            buffer.append("{\"line\":")
            number(UInt64(line))
        }
        buffer.append(",\"key\":")
        // Records come grouped by key: escape each key once.
        if record.key != cachedKey {
            cachedKey = record.key
            cachedKeyJSON.removeAll(keepingCapacity: true)
            JSONText.append(record.key, to: &cachedKeyJSON)
        }
        buffer.append(contentsOf: cachedKeyJSON)
        buffer.append(",\"valueName\":")
        json(record.valueName)
        buffer.append(Self.typeField(record.data.type))
        switch record.data {
        case .none: write("null")
        case .string(let text), .expandString(let text): json(text)
        case .dword(let value), .dwordBigEndian(let value): number(UInt64(value))
        case .qword(let value): number(value)
        case .multiString(let strings): jsonStrings(strings)
        case .binary(let bytes): json(bytes.map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined())
        }
        switch finding {
        case .policy(let entry, let deletes):
            write(",\"family\":")
            json(entry.family)
            write(",\"policy\":")
            json(entry.policy)
            if let element = entry.element {
                write(",\"element\":")
                json(element)
            }
            if let setting = entry.setting {
                write(",\"setting\":")
                json(setting.rawValue)
            }
            if let role = entry.role {
                write(",\"role\":")
                json(role.rawValue)
            }
            if deletes { write(",\"deletes\":true") }
            write("}")
        case .clearsKey(let family):
            write(",\"family\":")
            json(family)
            write(",\"directive\":\"clears every value of the key\"}")
        case .unknownValue(let family):
            write(",\"family\":")
            json(family)
            write(",\"unknown\":\"no policy of sipgpo's catalog writes this value\"}")
        case .unknownKey:
            buffer.append(",\"unknown\":\"no policy of sipgpo's catalog writes this key\"}")
        }
    }

    /// Decimal digits straight into the buffer.
    private func number(_ value: UInt64) {
        var digits = 1
        var bound: UInt64 = 10
        while digits < 20, value >= bound {
            digits += 1
            bound = bound &* 10
        }
        let out = buffer.reserve(digits)
        var rest = value
        for index in stride(from: digits - 1, through: 0, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        buffer.commit(digits)
    }

    private mutating func textRecord(_ record: RegistryRecord, finding: PolicyIndex.Finding, location: Location) {
        let position: String
        switch location {
        case .offset(let offset): position = "offset \(offset)"
        case .line(let line): position = "line \(line)"
        }
        let value: String
        switch record.data {
        case .none: value = "(no data)"
        case .string(let text), .expandString(let text): value = "'\(text)'"
        case .dword(let number), .dwordBigEndian(let number): value = String(number)
        case .qword(let number): value = String(number)
        case .multiString(let strings): value = strings.map { "'\($0)'" }.joined(separator: ", ")
        case .binary(let bytes): value = bytes.map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
        }
        let meaning: String
        switch finding {
        case .policy(let entry, let deletes):
            let part = entry.element.map { "element \($0)" } ?? "the policy's value"
            let setting = entry.setting.map { ", \($0.rawValue)\(entry.role.map { "/\($0)" } ?? "")" } ?? ""
            meaning = "\(deletes ? "removed: " : "")\(entry.family) policy \(entry.policy), \(part)\(setting)"
        case .clearsKey(let family): meaning = "\(family): clears every value of the key first"
        case .unknownValue(let family):
            meaning = "UNKNOWN: under a \(family) policy key, but no policy of sipgpo's catalog writes this value"
        case .unknownKey: meaning = "UNKNOWN: no policy of sipgpo's catalog writes this key"
        }
        write("    \(record.key)\\\(record.valueName) = \(value) (\(record.data.type.name), \(position)): \(meaning)\n")
    }

    // MARK: Bytes

    private mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: UnsafeRawBufferPointer($0)) }
    }

    private mutating func json(_ text: String) {
        var bytes: [UInt8] = []
        JSONText.append(text, to: &bytes)
        buffer.append(contentsOf: bytes)
    }

    private mutating func jsonStrings(_ strings: [String]) {
        write("[")
        for (index, text) in strings.enumerated() {
            if index > 0 { write(",") }
            json(text)
        }
        write("]")
    }

    private mutating func flush() { buffer.flush() }
}

/// The one JSON string escaper of decompile's output: quotes, backslash and control characters escaped (RFC 8259
/// §7), everything else as UTF-8.
enum JSONText {
    /// UTF-16LE (well-formed, as the reader checked it) to a JSON string, transcoded and escaped in one pass.
    static func appendUTF16(_ raw: UnsafeRawBufferPointer, to out: OutputBuffer) {
        let count = raw.count / 2
        // The exact length first, so the bytes can be written in place.
        var length = 2
        var index = 0
        while index < count {
            let unit = raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
            index += 1
            if unit < 0x80 {
                length +=
                    unit >= 0x20 && unit != 0x22 && unit != 0x5C
                    ? 1 : (unit == 0x22 || unit == 0x5C || unit == 0x0A || unit == 0x0D || unit == 0x09) ? 2 : 6
            } else if unit < 0x800 {
                length += 2
            } else if unit & 0xF800 != 0xD800 || index >= count {
                length += 3
            } else {
                index += 1
                length += 4
            }
        }
        let buffer = out.reserve(length)
        do {
            var o = 0
            buffer[o] = 0x22
            o += 1
            var i = 0
            while i < count {
                let unit = UInt32(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                i += 1
                if unit < 0x80 {
                    if unit >= 0x20 && unit != 0x22 && unit != 0x5C {
                        buffer[o] = UInt8(unit)
                        o += 1
                        continue
                    }
                    buffer[o] = 0x5C
                    switch unit {
                    case 0x22, 0x5C: buffer[o + 1] = UInt8(unit)
                    case 0x0A: buffer[o + 1] = UInt8(ascii: "n")
                    case 0x0D: buffer[o + 1] = UInt8(ascii: "r")
                    case 0x09: buffer[o + 1] = UInt8(ascii: "t")
                    default:
                        let hex = Array("0123456789abcdef".utf8)
                        buffer[o + 1] = UInt8(ascii: "u")
                        buffer[o + 2] = UInt8(ascii: "0")
                        buffer[o + 3] = UInt8(ascii: "0")
                        buffer[o + 4] = hex[Int(unit >> 4)]
                        buffer[o + 5] = hex[Int(unit & 15)]
                        o += 4
                    }
                    o += 2
                } else if unit < 0x800 {
                    buffer[o] = UInt8(0xC0 | unit >> 6)
                    buffer[o + 1] = UInt8(0x80 | unit & 0x3F)
                    o += 2
                } else if unit & 0xF800 != 0xD800 || i >= count {
                    buffer[o] = UInt8(0xE0 | unit >> 12)
                    buffer[o + 1] = UInt8(0x80 | unit >> 6 & 0x3F)
                    buffer[o + 2] = UInt8(0x80 | unit & 0x3F)
                    o += 3
                } else {
                    let low = UInt32(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    i += 1
                    let scalar = 0x1_0000 + ((unit - 0xD800) << 10) + (low &- 0xDC00)
                    buffer[o] = UInt8(0xF0 | scalar >> 18)
                    buffer[o + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                    buffer[o + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    buffer[o + 3] = UInt8(0x80 | scalar & 0x3F)
                    o += 4
                }
            }
            buffer[o] = 0x22
            assert(o + 1 == length)
        }
        out.commit(length)
    }

    /// Bytes JSON strings must escape: control characters, '"' and '\\'.
    static let needsEscape: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    static func append(_ text: String, to out: inout [UInt8]) {
        // Most text needs no escape: copy it whole.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where needsEscape[Int(byte)] { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if copied == true { return }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// decompile's output buffer: raw memory written in place and flushed to standard output when full, so the hot path
/// has no array bookkeeping (uniqueness checks, zero-filling).
final class OutputBuffer {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    init(capacity: Int = 1 << 20) {
        self.capacity = capacity
        start = .allocate(capacity: capacity)
    }

    deinit { start.deallocate() }

    /// Room for `size` bytes at the end; write them, then `commit(size)`.
    @inline(__always) func reserve(_ size: Int) -> UnsafeMutablePointer<UInt8> {
        if count + size > capacity { makeRoom(size) }
        return start + count
    }

    @inline(__always) func commit(_ size: Int) { count += size }

    private func makeRoom(_ size: Int) {
        flush()
        guard size > capacity else { return }
        start.deallocate()
        capacity = size
        start = .allocate(capacity: size)
    }

    @inline(__always) func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    @inline(__always) func append(_ text: StaticString) {
        let size = text.utf8CodeUnitCount
        reserve(size).update(from: text.utf8Start, count: size)
        count += size
    }

    func append(contentsOf raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress else { return }
        reserve(raw.count).update(from: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
        count += raw.count
    }

    func append(contentsOf bytes: [UInt8]) { bytes.withUnsafeBytes { append(contentsOf: $0) } }

    func flush() {
        guard count > 0 else { return }
        Console().output(raw: UnsafeRawBufferPointer(start: start, count: count))
        count = 0
    }
}
