import SipgpoDiagnostics
import Testing

/// The one "did you mean" of sipgpo, for keys, values, zone-file words and diagnostic ids alike.
@Suite struct SuggestionTests {
    @Test func findsTyposTranspositionsAndCase() {
        #expect(Suggestion.closest(to: "clinet", in: ["client", "scope"]) == "client")
        #expect(Suggestion.closest(to: "SRVV", in: ["A", "AAAA", "CNAME", "SRV"]) == "SRV")
        #expect(Suggestion.closest(to: "srv", in: ["A", "AAAA", "CNAME", "SRV"]) == "SRV")
        #expect(Suggestion.closest(to: "$ORIGN", in: ["$ORIGIN", "$TTL"]) == "$ORIGIN")
        #expect(Suggestion.closest(to: "IM", in: ["IN"]) == "IN")
        #expect(Suggestion.closest(to: "unknown-clinet", in: ["unknown-client", "unknown-key"]) == "unknown-client")
    }

    @Test func farWordsFindNothing() {
        #expect(Suggestion.closest(to: "x", in: ["client"]) == nil)
        #expect(Suggestion.closest(to: "CH", in: ["IN"]) == nil)
        #expect(Suggestion.closest(to: "$INCLUDE", in: ["$ORIGIN", "$TTL"]) == nil)
    }

    @Test func tiesAreAllShown() {
        #expect(
            Suggestion.allClosest(to: "lync-2012", in: ["lync-2010", "lync-2013", "lync-x"]) == [
                "lync-2010", "lync-2013",
            ])
        #expect(
            Suggestion.help(for: "lync-2012", in: ["lync-2010", "lync-2013"], noun: "client")
                == "did you mean 'lync-2010' or 'lync-2013'?")
        #expect(Suggestion.help(for: "zzz", in: ["tls", "tcp"], noun: "transport") == "use one of 'tls', 'tcp'")
        #expect(Suggestion.help(for: "zzz", in: [], noun: "pool") == "declare the pool first")
    }
}
