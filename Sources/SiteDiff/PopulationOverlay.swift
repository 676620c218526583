/// A deployment read back by `decompile --format yaml` is the `populations:` entries of a site description, not a
/// whole site. To compare it with a site, its entries replace the site's own: the site's text with its top-level
/// `populations:` block swapped for the deployment's, every other line (and its line number before the block) kept.
public enum PopulationOverlay {
    /// Whether `text` holds a top-level `populations:` block and no `version:` (the shape `decompile --format yaml`
    /// prints), rather than a whole site description.
    public static func isPopulationsOnly(_ text: String) -> Bool {
        let keys = topLevelKeys(lines(text)).map(\.key)
        return keys.contains("populations") && !keys.contains("version")
    }

    /// The site's text with its `populations:` block replaced by the one in `populations`; nil when the site has no
    /// top-level block-style `populations:` key (a site written as one flow mapping, say).
    public static func apply(_ populations: String, onto site: String) -> String? {
        let siteLines = lines(site)
        let overlayLines = lines(populations)
        guard let (siteStart, siteEnd) = block("populations", in: siteLines),
            let (start, end) = block("populations", in: overlayLines)
        else { return nil }
        let merged = siteLines[..<siteStart] + overlayLines[start..<end] + siteLines[siteEnd...]
        return merged.joined(separator: "\n")
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Lines that start a top-level mapping key: `name:` at column 1 (not a comment, a list item or a document
    /// marker), with their index.
    static func topLevelKeys(_ lines: [Substring]) -> [(key: String, index: Int)] {
        lines.enumerated().compactMap { index, line in
            guard let first = line.unicodeScalars.first,
                first.properties.isAlphabetic || first == "_" || first == "\"" || first == "'",
                let colon = line.firstIndex(of: ":")
            else { return nil }
            var key = trimmed(line[..<colon])
            if key.count >= 2, let quote = key.first, quote == "\"" || quote == "'", key.last == quote {
                key = String(key.dropFirst().dropLast())
            }
            return (key, index)
        }
    }

    /// The lines of the top-level block `key`: from its key line to the next top-level key (or the end).
    static func block(_ key: String, in lines: [Substring]) -> (Int, Int)? {
        let keys = topLevelKeys(lines)
        guard let at = keys.firstIndex(where: { $0.key == key }) else { return nil }
        let end = at + 1 < keys.count ? keys[at + 1].index : lines.count
        return (keys[at].index, end)
    }
}

/// The text without leading and trailing spaces and tabs.
private func trimmed(_ text: Substring) -> String {
    var text = text
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
}
