import Artifacts
import Foundation
import PolicyPlan
import SipgpoTestSupport
import Testing

/// `build` then `decompile` gives back, for every population of every example site, the settings `explain` reports.
@Suite struct DecompileRoundTripTests {
    let binary = BinaryTests()

    /// An LDIF export of the OUs' links, as ldifde writes it: values that need it in base64 (`::`), long lines
    /// folded at 76 characters with a leading space on each continuation.
    static func ldif(_ plan: PolicyPlan) -> String {
        var byTarget: [String: [(order: Int, dn: String)]] = [:]
        for gpo in plan.gpos {
            for link in gpo.links {
                let gpoDN =
                    "CN=\(gpo.id),CN=Policies,CN=System,\(link.target.rdns.filter { $0.type == "DC" }.map { "DC=\($0.value)" }.joined(separator: ","))"
                byTarget[link.target.description, default: []].append((link.order, gpoDN))
            }
        }
        var out = "version: 1\n\n"
        for (index, target) in byTarget.keys.sorted().enumerated() {
            let gpLink = byTarget[target]!.sorted { $0.order > $1.order }.map { "[LDAP://\($0.dn);0]" }.joined()
            var lines = ["dn: \(target)", "objectClass: top", "objectClass: organizationalUnit"]
            // Every other entry in base64, as ldifde writes values it cannot leave as text.
            lines.append(
                index.isMultiple(of: 2) ? "gPLink:: \(Data(gpLink.utf8).base64EncodedString())" : "gPLink: \(gpLink)")
            lines.append("gPOptions: 0")
            for line in lines {
                var rest = Substring(line)
                out += rest.prefix(76) + "\n"
                rest = rest.dropFirst(76)
                while !rest.isEmpty {
                    out += " " + rest.prefix(75) + "\n"
                    rest = rest.dropFirst(75)
                }
            }
            out += "\n"
        }
        return out
    }

    @Test(arguments: try files(in: "policies", withExtension: "yaml"))
    func decompileOfTheBuildGivesExplainsSettings(site: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-decompile-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out").path
        let build = try binary.sipgpo("build", site, "--output", out)
        #expect(build.status == 0, "\(build.stderr)")
        guard let plan = try compileSite(site).plan else {
            Issue.record("\(site) does not compile")
            return
        }
        let links = folder.appendingPathComponent("ous.ldif")
        try Self.ldif(plan).write(to: links, atomically: true, encoding: .utf8)

        let run = try binary.sipgpo("decompile", out + "/GPOs", "--links", links.path, "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let decompiled = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let explain =
            try JSONSerialization.jsonObject(
                with: Data(try binary.sipgpo("explain", site, "--format", "json", "--network", "inside").stdout.utf8))
            as! [String: Any]

        let ous = Dictionary(
            (decompiled["ous"] as! [[String: Any]]).map { (($0["ou"] as! String).lowercased(), $0) },
            uniquingKeysWith: { a, _ in a })
        for result in explain["results"] as! [[String: Any]] {
            let population = result["population"] as! String
            let family = bundledClients[result["client"] as! String]!.policyFamily
            let expected = Set(
                (result["settings"] as! [[String: Any]]).map { setting in
                    "\(setting["hive"]!) \((setting["name"] as! String).lowercased()) = \(setting["value"]!) from \(setting["gpo"]!)"
                })
            // A population under an OU without links of its own is not in the LDIF: its parent's result holds.
            var ou = (result["ou"] as! String).lowercased()
            while ous[ou] == nil, let comma = ou.firstIndex(of: ","), !ou.hasPrefix("dc=") {
                ou = String(ou[ou.index(after: comma)...])
            }
            let clients = (ous[ou]?["clients"] as? [[String: Any]]) ?? []
            let settings = (clients.first { $0["family"] as? String == family }?["settings"] as? [[String: Any]]) ?? []
            let actual = Set(
                settings.map { setting in
                    "\(setting["hive"]!) \((setting["name"] as! String).lowercased()) = \(setting["value"]!) from \(setting["gpo"]!)"
                })
            #expect(actual == expected, "\(site): \(population) at \(result["ou"]!)")
        }

        // Without links, --site takes the site's own links and says every population matches.
        let compared = try binary.sipgpo("decompile", out + "/GPOs", "--site", site)
        #expect(compared.status == 0, "\(compared.stdout.suffix(2000))\(compared.stderr)")
        #expect(!compared.stdout.contains("DIFFERS"))
    }

    @Test func malformedRegistryPolNamesTheByteOffsetAndExits1() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-decompile-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("Registry.pol")
        // A valid header, then a record whose ';' after the key is a ','.
        var bytes: [UInt8] = Array("PReg".utf8) + [1, 0, 0, 0]
        for unit in "[K\0,V\0;".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try Data(bytes).write(to: file)
        let run = try binary.sipgpo("decompile", file.path, "--format", "json")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "'\(file.path)' is not a valid Registry.pol: at byte offset 14 (0xE), expected ';' after the key, found ',' (U+002C) [decompile-malformed-pol]"
            ), "\(run.stderr)")
    }
}

/// `decompile --format json` prints records it cannot map straight from the file's bytes (no strings built): what
/// it prints must be exactly what the encoder was given, whatever the characters and types.
@Suite struct DecompileJSONRecordsTests {
    @Test func printsEveryRandomRecordAsEncoded() throws {
        var records: [RegistryRecord] = []
        for seed in UInt64(0)..<300 {
            var generator = RecordGenerator(seed: seed)
            records += generator.records()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipgpo-decompile-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("random.pol")
        try Data(RegistryPol.encode(records)).write(to: file)
        let run = try BinaryTests().sipgpo("decompile", file.path, "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let printed =
            ((json["inputs"] as! [[String: Any]])[0]["files"] as! [[String: Any]])[0]["records"] as! [[String: Any]]
        #expect(printed.count == records.count)
        var offset = 8
        for (record, json) in zip(records, printed) {
            #expect(json["offset"] as? Int == offset)
            offset += RegistryPol.encode([record]).count - 8
            #expect(json["key"] as? String == record.key)
            #expect(json["valueName"] as? String == record.valueName)
            #expect(json["type"] as? String == record.data.type.name)
            let data = json["data"]
            switch record.data {
            case .none: #expect(data is NSNull)
            case .string(let text), .expandString(let text):
                #expect(data as? String == text, "\(record)")
            case .dword(let value), .dwordBigEndian(let value): #expect((data as? NSNumber)?.uint32Value == value)
            case .qword(let value): #expect((data as? NSNumber)?.uint64Value == value)
            case .multiString(let strings): #expect(data as? [String] == strings)
            case .binary(let bytes):
                #expect(data as? String == bytes.map { String(format: "%02x", $0) }.joined())
            }
        }
    }
}
