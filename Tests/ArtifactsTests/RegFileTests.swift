import PolicyPlan
import Testing

@testable import Artifacts

@Suite struct RegFileTests {
    static let lync = #"Software\Policies\Microsoft\Office\16.0\Lync"#

    static func crlf(_ lines: [String]) -> String { lines.map { $0 + "\r\n" }.joined() }

    @Test func valuesDeletionsAndComments() {
        let records = [
            RegistryRecord(key: Self.lync, valueName: "ServerAddressInternal", data: .string(#"sip "pool" \\fe01"#)),
            RegistryRecord(key: Self.lync, valueName: "ConfigurationMode", data: .dword(10)),
            RegistryRecord.delete(key: Self.lync, valueName: "ServerAddressExternal"),
            RegistryRecord.deleteAllValues(key: #"Software\Sipgpo\List"#),
            RegistryRecord(key: #"Software\Sipgpo\List"#, valueName: "1", data: .multiString(["a"])),
            RegistryRecord(key: #"Software\Sipgpo\List"#, valueName: "", data: .expandString("%X%")),
            // Same key, other case: joins the first section.
            RegistryRecord(key: #"SOFTWARE\Policies\Microsoft\Office\16.0\Lync"#, valueName: "Big", data: .qword(1)),
        ]
        let text = RegFile.text(hive: .user, records: records, comment: ["sipgpo: Contoso", "line two"])
        #expect(
            text
                == Self.crlf([
                    "Windows Registry Editor Version 5.00",
                    "",
                    "; sipgpo: Contoso",
                    "; line two",
                    "",
                    #"[HKEY_CURRENT_USER\Software\Policies\Microsoft\Office\16.0\Lync]"#,
                    #""ServerAddressInternal"="sip \"pool\" \\\\fe01""#,
                    #""ConfigurationMode"=dword:0000000a"#,
                    #""ServerAddressExternal"=-"#,
                    #""Big"=hex(b):01,00,00,00,00,00,00,00"#,
                    "",
                    "; **delvals.: a .reg file cannot clear a key; the key's other values are left alone",
                    #"[HKEY_CURRENT_USER\Software\Sipgpo\List]"#,
                    #""1"=hex(7):61,00,00,00,00,00"#,
                    "@=hex(2):25,00,58,00,25,00,00,00",
                    "",
                ]))
    }

    /// The `ShellState` value as Windows regedit exports it: 20 bytes on the first line, since `"ShellState"=hex:`
    /// is 17 characters and regedit breaks once a line reaches 77.
    @Test func longHexWrapsLikeRegedit() {
        let bytes: [UInt8] = [
            0x24, 0, 0, 0, 0x34, 0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x01, 0, 0, 0, 0x13, 0, 0, 0, 0, 0, 0, 0, 0x72, 0, 0, 0,
        ]
        let record = RegistryRecord(key: #"Software\X"#, valueName: "ShellState", data: .binary(bytes))
        #expect(
            RegFile.valueLines(record) == [
                #""ShellState"=hex:24,00,00,00,34,28,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\"#,
                "  01,00,00,00,13,00,00,00,00,00,00,00,72,00,00,00",
            ])
        // Continuation lines hold 25 bytes: two spaces and 25 × "xx," reach 77.
        let long = RegistryRecord(key: "K", valueName: "ShellState", data: .binary(Array(repeating: 0xAB, count: 50)))
        let lines = RegFile.valueLines(long)
        #expect(lines.count == 3)
        #expect(lines[1] == "  " + String(repeating: "ab,", count: 25) + "\\")
        #expect(lines[2] == "  " + Array(repeating: "ab", count: 5).joined(separator: ","))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func stringsWithLineBreaksBecomeHex() {
        let record = RegistryRecord(key: "K", valueName: "V", data: .string("a\nb"))
        #expect(RegFile.valueLines(record) == [#""V"=hex(1):61,00,0a,00,62,00,00,00"#])
    }

    @Test func bomUTF16AndCRLF() {
        let bytes = RegFile.render(
            hive: .machine, records: [.init(key: "A", valueName: "V", data: .dword(1))], comment: [])
        #expect(Array(bytes.prefix(6)) == [0xFF, 0xFE, 0x57, 0x00, 0x69, 0x00])  // BOM, "Wi"
        #expect(Array(bytes.suffix(8)) == [0x0D, 0x00, 0x0A, 0x00, 0x0D, 0x00, 0x0A, 0x00])
        let text = String(decoding: bytes.dropFirst(2).chunks(), as: UTF16.self)
        #expect(
            text
                == Self.crlf([
                    "Windows Registry Editor Version 5.00", "", #"[HKEY_LOCAL_MACHINE\A]"#, #""V"=dword:00000001"#, "",
                ]))
    }

    @Test func deterministic() {
        let records = [RegistryRecord(key: Self.lync, valueName: "V", data: .binary(Array(0..<200)))]
        #expect(
            RegFile.render(hive: .user, records: records, comment: ["x"])
                == RegFile.render(hive: .user, records: records, comment: ["x"]))
    }
}

extension ArraySlice<UInt8> {
    /// Little-endian UTF-16 code units.
    fileprivate func chunks() -> [UInt16] {
        stride(from: startIndex, to: endIndex - 1, by: 2).map { UInt16(self[$0]) | UInt16(self[$0 + 1]) << 8 }
    }
}
