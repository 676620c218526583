/// The one escaping function for CSV files sipgpo writes (`certificates.csv`), which administrators open in
/// spreadsheets.
public enum CSVField {
    /// Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`,
    /// tab and carriage return, and the full-width forms of the first four, which some spreadsheets fold to ASCII.
    static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    /// A cell starting a formula gets a leading `'` (shown by no spreadsheet, and read as text); then RFC 4180:
    /// a field with a comma, quote or line break is quoted, its quotes doubled.
    public static func escape(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, formulaStarts.contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return cell
        }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
