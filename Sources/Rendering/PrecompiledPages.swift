/// The bundled page templates `words/explain.txt.mustache` and `words/explain.md.mustache`, compiled by hand into
/// Swift: the same bytes as Mustache renders them, without Mustache's name lookups (a dynamic cast per name and
/// context level, which made the page of a 10,000-population site cost most of `explain` and of `build`).
///
/// Used only while the loaded template is exactly the text compiled here (`fingerprints`): an administrator's own
/// template (`--templates`), or an edited bundled one, is rendered by Mustache as before. The tests render every
/// example site both ways and compare, and fail when a bundled template no longer matches its fingerprint.
enum PrecompiledPage {
    /// FNV-1a (64 bits) of each template's UTF-8 text that `render` implements.
    static let fingerprints: [String: UInt64] = [
        "explain.txt": 0x91f9_445f_8567_2a59,
        "explain.md": 0x7012_8cc8_f598_8334,
    ]

    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// Whether `text` is the template `name` that `render` implements.
    static func implements(_ name: String, text: String) -> Bool {
        fingerprints[name].map { $0 == fingerprint(text) } ?? false
    }

    /// The page `name` of `context`, or nil when no precompiled form exists.
    static func render(_ name: String, _ context: ExplanationContext) -> String? {
        var page = Page()
        switch name {
        case "explain.txt": page.text(context)
        case "explain.md": page.markdown(context)
        default: return nil
        }
        return String(decoding: page.bytes, as: UTF8.self)
    }

    private struct Page {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(1 << 20) }

        mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func add(_ parts: String...) {
            for part in parts { add(part) }
        }

        /// explain.txt.mustache
        mutating func text(_ context: ExplanationContext) {
            add(context.site, ": sign-in discovery, from ", context.file, "\n")
            let summary = context.summary
            if summary.hasRows {
                add("\n", summary.heading, "\n", summary.rule, "\n")
                for row in summary.rows { add(row.line, "\n") }
            }
            for population in context.populations {
                add("\n", population.name, "\n", population.underline, "\n", "OU ", population.ou, "\n")
                add(
                    "client ", population.clientName, " (", population.clientID, "), SIP domain ", population.sipDomain,
                    ", ", population.mode, " sign-in")
                if let parent = population.parent { add(", inherits from '", parent, "'") }
                add("\n")
                for note in population.sharedNotes { add("note: ", note, "\n") }
                for network in population.networks { add(network.rendered, "\n") }
                add("\n")
                let policy = population.policy
                if policy.hasSettings { add("policy, ", policy.scope, ", ", policy.hive, "\\", policy.key, ":\n") }
                for setting in policy.settings {
                    add("  ", setting.paddedAssignment, "  in \"", setting.gpo, "\", from ", setting.source, "\n")
                    if let note = setting.note { add("    (", note, ")\n") }
                }
                if !policy.hasSettings && !policy.hasPreferences {
                    add("policy: nothing configured (the client keeps its own settings)\n")
                }
                if policy.hasPreferences {
                    add("preference (Group Policy Preferences, not a policy), User Configuration:\n")
                }
                for preference in policy.preferences {
                    add(
                        "  ", preference.hive, "\\", preference.key, "\\", preference.name, " = '", preference.value,
                        "'  in \"", preference.gpo, "\", from ", preference.source, "\n")
                    add("    (this client's location: ", preference.locationSource)
                    if preference.uncertain { add("; not documented for this client version") }
                    add(")\n")
                }
            }
            if context.populations.isEmpty { add("\nno population matches\n") }
        }

        /// explain.md.mustache: the values come escaped for Markdown (`ExplanationContext.escapedForMarkdown`).
        mutating func markdown(_ context: ExplanationContext) {
            add("# ", context.site, ": sign-in discovery\n\nFrom ", context.file, ".\n")
            let summary = context.summary
            if summary.hasRows {
                add("\n| ", summary.populationHeading, " |")
                if summary.hasInside { add(" ", summary.insideHeading, " |") }
                if summary.hasOutside { add(" ", summary.outsideHeading, " |") }
                add("\n|---|")
                if summary.hasInside { add("---|") }
                if summary.hasOutside { add("---|") }
                add("\n")
            }
            for row in summary.rows {
                add("| ", row.name, " |")
                if summary.hasInside { add(" ", row.inside, " |") }
                if summary.hasOutside { add(" ", row.outside, " |") }
                add("\n")
            }
            for population in context.populations {
                add("\n## ", population.name, "\n\n- OU: ", population.ou, "\n")
                add("- Client: ", population.clientName, " (", population.clientID, ")\n")
                add("- SIP domain: ", population.sipDomain, ", ", population.mode, " sign-in\n")
                if let parent = population.parent { add("- Inherits from: ", parent, "\n") }
                for note in population.sharedNotes { add("- Note: ", note, "\n") }
                for network in population.networks { add(network.rendered, "\n") }
                let policy = population.policy
                if policy.hasSettings {
                    add("\n| Policy value | Value | Hive | GPO | Source |\n|---|---|---|---|---|\n")
                }
                for setting in policy.settings {
                    add(
                        "| ", setting.name, " | ", setting.display, " | ", setting.hive, " | ", setting.gpo, " | ",
                        setting.source, " |\n")
                }
                if policy.hasPreferences {
                    add("\n| Preference (GPP) | Value | Location | GPO | Source |\n|---|---|---|---|---|\n")
                }
                for preference in policy.preferences {
                    add("| ", preference.name, " | ", preference.value, " | ", preference.location)
                    if preference.uncertain { add(" (not documented for this client version)") }
                    add(" | ", preference.gpo, " | ", preference.source, " |\n")
                }
            }
        }
    }
}
