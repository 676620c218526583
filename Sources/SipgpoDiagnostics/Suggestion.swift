/// "Did you mean" suggestions: the closest candidate by Damerau–Levenshtein distance, case-insensitive. The one
/// edit distance of sipgpo: the site loader, the resolver, the zone parser and the command line all ask it.
public enum Suggestion {
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        allClosest(to: word, in: candidates).first
    }

    /// Every candidate at the smallest distance, in the order given, so ties are shown rather than guessed.
    public static func allClosest(to word: String, in candidates: some Sequence<String>) -> [String] {
        let target = Array(word.lowercased())
        var best: [String] = []
        var bestDistance = Int.max
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            // Allow roughly one edit per three characters, so 'clinet' finds 'client' but 'x' finds nothing.
            let limit = max(1, min(target.count, candidate.count) / 3)
            guard distance <= limit, distance <= bestDistance else { continue }
            if distance < bestDistance { best = [] }
            bestDistance = distance
            best.append(candidate)
        }
        return best
    }

    /// `help:` text for a near miss ("did you mean 'a' or 'b'?"), or a list of what is allowed.
    public static func help(for word: String, in candidates: [String], noun: String) -> String {
        let matches = allClosest(to: word, in: candidates)
        if !matches.isEmpty {
            let quoted = matches.prefix(3).map { "'\($0)'" }
            let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
            return "did you mean \(list)?"
        }
        let list = candidates.map { "'\($0)'" }.joined(separator: ", ")
        return candidates.isEmpty ? "declare the \(noun) first" : "use one of \(list)"
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
