import Artifacts
import Decompile
import Foundation
import PolicyPlan

/// Reads a `Registry.pol` from its file descriptor through one fixed buffer into the streaming reader: the file is
/// never held in memory, only the record being read.
public enum RegistryPolFile {
    /// The buffer size: large enough that the system calls cost nothing next to decoding.
    static let bufferSize = 1 << 16

    public enum Failure: Error {
        case unreadable(path: String, reason: String)
        case malformed(path: String, error: RegistryPol.DecodingError)
    }

    /// Calls `body` with each record and the byte offset of its `[`, in file order.
    public static func read(
        _ path: String, _ body: (_ record: RegistryRecord, _ offset: Int) -> Void
    ) throws(Failure) {
        try readRaw(path) { raw in body(raw.record(), raw.offset) }
    }

    /// Calls `body` with each record as the reader's checked bytes, valid during the call.
    public static func readRaw(_ path: String, _ body: (borrowing RawRecord) -> Void) throws(Failure) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var reader = RegistryPolReader()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            do {
                try reader.feedRaw(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), body)
            } catch {
                throw .malformed(path: path, error: error)
            }
        }
        do { try reader.finish() } catch { throw .malformed(path: path, error: error) }
    }
}
