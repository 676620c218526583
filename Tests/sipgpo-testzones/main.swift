import Compiler
import Foundation
import SipgpoCLI
import SiteModel

/// Test helper for `.ci/live-servers`: prints the dnsmasq options (one per line) that serve what a site declares for
/// one network, so the live probe can be checked against zones made from the site.
///
///     sipgpo-testzones SITE inside|outside [--drop NAME TYPE]
///
/// `--drop` leaves out the declared records of one name and type, to check that the probe reports exactly that drift.
struct Relative: SourceProvider {
    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sipgpo-testzones: \(message)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var drop: (name: DNSName, type: RecordType)?
if let index = arguments.firstIndex(of: "--drop") {
    guard arguments.count > index + 2, let name = DNSName(arguments[index + 1]),
        let type = RecordType(rawValue: arguments[index + 2].uppercased())
    else { fail("--drop takes a name and a record type") }
    drop = (name, type)
    arguments.removeSubrange(index...(index + 2))
}
guard arguments.count == 2, let network = NetworkLocation(rawValue: arguments[1]) else {
    fail("usage: sipgpo-testzones SITE inside|outside [--drop NAME TYPE]")
}
let path = arguments[0]
let clients: ClientCatalog
do { clients = try TemplateStore().clients() } catch { fail("\(error)") }
guard let text = try? Relative().read(path) else { fail("cannot read \(path)") }
let front = Pipeline.run(file: path, text: text, sources: Relative(), clients: clients)
guard let site = front.site else { fail("\(path) has errors; run sipgpo check") }

var records = site.sipDomains.flatMap { $0.view(network).records }
if let drop { records.removeAll { $0.name == drop.name && $0.type == drop.type } }

// Names under these answer NXDOMAIN (or no data) when no record matches, instead of REFUSED.
var zones = Set(site.sipDomains.map(\.name))
for record in records { if let parent = record.name.parent, parent.labels.count >= 2 { zones.insert(parent) } }
var lines = zones.sorted().map { "--local=/\($0)/" }
for record in records {
    switch record.data {
    case .srv(let priority, let weight, let port, let target):
        lines.append(
            target == .root
                ? "--srv-host=\(record.name)" : "--srv-host=\(record.name),\(target),\(port),\(priority),\(weight)")
    case .a(let address): lines.append("--host-record=\(record.name),\(address),\(record.ttl)")
    case .aaaa(let address): lines.append("--host-record=\(record.name),\(address),\(record.ttl)")
    case .cname(let target): lines.append("--cname=\(record.name),\(target),\(record.ttl)")
    }
}
print(lines.joined(separator: "\n"))
