extension DiagnosticRenderer {
    /// Diagnostics printed per run. A broken file can have a million findings; the first ones carry the cause.
    /// `check --format json` lists them all: it is read by programs.
    public static let printLimit = 200

    /// The first `limit` diagnostics, then one line counting the rest by id (most frequent first).
    public func render(_ diagnostics: [Diagnostic], limit: Int) -> String {
        guard diagnostics.count > limit else { return render(diagnostics) }
        var counts: [DiagnosticID: Int] = [:]
        for diagnostic in diagnostics.dropFirst(limit) { counts[diagnostic.id, default: 0] += 1 }
        let byID = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
        let hidden = diagnostics.count - limit
        return render(Array(diagnostics.prefix(limit))) + "\n"
            + "sipgpo: note: \(hidden) more diagnostics not shown (\(byID.joined(separator: ", "))); "
            + "'sipgpo check --format json' lists them all\n"
    }
}
