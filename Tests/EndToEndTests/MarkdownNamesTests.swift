import Foundation
import SipgpoTestSupport
import SiteModel
import Testing

/// Issue 10: names reach `explain.md` as they are written. Markdown's metacharacters in a site, population or OU
/// name (HTML, emphasis, links, code, a table cell's `|`, a line break) must come out as literal text: escaped with
/// `Markdown.text` in running text, inside a code span from `Markdown.code`.
@Suite struct MarkdownNamesTests {
    static let hostile = "<img src=x onerror=alert(1)> *bold* _it_ [l](http://x) ~s~ &amp; `code` | cell\n# heading"

    /// The line with its code spans removed (a run of n backticks up to the next run of exactly n).
    static func outsideCode(_ line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let start = rest.firstIndex(of: "`") {
            out += rest[..<start]
            let fence = rest[start...].prefix { $0 == "`" }
            let afterFence = rest[start...].dropFirst(fence.count)
            var search = afterFence
            var closed = false
            while let next = search.firstIndex(of: "`") {
                let run = search[next...].prefix { $0 == "`" }
                if run.count == fence.count {
                    rest = search[next...].dropFirst(run.count)
                    closed = true
                    break
                }
                search = search[next...].dropFirst(run.count)
            }
            if !closed {
                out += fence
                rest = afterFence
            }
        }
        return out + rest
    }

    /// Whether `text` holds `fragment` with its first character not escaped by a backslash.
    static func containsUnescaped(_ text: String, _ fragment: String) -> Bool {
        var search = text[...]
        while let range = search.range(of: fragment) {
            if range.lowerBound == text.startIndex || text[text.index(before: range.lowerBound)] != "\\" {
                return true
            }
            search = text[range.upperBound...]
        }
        return false
    }

    @Test func explainMarkdownHoldsNamesAsLiteralText() throws {
        let hostile = try HostileNamesTests.build(HostileNamesTests.names(Self.hostile))
        let twin = try HostileNamesTests.build(
            .init(
                site: HostileNamesTests.markers.site, first: HostileNamesTests.markers.first,
                second: HostileNamesTests.markers.second, ou: HostileNamesTests.markers.ou))
        let markdown = String(decoding: try #require(hostile.files["explain.md"]), as: UTF8.self)
        let plain = String(decoding: try #require(twin.files["explain.md"]), as: UTF8.self)
        let lines = markdown.components(separatedBy: "\n")
        let twinLines = plain.components(separatedBy: "\n")
        // A line break in a name starts no new block: the page has the twin's lines, and its headings.
        #expect(lines.count == twinLines.count)
        #expect(lines.filter { $0.hasPrefix("#") }.count == twinLines.filter { $0.hasPrefix("#") }.count)
        for (line, twinLine) in zip(lines, twinLines) {
            // A table row keeps its cells: as many unescaped '|' as the twin's row.
            func pipes(_ text: String) -> Int {
                var count = 0
                var previous: Character = " "
                for character in text {
                    if character == "|", previous != "\\" { count += 1 }
                    previous = character
                }
                return count
            }
            if twinLine.hasPrefix("|") { #expect(pipes(line) == pipes(twinLine), "\(line)") }
            let text = Self.outsideCode(line)
            for fragment in ["<img", "*bold*", "_it_", "[l](", "~s~", "&amp;"] {
                #expect(!Self.containsUnescaped(text, fragment), "'\(fragment)' is Markdown in: \(line)")
            }
        }
    }

    @Test func theHelpersSeeEscapesAndCodeSpans() {
        #expect(Self.outsideCode("a `x|y` b ``c`d`` e") == "a  b  e")
        #expect(Self.containsUnescaped("a <b", "<b"))
        #expect(!Self.containsUnescaped("a \\<b", "<b"))
    }
}
