import Discovery
import Rendering
import SiteModel

/// What `words/resilience.txt` is rendered over: per population and network, its outcome and each single point of
/// failure with the outcome after its loss (headlines from `phrases.yaml`). Documented in `templates/README.md`; add
/// fields, never rename.
public struct ResilienceContext: Codable, Hashable, Sendable {
    public var site: String
    public var file: String
    public var populations: [Population]
    public var hasWithoutSinglePoint: Bool
    /// The populations that sign in on every network with no single point of failure, comma-separated.
    public var withoutSinglePoint: String

    public struct Population: Codable, Hashable, Sendable {
        public var name: String
        public var networks: [Network]
    }

    public struct Network: Codable, Hashable, Sendable {
        public var network: String
        public var status: String
        public var headline: String
        public var hasPoints: Bool
        /// Whether the run fails already (nothing more to lose).
        public var failed: Bool
        public var points: [Point]
        /// The block rendered with `resilience.txt.network`, for the page template (without its final newline).
        public var rendered: String?
    }

    public struct Point: Codable, Hashable, Sendable {
        /// `record`, `server` or `certificateName`, and one flag for each.
        public var kind: String
        public var record: Bool
        public var server: Bool
        public var certificateName: Bool
        /// The record in presentation format, the server's label, or the name.
        public var what: String
        /// For a certificate name, the server whose certificate carries it.
        public var pool: String?
        /// Where the record, server or certificate is declared.
        public var source: String?
        public var afterStatus: String
        public var after: String
    }
}

extension ResilienceReport {
    public enum Format: String, CaseIterable, Sendable {
        case text
        case json
    }

    public func render(_ format: Format, site: Site, file: String, words: Words) -> String {
        switch format {
        case .text: text(site: site, file: file, words: words)
        case .json: json(site: site, file: file, words: words)
        }
    }

    /// The page: each network's block rendered once per distinct block (populations that share their runs share
    /// their blocks), then placed by the page template.
    func text(site: Site, file: String, words: Words) -> String {
        var context = context(site: site, file: file, words: words)
        var blocks: [ResilienceContext.Network: String] = [:]
        for p in context.populations.indices {
            for n in context.populations[p].networks.indices {
                let network = context.populations[p].networks[n]
                var block = blocks[network] ?? words.report(network, template: "resilience.txt.network")
                blocks[network] = block
                if block.hasSuffix("\n") { block.removeLast() }
                context.populations[p].networks[n].rendered = block
            }
        }
        return words.report(context, template: "resilience.txt")
    }

    public func context(site: Site, file: String, words: Words) -> ResilienceContext {
        let headline = Headlines(words: words)
        var populations: [ResilienceContext.Population] = []
        var index: [String: Int] = [:]
        for result in runs {
            let network = ResilienceContext.Network(
                network: result.run.network.rawValue, status: result.run.outcome.status.rawValue,
                headline: headline(result.run), hasPoints: !result.points.isEmpty,
                failed: result.run.outcome.status == .failed,
                points: result.points.map { point in
                    let described = Self.describe(point.loss)
                    return ResilienceContext.Point(
                        kind: described.kind, record: described.kind == "record", server: described.kind == "server",
                        certificateName: described.kind == "certificateName", what: described.what,
                        pool: described.pool, source: described.source?.description,
                        afterStatus: point.after.outcome.status.rawValue,
                        after: headline(point.after))
                })
            if let at = index[result.run.population] {
                populations[at].networks.append(network)
            } else {
                index[result.run.population] = populations.count
                populations.append(ResilienceContext.Population(name: result.run.population, networks: [network]))
            }
        }
        return ResilienceContext(
            site: site.name, file: file, populations: populations, hasWithoutSinglePoint: !withoutSinglePoint.isEmpty,
            withoutSinglePoint: withoutSinglePoint.joined(separator: ", "))
    }

    static func headline(_ run: DiscoveryRun, words: Words) -> String {
        Phrases(run, phrasebook: words.phrasebook).headline(run.outcome)
    }

    /// Headlines rendered once per distinct outcome: a large site's runs share a few dozen.
    final class Headlines {
        let words: Words
        var rendered: [HeadlineKey: String] = [:]

        init(words: Words) { self.words = words }

        func callAsFunction(_ run: DiscoveryRun) -> String {
            let key = HeadlineKey(
                outcome: run.outcome, network: run.network, sipDomain: run.sipDomain, client: run.clientName)
            if let text = rendered[key] { return text }
            let text = ResilienceReport.headline(run, words: words)
            rendered[key] = text
            return text
        }
    }

    /// What a headline is rendered from.
    struct HeadlineKey: Hashable {
        var outcome: DiscoveryOutcome
        var network: NetworkLocation
        var sipDomain: DNSName
        var client: String
    }

    /// The loss's kind, what was lost, the server a certificate name belongs to, and where it is declared.
    static func describe(_ loss: Loss) -> (kind: String, what: String, pool: String?, source: SourceSpan?) {
        switch loss {
        case .record(let record): ("record", record.presentation, nil, record.span)
        case .server(let name, let pool): ("server", pool?.label ?? name.description, nil, pool?.span)
        case .certificateName(let pool, let name):
            ("certificateName", name.description, pool.label, pool.certificate?.span ?? pool.span)
        }
    }

    public func json(site: Site, file: String, words: Words) -> String {
        let headline = Headlines(words: words)
        var writer = JSONWriter()
        writer.object { w in
            w.member("site", site.name)
            w.member("file", file)
            w.member("results") { w in
                w.array { w in
                    for result in runs {
                        w.element { w in
                            w.object { w in
                                let candidate = result.run.outcome.candidate
                                w.member("population", result.run.population)
                                w.member("network", result.run.network.rawValue)
                                w.member("status", result.run.outcome.status.rawValue)
                                w.member("server", candidate?.hostName)
                                w.member("port", candidate?.port)
                                w.member("via", candidate?.via.description)
                                w.member("headline", headline(result.run))
                                w.member("singlePointsOfFailure") { w in
                                    w.array { w in
                                        for point in result.points {
                                            let described = Self.describe(point.loss)
                                            w.element { w in
                                                w.object { w in
                                                    w.member("kind", described.kind)
                                                    w.member("what", described.what)
                                                    if case .server(let name, let pool) = point.loss {
                                                        w.member("name", name.description)
                                                        w.member("role", pool?.role.rawValue)
                                                    }
                                                    w.member("pool", described.pool)
                                                    w.member("source", described.source?.description)
                                                    w.member("after") { w in
                                                        w.object { w in
                                                            w.member("status", point.after.outcome.status.rawValue)
                                                            w.member(
                                                                "headline", headline(point.after))
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            w.member("withoutSinglePointOfFailure") { $0.strings(withoutSinglePoint) }
        }
        return writer.rendered
    }
}
