import PolicyPlan
import SipgpoTestSupport
import Testing

@testable import Artifacts

@Suite struct RegistryPolTests {
    /// formats.md §2.1's annotated one-record file, byte for byte.
    @Test func encodesTheAnnotatedExample() throws {
        let expected = bytes(
            """
            5052 6567 0100 0000 5b00 5300 6f00 6600
            7400 7700 6100 7200 6500 5c00 4100 0000
            3b00 5600 0000 3b00 0400 0000 3b00 0400
            0000 3b00 0100 0000 5d00
            """)
        let record = RegistryRecord(key: #"Software\A"#, valueName: "V", data: .dword(1))
        #expect(RegistryPol.encode([record]) == expected)
        #expect(try RegistryPol.decode(expected) == [record])
    }

    @Test func emptyFileIsTheHeaderOnly() throws {
        #expect(RegistryPol.encode([]) == bytes("5052 6567 0100 0000"))
        #expect(try RegistryPol.decode(bytes("5052 6567 0100 0000")) == [])
    }

    /// `**del.` is REG_SZ " " with size 4, as LGPO.exe and the Group Policy editor write it (formats.md §2.3).
    @Test func deleteDirectiveIsASpaceString() {
        let encoded = RegistryPol.encode([.delete(key: "K", valueName: "X")])
        let expectedTail =
            utf16(";") + [1, 0, 0, 0] + utf16(";") + [4, 0, 0, 0] + utf16(";") + [0x20, 0, 0, 0] + utf16("]")
        #expect(Array(encoded.suffix(expectedTail.count)) == expectedTail)
        #expect(encoded == header + utf16("[K\0;**del.X\0") + expectedTail)
    }

    @Test func encodesEachDataType() {
        let cases: [(RegistryData, [UInt8])] = [
            (.none, []),
            (.string("ab"), utf16("ab\0")),
            (.string(""), utf16("\0")),
            (.expandString("%A%"), utf16("%A%\0")),
            (.multiString(["a", "bc"]), utf16("a\0bc\0\0")),
            (.multiString([]), utf16("\0")),
            (.binary([1, 2, 3]), [1, 2, 3]),
            (.dword(0x0102_0304), [4, 3, 2, 1]),
            (.dwordBigEndian(0x0102_0304), [1, 2, 3, 4]),
            (.qword(0x0102_0304_0506_0708), [8, 7, 6, 5, 4, 3, 2, 1]),
            // Outside the BMP: a surrogate pair.
            (.string("😀"), [0x3D, 0xD8, 0x00, 0xDE, 0, 0]),
        ]
        for (data, expected) in cases {
            #expect(RegistryPol.encodeData(data) == expected, "\(data)")
        }
    }

    // MARK: Round trip

    /// `decode(encode(x)) == x` for random record lists covering every data type and the format's edge cases.
    @Test func roundTripsRandomRecords() throws {
        var seen = Set<Feature>()
        for seed in UInt64(0)..<600 {
            var generator = RecordGenerator(seed: seed)
            let records = generator.records()
            seen.formUnion(generator.features)
            let encoded = RegistryPol.encode(records)
            let decoded = try RegistryPol.decode(encoded)
            #expect(decoded == records, "seed \(seed)")
            // String `==` is canonical equivalence; the bytes prove every code unit survived.
            #expect(RegistryPol.encode(decoded) == encoded, "seed \(seed)")
        }
        #expect(seen == Set(Feature.allCases), "not covered: \(Set(Feature.allCases).subtracting(seen))")
    }

    // MARK: Decode errors

    @Test func rejectsWrongSignature() {
        var file = RegistryPol.encode([example])
        file[3] = 0x47
        #expect(decodingError(file) == .init(offset: 0, expected: "signature 'PReg'", found: "50 52 65 47"))
    }

    @Test func rejectsWrongVersion() {
        var file = RegistryPol.encode([example])
        file[4] = 2
        #expect(decodingError(file) == .init(offset: 4, expected: "version 1", found: "version 2"))
    }

    @Test func rejectsTruncatedRecord() {
        let file = RegistryPol.encode([example])
        // The closing bracket is the last two bytes, at offset 56.
        #expect(decodingError(Array(file.dropLast())) == .init(offset: 56, expected: "']'", found: "5D"))
        // Cut inside the data: the size field promises 4 bytes.
        #expect(
            decodingError(Array(file.prefix(54))) == .init(offset: 52, expected: "4 data bytes", found: "2 bytes left"))
        // Cut inside the key: no terminating NUL.
        #expect(decodingError(Array(file.prefix(20))).map(\.offset) == 20)
    }

    @Test func rejectsBadDelimiter() {
        var file = RegistryPol.encode([example])
        // formats.md §2.1: the ';' after the key is at 0x20.
        #expect(Array(file[0x20...0x21]) == utf16(";"))
        file[0x20] = 0x2C
        #expect(decodingError(file) == .init(offset: 0x20, expected: "';' after the key", found: "',' (U+002C)"))
    }

    @Test func rejectsTrailingBytesAndBadData() {
        let file = RegistryPol.encode([example])
        #expect(decodingError(file + [0]) == .init(offset: 58, expected: "'['", found: "00"))
        // A REG_DWORD with 2 data bytes.
        let short =
            header + utf16("[K\0;V\0;") + [4, 0, 0, 0] + utf16(";") + [2, 0, 0, 0] + utf16(";") + [1, 0]
            + utf16("]")
        #expect(decodingError(short) == .init(offset: 34, expected: "4 data bytes for REG_DWORD", found: "2"))
        // Type 6 (REG_LINK) is not a policy type.
        let link = header + utf16("[K\0;V\0;") + [6, 0, 0, 0] + utf16(";") + [0, 0, 0, 0] + utf16(";") + utf16("]")
        #expect(decodingError(link) == .init(offset: 22, expected: "a value type (0-5, 7 or 11)", found: "type 6"))
        // An unpaired surrogate in a value name.
        let surrogate = header + utf16("[K\0;") + [0x00, 0xD8, 0, 0] + utf16(";")
        #expect(decodingError(surrogate)?.expected == "well-formed UTF-16")
    }

    @Test func walksOddLengthBinaryBySize() throws {
        // Data that looks like delimiters must not confuse the reader.
        let records = [
            RegistryRecord(key: "K", valueName: "B", data: .binary([0x5D, 0x00, 0x3B])),
            RegistryRecord(key: "K", valueName: "C", data: .dword(7)),
        ]
        #expect(try RegistryPol.decode(RegistryPol.encode(records)) == records)
    }

    // MARK: Ordering

    @Test func canonicalOrderGroupsKeysAndPutsDirectivesFirst() {
        let a = #"Software\A"#
        let b = #"Software\B"#
        let records: [RegistryRecord] = [
            RegistryRecord(key: a, valueName: "1", data: .string("x")),
            RegistryRecord(key: b, valueName: "Z", data: .dword(1)),
            .delete(key: a, valueName: "Gone"),
            RegistryRecord(key: a, valueName: "2", data: .string("y")),
            .deleteAllValues(key: a),
            .delete(key: b, valueName: "Old"),
            // Same key, other case: the registry does not tell them apart.
            RegistryRecord(key: #"SOFTWARE\a"#, valueName: "3", data: .string("z")),
            .delete(key: a, valueName: "AlsoGone"),
        ]
        let expected: [RegistryRecord] = [
            .deleteAllValues(key: a),
            .delete(key: a, valueName: "Gone"),
            .delete(key: a, valueName: "AlsoGone"),
            RegistryRecord(key: a, valueName: "1", data: .string("x")),
            RegistryRecord(key: a, valueName: "2", data: .string("y")),
            RegistryRecord(key: #"SOFTWARE\a"#, valueName: "3", data: .string("z")),
            .delete(key: b, valueName: "Old"),
            RegistryRecord(key: b, valueName: "Z", data: .dword(1)),
        ]
        #expect(RegistryPol.canonicalOrder(records) == expected)
        #expect(RegistryPol.canonicalOrder(expected) == expected)
    }

    // MARK: Dump

    @Test func dumpMatchesDumpPolFormat() {
        let k = #"Software\Policies\Microsoft\Office\16.0\Lync"#
        let records: [RegistryRecord] = [
            RegistryRecord(key: k, valueName: "ServerAddressInternal", data: .string("sip.contoso.com")),
            RegistryRecord(key: k, valueName: "Path", data: .expandString("%ProgramFiles%\\Lync")),
            RegistryRecord(key: k, valueName: "ConfigurationMode", data: .dword(4_294_967_295)),
            RegistryRecord(key: k, valueName: "BE", data: .dwordBigEndian(258)),
            RegistryRecord(key: k, valueName: "Q", data: .qword(1 << 40)),
            RegistryRecord(key: k, valueName: "Hosts", data: .multiString(["a.contoso.com", "b.contoso.com"])),
            RegistryRecord(key: k, valueName: "Blob", data: .binary([0x00, 0xAB, 0x0F])),
            RegistryRecord(key: k, valueName: "", data: .none),
            .delete(key: k, valueName: "ServerAddressExternal"),
            // Where Samba's reading loses data, the dump loses it the same way.
            RegistryRecord(key: k, valueName: "Nul", data: .string("a\0b")),
            RegistryRecord(key: k, valueName: "Trailing", data: .multiString(["a", "", "b", ""])),
        ]
        let expected = """
            \(k)\tServerAddressInternal\tREG_SZ\tsip.contoso.com
            \(k)\tPath\tREG_EXPAND_SZ\t%ProgramFiles%\\Lync
            \(k)\tConfigurationMode\tREG_DWORD\t4294967295
            \(k)\tBE\tREG_DWORD_BIG_ENDIAN\t258
            \(k)\tQ\tREG_QWORD\t1099511627776
            \(k)\tHosts\tREG_MULTI_SZ\ta.contoso.com|b.contoso.com
            \(k)\tBlob\tREG_BINARY\t00ab0f
            \(k)\t\tREG_NONE\t
            \(k)\t**del.ServerAddressExternal\tREG_SZ\t\u{20}
            \(k)\tNul\tREG_SZ\ta
            \(k)\tTrailing\tREG_MULTI_SZ\ta||b

            """
        #expect(RegistryPolDump.text(records) == expected)
        #expect(RegistryPolDump.text([]) == "")
    }

    // MARK: Helpers

    let example = RegistryRecord(key: #"Software\A"#, valueName: "V", data: .dword(1))
    let header: [UInt8] = [0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]

    func decodingError(_ file: [UInt8]) -> RegistryPol.DecodingError? {
        do {
            _ = try RegistryPol.decode(file)
            return nil
        } catch {
            return error as? RegistryPol.DecodingError
        }
    }

    func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

    /// Hex pairs, whitespace ignored (the layout of an `xxd` dump).
    func bytes(_ hex: String) -> [UInt8] {
        let digits = hex.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0..<$0 + 2]), radix: 16)! }
    }
}
