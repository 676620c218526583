import SipgpoTestSupport
import Testing

@testable import Artifacts

/// The escaping functions of the generated scripts, with hostile strings: PowerShell literals read back by a
/// tokenizer written to PowerShell's quoting rules, bash words read back by bash itself.
@Suite struct ScriptTextTests {
    /// Strings an attacker or an unlucky user might put in a site description.
    static let hostile: [String] = [
        "S'+$(calc.exe)+'", "O'Brien team", "\u{2018}a\u{2019}b\u{201A}c\u{201B}d", "'", "''", "\u{2019}",
        "\"\u{201C}\u{201D}\u{201E}", "`$x`; $(Remove-Item -Recurse C:\\)", "a;b & c | d", "$env:PATH $(id) `id`",
        "a\nb", "a\r\nb\r", "\r", "\n", "a\u{0}b", "\u{0}", "tab\there", "Zürich 東京 Ελλάδα 😀", "#> <# x #>",
        "#", "<#", "\\", "\\'", "'\\''", "\u{202E}gnp.exe", "\u{2028}\u{2029}\u{85}", "\u{FEFF}bom", "\u{7F}\u{1B}[2J",
        "@'\nx\n'@", "-Name", "--help", "", " ", "a\u{0}\n'\u{2019}\u{0}",
    ]

    /// Every string of up to three characters over an alphabet of the characters that matter to either language.
    static let small: [String] = {
        let alphabet: [String] = [
            "a", "'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\"", "$", "`", "\\", "\n", "\r", "#", ">",
            "\u{0}", "é",
        ]
        var out = [""]
        var level = [""]
        for _ in 1...3 {
            level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
            out += level
        }
        return out
    }()

    // MARK: PowerShell

    @Test func powerShellLiteralDoublesEverySingleQuote() {
        #expect(PowerShellText.literal("O'Brien team") == "'O''Brien team'")
        #expect(PowerShellText.literal("S'+$(calc.exe)+'") == "'S''+$(calc.exe)+'''")
        #expect(
            PowerShellText.literal("\u{2018}\u{2019}\u{201A}\u{201B}")
                == "'\u{2018}\u{2018}\u{2019}\u{2019}\u{201A}\u{201A}\u{201B}\u{201B}'")
        #expect(PowerShellText.literal("") == "''")
        #expect(PowerShellText.literal("a\"$b`c") == "'a\"$b`c'")
    }

    @Test func powerShellLiteralWritesNoControlCharacterRaw() {
        #expect(PowerShellText.literal("a\nb") == "('a' + [char]0x000A + 'b')")
        #expect(PowerShellText.literal("\r\n") == "('' + [char]0x000D + [char]0x000A)")
        #expect(PowerShellText.literal("\u{0}'") == "('' + [char]0x0000 + '''')")
        #expect(PowerShellText.literal("\u{202E}x") == "('' + [char]0x202E + 'x')")
        for text in Self.hostile + Self.small {
            #expect(!PowerShellText.literal(text).unicodeScalars.contains(where: ScriptText.isUnprintable))
        }
    }

    @Test(arguments: [hostile, small])
    func powerShellLiteralReadsBackAsItsText(_ texts: [String]) throws {
        for text in texts {
            // As a command argument and inside an expression, between code that must stay code.
            let script =
                "Get-GPO -Name \(PowerShellText.literal(text)) -Domain x\r\nif ($a -eq \(PowerShellText.literal(text))) { 1 }"
            let (skeleton, strings) = try PowerShellTokens.strings(PowerShellTokens.tokenize(script))
            #expect(skeleton == "Get-GPO -Name ⟨S⟩ -Domain x\r\nif ($a -eq ⟨S⟩) { 1 }", "\(text.debugDescription)")
            #expect(strings == [text, text], "\(text.debugDescription)")
        }
    }

    @Test(arguments: [hostile, small])
    func powerShellCommentStaysAComment(_ texts: [String]) throws {
        for text in texts {
            let line = try PowerShellTokens.tokenize("# \(PowerShellText.comment(text))\r\nNew-GPO")
            #expect(line.count == 2 && line[1] == .code("\r\nNew-GPO"), "\(text.debugDescription)")
            let block = try PowerShellTokens.tokenize("<#\r\n.SYNOPSIS \(PowerShellText.comment(text))\r\n#>New-GPO")
            #expect(block.count == 2 && block[1] == .code("New-GPO"), "\(text.debugDescription)")
        }
    }

    @Test func tokenizerFollowsPowerShellsQuotingRules() throws {
        // Any of the five single quotes closes a literal; a pair of any two stands for the second.
        #expect(
            try PowerShellTokens.tokenize("'a\u{2019} -b \u{201B}c'") == [.literal("a"), .code(" -b "), .literal("c")])
        #expect(try PowerShellTokens.tokenize("'a'\u{2019}b'") == [.literal("a\u{2019}b")])
        #expect(try PowerShellTokens.tokenize("'a\nb'") == [.literal("a\nb")])
        #expect(try PowerShellTokens.tokenize("x # y\ny") == [.code("x "), .comment(" y"), .code("\ny")])
        #expect(try PowerShellTokens.tokenize("<# a # b #>c") == [.comment(" a # b "), .code("c")])
        #expect(throws: PowerShellTokens.Unsupported.self) { try PowerShellTokens.tokenize("\"$(calc)\"") }
        #expect(throws: PowerShellTokens.Unsupported.self) { try PowerShellTokens.tokenize("x \u{201C}y") }
        #expect(throws: PowerShellTokens.Unsupported.self) { try PowerShellTokens.tokenize("a`b") }
        #expect(throws: PowerShellTokens.Unsupported.self) { try PowerShellTokens.tokenize("'a") }
    }

    // MARK: bash

    @Test func bashWordQuotesWithoutExpansion() throws {
        #expect(try BashText.word("O'Brien") == #"'O'\''Brien'"#)
        #expect(try BashText.word("$(id) `id` ${x}") == "'$(id) `id` ${x}'")
        #expect(try BashText.word("") == "''")
        #expect(try BashText.word("a\nb'\\") == #"$'a\x0Ab\'\\'"#)
        #expect(try BashText.word("\u{202E}1") == #"$'\xE2\x80\xAE1'"#)
        #expect(throws: BashText.Unrepresentable.self) { try BashText.word("a\u{0}b") }
    }

    @Test(arguments: [hostile, small])
    func bashWordReadsBackAsItsText(_ texts: [String]) throws {
        let representable = texts.filter { !$0.unicodeScalars.contains("\u{0}") }
        for text in texts where text.unicodeScalars.contains("\u{0}") {
            #expect(throws: BashText.Unrepresentable.self) { try BashText.word(text) }
        }
        for text in representable {
            #expect(!(try BashText.word(text)).unicodeScalars.contains(where: ScriptText.isUnprintable))
        }
        // One command with every word, each printed back NUL-terminated.
        var script = "printf '%s\\0'"
        for text in representable { script += " \\\n  " + (try BashText.word(text)) }
        script += "\necho done\n"
        let run = try Bash.run(script)
        #expect(run.status == 0, "\(run.stderr)")
        let printed = run.stdout.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(printed == representable + ["done\n"])
    }

    @Test(arguments: [hostile, small])
    func bashCommentStaysAComment(_ texts: [String]) throws {
        var script = ""
        for text in texts { script += "# \(BashText.comment(text))\necho ok\n" }
        let run = try Bash.run(script)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(String(decoding: run.stdout, as: UTF8.self) == String(repeating: "ok\n", count: texts.count))
    }
}
