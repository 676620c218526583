import Discovery
import PolicyPlan
import Rendering
import SiteModel

/// What `words/diff.txt` and `words/diff.md` are rendered over: the outcome changes in words (each side's headline
/// from `phrases.yaml`), then the GPO changes as typed fields the template lays out. For Markdown every value is
/// escaped once, here, with `Markdown.text` or `Markdown.code`. Documented in `templates/README.md`; add fields,
/// never rename.
public struct DiffContext: Codable, Hashable, Sendable {
    /// The two site descriptions as named on the command line, and the sites' names.
    public var old: String
    public var new: String
    public var oldSite: String
    public var newSite: String
    /// Nothing differs.
    public var noChange: Bool
    public var outcomeCount: Int
    public var hasOutcomes: Bool
    public var outcomes: [Outcome]
    public var gpoCount: Int
    public var hasGPOs: Bool
    public var gpos: [GPO]

    public struct Outcome: Codable, Hashable, Sendable {
        public var population: String
        public var network: String
        /// The old outcome in one line (`phrases.yaml`'s `headline.*`); nil when the old site lacks the population.
        public var before: String?
        public var after: String?
        public var beforeStatus: String?
        public var afterStatus: String?
    }

    public struct GPO: Codable, Hashable, Sendable {
        public var name: String
        /// `added`, `removed` or `changed`, and one flag for each.
        public var change: String
        public var added: Bool
        public var removed: Bool
        public var links: [Link]
        public var values: [Value]
        public var preferences: [Preference]
    }

    public struct Link: Codable, Hashable, Sendable {
        public var target: String
        public var before: LinkState?
        public var after: LinkState?
    }

    public struct LinkState: Codable, Hashable, Sendable {
        public var order: Int
        public var enforced: Bool
    }

    public struct Value: Codable, Hashable, Sendable {
        /// `HKLM` or `HKCU`.
        public var hive: String
        public var key: String
        public var valueName: String
        public var policy: String
        public var source: String?
        public var before: Data?
        public var after: Data?
    }

    public struct Preference: Codable, Hashable, Sendable {
        public var hive: String
        public var key: String
        public var valueName: String
        public var ou: String
        public var before: Data?
        public var after: Data?
    }

    /// Registry data: `REG_DWORD` and `1`, `REG_SZ` and `sip.contoso.com`.
    public struct Data: Codable, Hashable, Sendable {
        public var type: String
        public var data: String
    }
}

extension SiteDiff {
    /// The report's form.
    public enum Format: String, CaseIterable, Sendable {
        case text
        case json
        case markdown
    }

    /// The files compared, as named on the command line, and the sites' names.
    public struct Names: Sendable {
        public var old: String
        public var new: String
        public var oldSite: String
        public var newSite: String

        public init(old: String, new: String, oldSite: String, newSite: String) {
            self.old = old
            self.new = new
            self.oldSite = oldSite
            self.newSite = newSite
        }
    }

    public func render(_ format: Format, names: Names, words: Words) -> String {
        switch format {
        case .text: words.report(context(names: names, words: words, markdown: false), template: "diff.txt")
        case .markdown: words.report(context(names: names, words: words, markdown: true), template: "diff.md")
        case .json: json(names: names, words: words)
        }
    }

    /// The template context; with `markdown`, every value escaped for Markdown (names as code spans).
    public func context(names: Names, words: Words, markdown: Bool) -> DiffContext {
        let text: (String) -> String = markdown ? { Markdown.text($0) } : { $0 }
        // GPO names, keys and data appear in headings and list items, never in a table cell.
        let code: (String) -> String = markdown ? { Markdown.code($0) } : { $0 }
        func data(_ value: RegistryData?) -> DiffContext.Data? {
            value.map { DiffContext.Data(type: $0.type.name, data: code(Self.display($0))) }
        }
        func state(_ link: GPOLink?) -> DiffContext.LinkState? {
            link.map { DiffContext.LinkState(order: $0.order, enforced: $0.enforced) }
        }
        let outcomes = outcomes.map { change in
            DiffContext.Outcome(
                population: text(change.population), network: change.network.rawValue,
                before: change.before.map { text(Self.headline($0, words: words)) },
                after: change.after.map { text(Self.headline($0, words: words)) },
                beforeStatus: change.before?.outcome.status.rawValue, afterStatus: change.after?.outcome.status.rawValue
            )
        }
        let gpos = gpos.map { gpo in
            DiffContext.GPO(
                name: code(gpo.name), change: gpo.kind.rawValue, added: gpo.kind == .added,
                removed: gpo.kind == .removed,
                links: gpo.links.map {
                    DiffContext.Link(
                        target: code($0.target.description), before: state($0.before), after: state($0.after))
                },
                values: gpo.values.map {
                    DiffContext.Value(
                        hive: $0.hive.rawValue, key: code($0.key), valueName: code($0.valueName),
                        policy: code($0.policy),
                        source: $0.source.map(text), before: data($0.before), after: data($0.after))
                },
                preferences: gpo.preferences.map {
                    DiffContext.Preference(
                        hive: $0.hive.rawValue, key: code($0.key), valueName: code($0.valueName),
                        ou: code($0.organizationalUnit.description), before: data($0.before), after: data($0.after))
                })
        }
        return DiffContext(
            old: text(names.old), new: text(names.new), oldSite: text(names.oldSite), newSite: text(names.newSite),
            noChange: isEmpty, outcomeCount: outcomes.count, hasOutcomes: !outcomes.isEmpty, outcomes: outcomes,
            gpoCount: gpos.count, hasGPOs: !gpos.isEmpty, gpos: gpos)
    }

    /// The outcome in one line, from the phrasebook.
    static func headline(_ run: DiscoveryRun, words: Words) -> String {
        Phrases(run, phrasebook: words.phrasebook).headline(run.outcome)
    }

    /// Registry data as the reader compares it: a number in decimal, text as it is, a list joined by `\0`, bytes in
    /// hex (`RegistryData.canonicalText` without its type).
    static func display(_ data: RegistryData) -> String {
        let text = data.canonicalText
        guard let tab = text.firstIndex(of: "\t") else { return text }
        return String(text[text.index(after: tab)...])
    }

    /// The same facts as JSON: each outcome change with both sides' typed outcome and headline, each GPO change.
    public func json(names: Names, words: Words) -> String {
        var writer = JSONWriter()
        func side(_ run: DiscoveryRun, _ w: inout JSONWriter) {
            let candidate = run.outcome.candidate
            w.object { w in
                w.member("status", run.outcome.status.rawValue)
                w.member("server", candidate?.hostName)
                w.member("port", candidate?.port)
                w.member("transport", candidate?.transport.rawValue)
                w.member("via", candidate?.via.description)
                w.member("registrar", run.outcome.registrar?.description)
                w.member("headline", Self.headline(run, words: words))
            }
        }
        func data(_ key: String, _ value: RegistryData?, _ w: inout JSONWriter) {
            guard let value else { return }
            w.member(key) { w in
                w.object { w in
                    w.member("type", value.type.name)
                    w.member("data", Self.display(value))
                }
            }
        }
        func link(_ key: String, _ value: GPOLink?, _ w: inout JSONWriter) {
            guard let value else { return }
            w.member(key) { w in
                w.object { w in
                    w.member("order", value.order)
                    w.member("enforced", value.enforced)
                }
            }
        }
        writer.object { w in
            w.member("old") { w in
                w.object { w in
                    w.member("file", names.old)
                    w.member("site", names.oldSite)
                }
            }
            w.member("new") { w in
                w.object { w in
                    w.member("file", names.new)
                    w.member("site", names.newSite)
                }
            }
            w.member("changesOutcome", changesOutcome)
            w.member("outcomes") { w in
                w.array { w in
                    for change in outcomes {
                        w.element { w in
                            w.object { w in
                                w.member("population", change.population)
                                w.member("network", change.network.rawValue)
                                if let before = change.before { w.member("before") { side(before, &$0) } }
                                if let after = change.after { w.member("after") { side(after, &$0) } }
                            }
                        }
                    }
                }
            }
            w.member("gpos") { w in
                w.array { w in
                    for gpo in gpos {
                        w.element { w in
                            w.object { w in
                                w.member("name", gpo.name)
                                w.member("change", gpo.kind.rawValue)
                                w.member("links") { w in
                                    w.array { w in
                                        for change in gpo.links {
                                            w.element { w in
                                                w.object { w in
                                                    w.member("target", change.target.description)
                                                    link("before", change.before, &w)
                                                    link("after", change.after, &w)
                                                }
                                            }
                                        }
                                    }
                                }
                                w.member("values") { w in
                                    w.array { w in
                                        for change in gpo.values {
                                            w.element { w in
                                                w.object { w in
                                                    w.member("hive", change.hive.rawValue)
                                                    w.member("key", change.key)
                                                    w.member("valueName", change.valueName)
                                                    w.member("policy", change.policy)
                                                    w.member("source", change.source)
                                                    data("before", change.before, &w)
                                                    data("after", change.after, &w)
                                                }
                                            }
                                        }
                                    }
                                }
                                w.member("preferences") { w in
                                    w.array { w in
                                        for change in gpo.preferences {
                                            w.element { w in
                                                w.object { w in
                                                    w.member("hive", change.hive.rawValue)
                                                    w.member("key", change.key)
                                                    w.member("valueName", change.valueName)
                                                    w.member("ou", change.organizationalUnit.description)
                                                    data("before", change.before, &w)
                                                    data("after", change.after, &w)
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
        return writer.rendered
    }
}
