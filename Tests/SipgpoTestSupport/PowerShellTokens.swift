/// A small PowerShell tokenizer written to the language's documented quoting rules, to check where the strings of a
/// generated `deploy.ps1` end up. No PowerShell runs on Linux here, so this is the test's stand-in for its parser.
///
/// Modelled (PowerShell language specification 3.0, §2.3; about_Quoting_Rules; about_Comments):
/// - a single-quoted literal opens and closes with any of U+0027, U+2018, U+2019, U+201A, U+201B; inside it, two
///   single-quote characters in a row stand for the second; everything else, line breaks included, is literal;
/// - `#` after white space, at the start of a line or after `(`, `{`, `}`, `;` opens a comment up to CR or LF;
///   `<#` opens a block comment up to the first `#>`;
/// - `[char]0xHHHH` (a cast of a hexadecimal integer to a character) is one token.
/// Anything whose meaning depends on more of the grammar throws `Unsupported` instead of guessing: double-quoted
/// strings (U+0022, U+201C, U+201D, U+201E), here-strings, and the escape character (backtick) outside a literal.
/// sipgpo's scripts use none of them, so a site string that escaped its literal makes the tokenizer throw or changes
/// the token sequence.
public enum PowerShellTokens {
    public enum Token: Hashable, Sendable {
        /// Code outside literals and comments, as written.
        case code(String)
        /// A single-quoted literal's value.
        case literal(String)
        /// `[char]0xHHHH`: the character it stands for.
        case character(Unicode.Scalar)
        /// A line or block comment's text, without its delimiters.
        case comment(String)
    }

    public struct Unsupported: Error, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at scalar \(offset)" }
    }

    public static let singleQuotes: Set<Unicode.Scalar> = ["\u{27}", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]
    public static let doubleQuotes: Set<Unicode.Scalar> = ["\u{22}", "\u{201C}", "\u{201D}", "\u{201E}"]

    public static func tokenize(_ text: String) throws -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var code = ""
        var index = 0
        func flush() {
            if !code.isEmpty { tokens.append(.code(code)) }
            code = ""
        }
        func at(_ offset: Int) -> Unicode.Scalar? { offset < scalars.count ? scalars[offset] : nil }
        while index < scalars.count {
            let scalar = scalars[index]
            if singleQuotes.contains(scalar) {
                if index > 0, scalars[index - 1] == "@" {
                    throw Unsupported(message: "here-string", offset: index)
                }
                flush()
                var value = ""
                index += 1
                while true {
                    guard let next = at(index) else {
                        throw Unsupported(message: "unterminated literal", offset: index)
                    }
                    if singleQuotes.contains(next) {
                        guard let following = at(index + 1), singleQuotes.contains(following) else { break }
                        value.unicodeScalars.append(following)
                        index += 2
                    } else {
                        value.unicodeScalars.append(next)
                        index += 1
                    }
                }
                index += 1
                tokens.append(.literal(value))
            } else if doubleQuotes.contains(scalar) {
                throw Unsupported(message: "double-quoted string", offset: index)
            } else if scalar == "`" {
                throw Unsupported(message: "escape character outside a literal", offset: index)
            } else if scalar == "<", at(index + 1) == "#" {
                flush()
                var value = ""
                index += 2
                while !(at(index) == "#" && at(index + 1) == ">") {
                    guard let next = at(index) else {
                        throw Unsupported(message: "unterminated block comment", offset: index)
                    }
                    value.unicodeScalars.append(next)
                    index += 1
                }
                index += 2
                tokens.append(.comment(value))
            } else if scalar == "#" {
                let before = index > 0 ? scalars[index - 1] : "\n"
                guard before.properties.isWhitespace || "({};".unicodeScalars.contains(before) else {
                    throw Unsupported(message: "'#' inside a word", offset: index)
                }
                flush()
                var value = ""
                index += 1
                while let next = at(index), next != "\r", next != "\n" {
                    value.unicodeScalars.append(next)
                    index += 1
                }
                tokens.append(.comment(value))
            } else if let (character, length) = charCast(scalars, at: index) {
                flush()
                tokens.append(.character(character))
                index += length
            } else {
                code.unicodeScalars.append(scalar)
                index += 1
            }
        }
        flush()
        return tokens
    }

    /// `[char]0xHHHH` at `index`: the character and the cast's length.
    static func charCast(_ scalars: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        let prefix = Array("[char]0x".unicodeScalars)
        guard index + prefix.count + 4 <= scalars.count, Array(scalars[index..<index + prefix.count]) == prefix,
            let value = UInt32(
                String(String.UnicodeScalarView(scalars[index + prefix.count..<index + prefix.count + 4])), radix: 16),
            let character = Unicode.Scalar(value)
        else { return nil }
        return (character, prefix.count + 4)
    }

    /// The tokens with every string expression sipgpo writes, a literal or a parenthesised concatenation of
    /// literals and `[char]` casts, made one value: `skeleton` is the script with each such expression replaced by
    /// `⟨S⟩` and each comment by `#`, `strings` the expressions' values in order.
    public static func strings(_ tokens: [Token]) throws -> (skeleton: String, strings: [String]) {
        var tokens = tokens
        var skeleton = ""
        var strings: [String] = []
        var index = 0
        func value(_ token: Token) -> String? {
            switch token {
            case .literal(let text): text
            case .character(let scalar): String(scalar)
            default: nil
            }
        }
        while index < tokens.count {
            switch tokens[index] {
            case .comment:
                skeleton += "#"
                index += 1
            case .literal(let text):
                skeleton += "⟨S⟩"
                strings.append(text)
                index += 1
            case .character:
                throw Unsupported(message: "[char] cast outside a string expression", offset: index)
            case .code(var text):
                // `(` + literal + (` + ` + literal or cast)* + `)`: a concatenation.
                if text.hasSuffix("("), index + 2 < tokens.count, case .literal(let first) = tokens[index + 1],
                    case .code(let separator) = tokens[index + 2], separator == " + "
                {
                    var joined = first
                    var next = index + 2
                    while next + 1 < tokens.count, case .code(let separator) = tokens[next], separator == " + ",
                        let piece = value(tokens[next + 1])
                    {
                        joined += piece
                        next += 2
                    }
                    guard next < tokens.count, case .code(let after) = tokens[next], after.hasPrefix(")") else {
                        throw Unsupported(message: "unfinished concatenation", offset: next)
                    }
                    text.removeLast()
                    skeleton += text + "⟨S⟩"
                    strings.append(joined)
                    // What follows the closing `)` is read on, as it may open the next concatenation.
                    tokens[next] = .code(String(after.dropFirst()))
                    index = next
                } else {
                    skeleton += text
                    index += 1
                }
            }
        }
        return (skeleton, strings)
    }
}
