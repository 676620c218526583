import Discovery
import LiveDNS
import Rendering
import SiteModel

extension ProbeReport {
    /// "found", "absent (NXDOMAIN)", "failed (SERVFAIL)", with truncation noted.
    static func result(_ response: DNSResponse) -> String {
        let base: String =
            switch response.status {
            case .found: "found"
            case .noData: "absent (no data)"
            case .nxdomain: "absent (NXDOMAIN)"
            case .servfail, .refused, .timeout, .error: "failed (\(Drift.describe(response)))"
            }
        return response.truncated ? "\(base) (TCP)" : base
    }

    /// The lookups a trace made that failed (`failed` is `answers.failed`, computed once for all traces): its
    /// outcome rests on reading them as empty.
    func failedLookups(of run: DiscoveryRun, among failed: [DNSResponse]) -> [DNSResponse] {
        guard !failed.isEmpty else { return [] }
        let names = Set(run.events.compactMap { $0.lookup?.name })
        return failed.filter { names.contains($0.question.name) }
    }

    /// The lookup table, one line per client version, the certificates, and with a site its outcomes and drift.
    public func renderText(server: String, explanation: String?, phrasebook: Phrasebook = .bundled) -> String {
        func headline(_ run: DiscoveryRun) -> String { Phrases(run, phrasebook: phrasebook).headline(run.outcome) }
        var out = "Lookups against \(server) (\(network) network): \(answers.responses.count) asked"
        let failedResponses = answers.failed
        let failed = failedResponses.count
        let found = answers.responses.filter { $0.status == .found }.count
        out += ", \(found) found, \(answers.responses.count - found - failed) absent, \(failed) failed\n"
        var rows: [[String]] = [["#", "NAME", "TYPE", "RESULT", "TTL", "ANSWER"]]
        for (index, response) in answers.responses.enumerated() {
            let head = [String(index + 1), response.question.name.description, response.question.type.rawValue]
            let result = Self.result(response)
            guard !response.records.isEmpty else {
                rows.append(head + [result, "", ""])
                continue
            }
            for (position, record) in response.records.enumerated() {
                let answer =
                    record.name == response.question.name
                    ? "\(record.data.type.rawValue) \(record.data.presentation)"
                    : "\(record.name) \(record.data.type.rawValue) \(record.data.presentation)"
                rows.append(
                    (position == 0 ? head + [result] : ["", "", "", ""]) + [String(record.ttl), answer])
            }
        }
        out += Self.table(rows)
        if answers.responses.contains(where: \.truncated) {
            out += "(TCP): the answer over UDP was truncated, so the query was asked again over TCP\n"
        }
        if failed > 0 {
            out +=
                "note: \(failed) lookup\(failed == 1 ? "" : "s") failed; the simulation reads a failed lookup as returning nothing (sipgpo assumes the client gives up on it and moves on, as it does on an empty answer)\n"
        }

        out += "\nWhere each client version signs in (\(network) network, on these answers):\n"
        var lines: [[String]] = []
        for run in results {
            var line = headline(run)
            let failures = failedLookups(of: run, among: failedResponses)
            if !failures.isEmpty {
                line +=
                    " (uncertain: \(failures.map { "\($0.question) \(Drift.describe($0))" }.joined(separator: ", ")))"
            }
            lines.append([run.sipDomain.description, run.client, line])
        }
        out += Self.table(lines)

        if !certificates.isEmpty {
            out += "\nCertificates presented (TLS handshake only, no credentials sent):\n"
            for presented in certificates {
                out += "  \(presented.row). \(presented.endpoint) (\(presented.endpoint.address)): "
                if let error = presented.error {
                    out += "no certificate: \(error)\n"
                    continue
                }
                out += "subject \(presented.subject ?? "(none)")\n"
                out +=
                    "     names: \(presented.dnsNames.isEmpty ? "(no DNS names)" : presented.dnsNames.joined(separator: ", "))\n"
                out += "     issuer: \(presented.issuer ?? "?")\n"
                out += "     valid: \(presented.notBefore ?? "?") to \(presented.notAfter ?? "?")\n"
                out +=
                    "     trusted issuer: \(presented.trustedIssuer ? "yes" : "no (\(presented.verification ?? "does not verify"))")\n"
            }
        }

        if let site {
            out += "\nSite \(site.file) ('\(site.name)'), \(network) network, on the live answers:\n"
            let declared = Dictionary(
                site.declared.map { ($0.population, $0) }, uniquingKeysWith: { first, _ in first })
            var rows: [[String]] = []
            for run in site.live {
                var line = headline(run)
                if let before = declared[run.population] {
                    line +=
                        Drift.OutcomeKey(before.outcome) == Drift.OutcomeKey(run.outcome)
                        ? " (as declared)" : " (declared: \(headline(before)))"
                }
                rows.append([run.population, line])
            }
            out += Self.table(rows)
            if site.drift.isEmpty {
                out += "No drift: every record the site declares for the \(network) network is what DNS returns.\n"
            } else {
                let changing = site.drift.filter { !$0.changes.isEmpty }.count
                out +=
                    "Drift: \(site.drift.count) difference\(site.drift.count == 1 ? "" : "s"), \(changing) changing an outcome:\n"
                for item in site.drift {
                    out += "  \(item.summary)\n"
                    if item.changes.isEmpty {
                        out += "    changes no population's outcome\n"
                    }
                    for change in item.changes {
                        out +=
                            "    changes \(change.population) (\(change.network)): \(headline(change.before)) -> \(headline(change.after))\n"
                    }
                }
            }
        }
        if let explanation { out += "\n" + explanation }
        return out
    }

    /// Left-aligned columns, two spaces apart.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < row.count - 1 {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        for row in rows {
            var line = "  "
            for (index, cell) in row.enumerated() {
                line +=
                    index == row.count - 1
                    ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// The same result objects as `explain --format json`, plus the raw answers, the certificates and the drift.
    public func renderJSON(server: String, phrasebook: Phrasebook = .bundled) -> String {
        var writer = JSONWriter()
        writer.object { w in
            w.member("server", server)
            w.member("network", network.rawValue)
            w.member("lookups") { w in
                w.array { w in
                    for (index, response) in answers.responses.enumerated() {
                        w.element { w in Self.write(response, row: index + 1, to: &w) }
                    }
                }
            }
            w.member("results") { w in
                w.array { w in
                    for run in results { w.element { run.trace(phrasebook: phrasebook).write(to: &$0) } }
                }
            }
            w.member("certificates") { w in
                w.array { w in
                    for presented in certificates { w.element { Self.write(presented, to: &$0) } }
                }
            }
            if let site {
                w.member("site") { w in
                    w.object { w in
                        w.member("name", site.name)
                        w.member("file", site.file)
                        w.member("results") { w in
                            w.array { w in
                                for run in site.live { w.element { run.trace(phrasebook: phrasebook).write(to: &$0) } }
                            }
                        }
                        w.member("drift") { w in
                            w.array { w in
                                for item in site.drift {
                                    w.element { Self.write(item, phrasebook: phrasebook, to: &$0) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return writer.rendered
    }

    static func write(_ response: DNSResponse, row: Int, to w: inout JSONWriter) {
        w.object { w in
            w.member("row", row)
            w.member("name", response.question.name.description)
            w.member("type", response.question.type.rawValue)
            w.member("result", response.status.rawValue)
            w.member("rcode", response.rcode)
            w.member("truncated") { $0.value(response.truncated) }
            if response.status == .error { w.member("error", response.message) }
            w.member("records") { w in
                w.array { w in
                    for record in response.records {
                        w.element { w in
                            w.object { w in
                                w.member("name", record.name.description)
                                w.member("ttl", record.ttl)
                                w.member("type", record.data.type.rawValue)
                                w.member("data", record.data.presentation)
                            }
                        }
                    }
                }
            }
        }
    }

    static func write(_ presented: PresentedCertificate, to w: inout JSONWriter) {
        w.object { w in
            w.member("row", presented.row)
            w.member("host", presented.endpoint.host.description)
            w.member("address", presented.endpoint.address)
            w.member("port", presented.endpoint.port)
            w.member("error", presented.error)
            w.member("subject", presented.subject)
            w.member("dnsNames") { $0.strings(presented.dnsNames) }
            w.member("issuer", presented.issuer)
            w.member("notBefore", presented.notBefore)
            w.member("notAfter", presented.notAfter)
            w.member("trustedIssuer") { $0.value(presented.trustedIssuer) }
            w.member("verification", presented.verification)
        }
    }

    static func write(_ item: DriftItem, phrasebook: Phrasebook, to w: inout JSONWriter) {
        w.object { w in
            w.member("kind", item.kind.rawValue)
            w.member("name", item.name)
            w.member("type", item.type)
            w.member("declared", item.declared?.data.presentation)
            w.member("source", item.declared?.span.description)
            w.member("live", item.live?.data.presentation)
            w.member("fields") { $0.strings(item.fields) }
            w.member("failure", item.failure)
            w.member("changesOutcome") { $0.value(!item.changes.isEmpty) }
            w.member("changes") { w in
                w.array { w in
                    for change in item.changes {
                        w.element { w in
                            w.object { w in
                                w.member("population", change.population)
                                w.member("network", change.network.rawValue)
                                w.member(
                                    "before",
                                    Phrases(change.before, phrasebook: phrasebook).headline(change.before.outcome))
                                w.member(
                                    "after",
                                    Phrases(change.after, phrasebook: phrasebook).headline(change.after.outcome))
                                w.member("beforeStatus", change.before.outcome.status.rawValue)
                                w.member("afterStatus", change.after.outcome.status.rawValue)
                            }
                        }
                    }
                }
            }
        }
    }
}
