import Compiler
import Discovery
import PolicyPlan
import Rendering
import SipgpoTestSupport
import SiteDiff
import SiteModel
import Testing

/// Compiles `text` as the site description `file` (zone files relative to the package root).
func compile(_ file: String, text: String) -> Compiler.Compilation {
    Compiler.compile(file: file, text: text, sources: RootedSources(), clients: bundledClients, catalog: bundledCatalog)
}

func compile(_ path: String) throws -> Compiler.Compilation {
    compile(path, text: try RootedSources().read(path))
}

func diff(_ old: Compiler.Compilation, _ new: Compiler.Compilation) -> SiteDiff {
    SiteDiff.compare(old: .init(runs: old.runs, plan: old.plan), new: .init(runs: new.runs, plan: new.plan))
}

@Suite struct SiteDiffTests {
    static let branch = "policies/branch-overrides.yaml"

    @Test func identicalSitesDifferInNothing() throws {
        let site = try compile(Self.branch)
        #expect(site.succeeded)
        let result = diff(site, site)
        #expect(result.isEmpty)
        #expect(!result.changesOutcome)
    }

    /// The same description under another name and with its lines moved: every span differs, nothing that decides
    /// an outcome or a GPO does.
    @Test func whereThingsAreWrittenIsNoChange() throws {
        let text = try RootedSources().read(Self.branch)
        let moved = "# a comment that moves every line down\n\n" + text
        let result = diff(compile(Self.branch, text: text), compile("policies/moved.yaml", text: moved))
        #expect(result.isEmpty, "\(result)")
    }

    @Test func aManualServerChangeIsAnOutcomeChangeAndAValueChange() throws {
        let text = try RootedSources().read(Self.branch)
        let changed = text.replacingOccurrences(
            of: "internalServer: pool01.woodgrovebank.com, externalServer: sip.woodgrovebank.com:443",
            with: "internalServer: pool01.woodgrovebank.com, externalServer: sip2.woodgrovebank.com:443")
        #expect(changed != text)
        let result = diff(compile(Self.branch, text: text), compile(Self.branch, text: changed))
        #expect(result.changesOutcome)
        let branches = try #require(result.outcomes.first { $0.population == "Branches" && $0.network == .outside })
        #expect(branches.before?.outcome.status == .connected)
        #expect(branches.after?.outcome.status == .failed)
        #expect(branches.before?.outcome.candidate?.hostName == "sip.woodgrovebank.com")
        // Inside, the internal server is used: nothing changes there.
        #expect(!result.outcomes.contains { $0.population == "Branches" && $0.network == .inside })
        let gpo = try #require(result.gpos.first { $0.name == "sipgpo Woodgrove Bank - Branches" })
        #expect(gpo.kind == .changed)
        #expect(gpo.links.isEmpty)
        let value = try #require(gpo.values.first)
        #expect(gpo.values.count == 1)
        #expect(value.before == .string("sip.woodgrovebank.com:443"))
        #expect(value.after == .string("sip2.woodgrovebank.com:443"))
        #expect(value.valueName.lowercased() == "serveraddressexternal")
    }

    @Test func aPopulationOnOneSideOnlyIsAddedOrRemoved() throws {
        let text = try RootedSources().read(Self.branch)
        let added =
            text + "  - name: Harrogate branch\n    ou: OU=Harrogate,DC=woodgrovebank,DC=com\n"
            + "    signIn: { mode: manual, internalServer: pool01.woodgrovebank.com, transport: tls }\n"
        let result = diff(compile(Self.branch, text: text), compile(Self.branch, text: added))
        let changes = result.outcomes.filter { $0.population == "Harrogate branch" }
        #expect(changes.count == 2)
        #expect(changes.allSatisfy { $0.before == nil && $0.after != nil })
        let gpo = try #require(result.gpos.first { $0.name == "sipgpo Woodgrove Bank - Harrogate branch" })
        #expect(gpo.kind == .added)
        #expect(gpo.links.count == 1 && gpo.links[0].before == nil && gpo.links[0].after?.order == 1)
        #expect(gpo.values.allSatisfy { $0.before == nil && $0.after != nil } && !gpo.values.isEmpty)
        let reverse = diff(compile(Self.branch, text: added), compile(Self.branch, text: text))
        #expect(reverse.outcomes.filter { $0.population == "Harrogate branch" }.allSatisfy { $0.after == nil })
        #expect(reverse.gpos.contains { $0.name == "sipgpo Woodgrove Bank - Harrogate branch" && $0.kind == .removed })
    }

    @Test func linksAreComparedByTargetOrderAndEnforcement() throws {
        let ou = try DistinguishedName.parse("OU=Sales,DC=contoso,DC=com").get()
        let other = try DistinguishedName.parse("OU=HQ,DC=contoso,DC=com").get()
        func gpo(_ links: [GPOLink]) -> GPO {
            GPO(
                name: "G", id: GUID(name: "G"), backupID: GUID(name: "G"), domain: "contoso.com", comment: "",
                links: links, policy: [:], preferences: [])
        }
        let changes = SiteDiff.gpoChanges(
            from: [gpo([GPOLink(target: ou, order: 1), GPOLink(target: other, order: 1)])],
            to: [gpo([GPOLink(target: ou, order: 2, enforced: true)])])
        let links = try #require(changes.first?.links)
        #expect(links.count == 2)
        #expect(
            links.contains { $0.target == ou && $0.before?.order == 1 && $0.after?.order == 2 && $0.after!.enforced })
        #expect(links.contains { $0.target == other && $0.after == nil })
        #expect(
            SiteDiff.gpoChanges(
                from: [gpo([GPOLink(target: ou, order: 1)])], to: [gpo([GPOLink(target: ou, order: 1)])]
            ).isEmpty)
    }

    @Test func markdownEscapesNamesFromTheSite() throws {
        let text = try RootedSources().read(Self.branch)
        let hostile = text.replacingOccurrences(of: "name: Branches", with: "name: \"Branches | *all* <b>\"")
            .replacingOccurrences(
                of: "externalServer: sip.woodgrovebank.com:443", with: "externalServer: sip2.woodgrovebank.com:443")
        let result = diff(compile(Self.branch, text: text), compile(Self.branch, text: hostile))
        let names = SiteDiff.Names(
            old: "a|b.yaml", new: "new.yaml", oldSite: "Woodgrove Bank", newSite: "Woodgrove Bank")
        let markdown = result.render(.markdown, names: names, words: .bundled)
        #expect(markdown.contains("Branches \\| \\*all\\* \\<b\\>"))
        #expect(markdown.contains("a\\|b.yaml"))
        #expect(markdown.contains("### `sipgpo Woodgrove Bank - Branches | *all* <b>`"))
        for line in markdown.split(separator: "\n") where line.hasPrefix("| Branches") {
            #expect(!line.contains("<b>"))
        }
        // Every table row has its four cells and no more.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").split(
                separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count == 6, "\(line)")
        }
    }

    @Test func identicalSitesSayNoChangeInEveryFormat() throws {
        let site = try compile(Self.branch)
        let result = diff(site, site)
        let names = SiteDiff.Names(old: "a.yaml", new: "b.yaml", oldSite: "W", newSite: "W")
        #expect(result.render(.text, names: names, words: .bundled).hasPrefix("no change"))
        #expect(result.render(.markdown, names: names, words: .bundled).contains("No change"))
        #expect(result.render(.json, names: names, words: .bundled).contains("\"changesOutcome\": false"))
    }
}

@Suite struct PopulationOverlayTests {
    static let site = """
        version: 1
        site: S
        populations:
          - name: A
            ou: OU=A,DC=x,DC=com
        # trailing comment of the block
        defaults:
          client: lync-2013
        """

    @Test func decompiledPopulationsReplaceTheSitesOwn() throws {
        let deployed = """
            # sipgpo decompile: populations equivalent to the deployed policy
            populations:
              - name: B
                ou: OU=B,DC=x,DC=com
            """
        #expect(PopulationOverlay.isPopulationsOnly(deployed))
        #expect(!PopulationOverlay.isPopulationsOnly(Self.site))
        let merged = try #require(PopulationOverlay.apply(deployed, onto: Self.site))
        #expect(
            merged == """
                version: 1
                site: S
                populations:
                  - name: B
                    ou: OU=B,DC=x,DC=com
                defaults:
                  client: lync-2013
                """)
    }

    @Test func aSiteWithoutAPopulationsBlockCannotTakeThem() {
        #expect(PopulationOverlay.apply("populations:\n  []\n", onto: "{version: 1, site: S}") == nil)
        #expect(!PopulationOverlay.isPopulationsOnly("# populations: only in a comment\n"))
    }
}
