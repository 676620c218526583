import Artifacts
import Decompile
import PolicyPlan
import SipgpoTestSupport
import Testing

@Suite struct RegistryPolReaderTests {
    /// Reads `file` in chunks of the sizes `chunks` gives, as the CLI reads a file descriptor into its buffer.
    func read(_ file: [UInt8], chunks: inout SplitMix64, maxChunk: Int = 9) throws -> [RegistryRecord] {
        var reader = RegistryPolReader()
        var out: [RegistryRecord] = []
        var offsets: [Int] = []
        var start = 0
        while start < file.count {
            let end = min(file.count, start + Int.random(in: 1...maxChunk, using: &chunks))
            try file[start..<end].withUnsafeBytes { raw in
                try reader.feed(raw) { record, offset in
                    out.append(record)
                    offsets.append(offset)
                }
            }
            start = end
        }
        try reader.finish()
        // Each record's offset is where its '[' is: re-encoding the records before it gives the same offset.
        for (index, offset) in offsets.enumerated() {
            #expect(offset == RegistryPol.encode(Array(out.prefix(index))).count)
        }
        #expect(reader.count == out.count)
        return out
    }

    /// `read(encode(x)) == x` for random record lists, whatever the chunk boundaries.
    @Test func roundTripsRandomRecordsInRandomChunks() throws {
        var seen = Set<Feature>()
        for seed in UInt64(0)..<600 {
            var generator = RecordGenerator(seed: seed)
            let records = generator.records()
            seen.formUnion(generator.features)
            let encoded = RegistryPol.encode(records)
            var chunks = SplitMix64(seed: seed ^ 0xC0FFEE)
            #expect(
                try read(encoded, chunks: &chunks, maxChunk: seed.isMultiple(of: 3) ? 1 : 13) == records, "seed \(seed)"
            )
            #expect(try RegistryPolReader.records(encoded) == records, "seed \(seed)")
        }
        #expect(seen == Set(Feature.allCases), "not covered: \(Set(Feature.allCases).subtracting(seen))")
    }

    /// On damaged files the streaming reader fails exactly where, and as, the whole-file decoder does: same offset,
    /// same expectation, same finding; and it accepts exactly what the decoder accepts.
    @Test func agreesWithTheWholeFileDecoderOnDamagedFiles() throws {
        var failures = 0
        for seed in UInt64(0)..<1500 {
            var generator = RecordGenerator(seed: seed)
            var file = RegistryPol.encode(generator.records())
            var random = SplitMix64(seed: seed &* 31 &+ 7)
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let position = Int.random(in: 0...max(0, file.count - 1), using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !file.isEmpty: file[position] = UInt8.random(in: 0...255, using: &random)
                case 1: file = Array(file.prefix(position))
                case 2: file.insert(UInt8.random(in: 0...255, using: &random), at: position)
                default: if !file.isEmpty { file.remove(at: position) }
                }
            }
            let slow: Result<[RegistryRecord], RegistryPol.DecodingError>
            do { slow = .success(try RegistryPol.decode(file)) } catch {
                slow = .failure(error as! RegistryPol.DecodingError)
            }
            var chunks = SplitMix64(seed: seed)
            let fast: Result<[RegistryRecord], RegistryPol.DecodingError>
            do { fast = .success(try read(file, chunks: &chunks)) } catch {
                fast = .failure(error as! RegistryPol.DecodingError)
            }
            #expect(fast == slow, "seed \(seed)")
            if case .failure = slow { failures += 1 }
        }
        // The mutations must mostly break the file, or the test proves little.
        #expect(failures > 1000)
    }

    // MARK: Malformed files name the byte offset

    let header: [UInt8] = [0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]
    func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

    func error(_ file: [UInt8]) -> RegistryPol.DecodingError? {
        do {
            _ = try RegistryPolReader.records(file)
            return nil
        } catch {
            return error
        }
    }

    @Test func namesTheOffsetOfEachKindOfDamage() {
        let good = RegistryPol.encode([RegistryRecord(key: #"Software\A"#, valueName: "V", data: .dword(1))])
        var badSignature = good
        badSignature[0] = 0x70
        #expect(error(badSignature) == .init(offset: 0, expected: "signature 'PReg'", found: "70 52 65 67"))
        #expect(error([0x50, 0x52]) == .init(offset: 0, expected: "signature 'PReg'", found: "50 52"))
        var badVersion = good
        badVersion[4] = 2
        #expect(error(badVersion) == .init(offset: 4, expected: "version 1", found: "version 2"))
        #expect(error(Array(good.prefix(6))) == .init(offset: 4, expected: "version 1", found: "01 00"))
        // Missing '[': a record starting with '('.
        #expect(error(header + utf16("(")) == .init(offset: 8, expected: "'['", found: "'(' (U+0028)"))
        // Missing ';' after the key (formats.md §2.1: at 0x20).
        var comma = good
        comma[0x20] = 0x2C
        #expect(error(comma) == .init(offset: 0x20, expected: "';' after the key", found: "',' (U+002C)"))
        // Missing ']': the last two bytes.
        #expect(
            error(Array(good.dropLast(2)) + utf16(")")) == .init(offset: 56, expected: "']'", found: "')' (U+0029)"))
        // Odd length: one byte left where a '[' must start.
        #expect(error(good + [0x5B]) == .init(offset: 58, expected: "'['", found: "5B"))
        // Unterminated key and value name.
        #expect(
            error(header + utf16("[Software"))
                == .init(offset: 26, expected: "the NUL ending the key", found: "end of data"))
        #expect(
            error(header + utf16("[K\0;Val") + [0x41])
                == .init(offset: 22, expected: "the NUL ending the value name", found: "41"))
        // Size field larger than the data left.
        let big = header + utf16("[K\0;V\0;") + [4, 0, 0, 0] + utf16(";") + [9, 0, 0, 0] + utf16(";") + [1, 0, 0, 0]
        #expect(error(big + utf16("]")) == .init(offset: 34, expected: "9 data bytes", found: "6 bytes left"))
        // Size field smaller than the data: ']' expected where data goes on.
        let small =
            header + utf16("[K\0;V\0;") + [4, 0, 0, 0] + utf16(";") + [2, 0, 0, 0] + utf16(";") + [1, 0, 0, 0]
        #expect(error(small + utf16("]")) == .init(offset: 36, expected: "']'", found: "U+0000"))
        // A size that fits but is wrong for the type.
        let short =
            header + utf16("[K\0;V\0;") + [4, 0, 0, 0] + utf16(";") + [2, 0, 0, 0] + utf16(";") + [1, 0] + utf16("]")
        #expect(error(short) == .init(offset: 34, expected: "4 data bytes for REG_DWORD", found: "2"))
        // Odd-length string data.
        let odd =
            header + utf16("[K\0;V\0;") + [1, 0, 0, 0] + utf16(";") + [3, 0, 0, 0] + utf16(";") + [0x41, 0, 0]
            + utf16("]")
        #expect(error(odd) == .init(offset: 34, expected: "an even data size for REG_SZ", found: "3"))
        // Unknown type (6, REG_LINK, is not a policy type).
        let link = header + utf16("[K\0;V\0;") + [6, 0, 0, 0] + utf16(";") + [0, 0, 0, 0] + utf16(";") + utf16("]")
        #expect(error(link) == .init(offset: 22, expected: "a value type (0-5, 7 or 11)", found: "type 6"))
        // Multi-string without its final NUL.
        let multi =
            header + utf16("[K\0;V\0;") + [7, 0, 0, 0] + utf16(";") + [4, 0, 0, 0] + utf16(";") + utf16("a\0")
            + utf16("]")
        #expect(
            error(multi) == .init(offset: 34, expected: "REG_MULTI_SZ data ending in two NULs", found: "a single NUL"))
        // An unpaired surrogate in a key.
        #expect(error(header + utf16("[") + [0x00, 0xDC, 0, 0])?.expected == "well-formed UTF-16")
        #expect(error(header) == nil)
    }
}
