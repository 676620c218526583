import CResolv
import Foundation
import SiteModel

/// Real DNS through glibc's stub resolver: `res_ninit`, `res_nquery`, and `ns_initparse`/`ns_parserr`/`dn_expand` to
/// read the answer. One resolver owns one `res_state`; glibc's `res_n*` functions are thread-safe per state, so use
/// one resolver per thread (`DNSBatch` does).
public final class DNSResolver {
    public struct Configuration: Hashable, Sendable {
        /// The server to ask; nil for the system's resolvers (`/etc/resolv.conf`).
        public var server: NameServer?
        /// Seconds to wait for each attempt (glibc's `retrans`; at least 1).
        public var timeout: Int
        /// How many times each query is sent before it is a timeout (glibc's `retry`; at least 1).
        public var attempts: Int

        public init(server: NameServer? = nil, timeout: Int = 2, attempts: Int = 2) {
            self.server = server
            self.timeout = max(1, timeout)
            self.attempts = max(1, attempts)
        }
    }

    public struct InitError: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: Configuration
    private let state: UnsafeMutablePointer<__res_state>
    private var buffer: [UInt8] = Array(repeating: 0, count: 65535)

    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        state = .allocate(capacity: 1)
        memset(state, 0, MemoryLayout<__res_state>.size)
        guard sipgpo_res_ninit(state) == 0 else {
            state.deallocate()
            throw InitError(description: "the resolver library could not read the system's DNS configuration")
        }
        if let server = configuration.server {
            sipgpo_res_set_server(state, server.address.value, UInt16(server.port))
        }
        state.pointee.retrans = Int32(configuration.timeout)
        state.pointee.retry = Int32(configuration.attempts)
        // Answers are read as they are: no search list, and a truncated UDP answer comes back to us (RES_IGNTC), so
        // that the truncation is reported before the query is asked again over TCP.
        state.pointee.options &= ~UInt(RES_DNSRCH | RES_DEFNAMES)
        state.pointee.options |= UInt(RES_IGNTC)
        // glibc drops SERVFAIL and REFUSED answers and moves on to the next server, unless `pfcode` is set (as dig
        // sets it): then the answer itself comes back, so a SERVFAIL is told apart from a timeout.
        state.pointee.pfcode = UInt(RES_PRF_REPLY)
    }

    deinit {
        sipgpo_res_nclose(state)
        state.deallocate()
    }

    /// Asks one question. Over UDP first; a truncated answer is asked again over TCP.
    public func query(_ question: DNSQuestion) -> DNSResponse {
        let first = ask(question, overTCP: false)
        guard first.truncated else { return first }
        var second = ask(question, overTCP: true)
        second.truncated = true
        return second
    }

    /// Asks again over TCP, after a truncated UDP answer.
    func queryOverTCP(_ question: DNSQuestion) -> DNSResponse {
        var response = ask(question, overTCP: true)
        response.truncated = true
        return response
    }

    /// The query message for a question as `res_nquery` would send it (recursion desired, no EDNS), or nil if the
    /// name does not fit a message.
    func message(for question: DNSQuestion) -> [UInt8]? {
        var message = [UInt8](repeating: 0, count: Int(NS_PACKETSZ))
        let capacity = Int32(message.count)
        let length = message.withUnsafeMutableBufferPointer {
            sipgpo_res_mkquery(state, question.name.description, Self.wireType(question.type), $0.baseAddress, capacity)
        }
        guard length >= 12 else { return nil }
        return Array(message.prefix(Int(length)))
    }

    /// The servers this state asks, in order: the one given, or those of `/etc/resolv.conf` (IPv4 and IPv6).
    var servers: [(address: sockaddr_storage, length: socklen_t)] {
        (0..<Int(state.pointee.nscount)).compactMap { index in
            var address = sockaddr_storage()
            let length = sipgpo_res_server(state, Int32(index), &address)
            return length == 0 ? nil : (address, length)
        }
    }

    private func ask(_ question: DNSQuestion, overTCP: Bool) -> DNSResponse {
        if overTCP {
            state.pointee.options |= UInt(RES_USEVC)
        } else {
            state.pointee.options &= ~UInt(RES_USEVC)
        }
        let type = Self.wireType(question.type)
        let capacity = Int32(buffer.count)
        let name = question.name.description
        return buffer.withUnsafeMutableBufferPointer { answer -> DNSResponse in
            // Clear the header: after a failure, a set QR bit tells that a response arrived.
            for index in 0..<12 { answer[index] = 0 }
            errno = 0
            let length = res_nquery(state, name, Int32(ns_c_in.rawValue), type, answer.baseAddress, capacity)
            let localError = errno
            let responded = answer[2] & 0x80 != 0
            guard responded else {
                if localError == ETIMEDOUT || localError == 0 || localError == EAGAIN {
                    return DNSResponse(question: question, status: .timeout)
                }
                return DNSResponse(
                    question: question, status: .error, message: String(cString: strerror(localError)))
            }
            // res_nquery returns -1 without the length for an empty NOERROR answer: that is no data.
            if answer[3] & 0x0F == 0, length <= 0 {
                return DNSResponse(question: question, status: .noData, rcode: 0)
            }
            // For other response codes it returns -1 too: the header says what came back.
            let size = length > 0 ? min(Int(length), answer.count) : 12
            return Self.read(question, answer: UnsafeBufferPointer(rebasing: answer[..<size]), overTCP: overTCP)
        }
    }

    static func wireType(_ type: RecordType) -> Int32 {
        switch type {
        case .a: Int32(ns_t_a.rawValue)
        case .aaaa: Int32(ns_t_aaaa.rawValue)
        case .cname: Int32(ns_t_cname.rawValue)
        case .srv: Int32(ns_t_srv.rawValue)
        }
    }

    /// What a response that arrived says: its response code, the truncation flag (over UDP) and its answer section.
    static func read(_ question: DNSQuestion, answer: UnsafeBufferPointer<UInt8>, overTCP: Bool) -> DNSResponse {
        guard answer.count >= 12 else {
            return DNSResponse(question: question, status: .error, message: "malformed DNS answer")
        }
        let truncatedFlag = answer[2] & 0x02 != 0
        let rcode = Int(answer[3] & 0x0F)
        if truncatedFlag && !overTCP {
            return DNSResponse(question: question, status: .found, truncated: true, rcode: rcode)
        }
        switch rcode {
        case 0:
            let records: [LiveRecord]
            do {
                records = try Self.parse(answer.baseAddress!, length: answer.count)
            } catch {
                return DNSResponse(question: question, status: .error, rcode: rcode, message: "\(error)")
            }
            return DNSResponse(
                question: question, status: records.isEmpty ? .noData : .found, records: records, rcode: rcode)
        case 2: return DNSResponse(question: question, status: .servfail, rcode: rcode, message: "SERVFAIL")
        case 3: return DNSResponse(question: question, status: .nxdomain, rcode: rcode, message: "NXDOMAIN")
        case 5: return DNSResponse(question: question, status: .refused, rcode: rcode, message: "REFUSED")
        default:
            let names = [1: "FORMERR", 4: "NOTIMP"]
            return DNSResponse(
                question: question, status: .error, rcode: rcode, message: names[rcode] ?? "response code \(rcode)")
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// The answer section, through `ns_initparse` and `ns_parserr`; compressed names through `dn_expand`.
    static func parse(_ message: UnsafePointer<UInt8>, length: Int) throws -> [LiveRecord] {
        var handle = ns_msg()
        guard ns_initparse(message, Int32(length), &handle) == 0 else {
            throw ParseError(description: "malformed DNS answer")
        }
        let end = message + length
        var records: [LiveRecord] = []
        let count = Int(sipgpo_ns_msg_count(&handle, ns_s_an))
        for index in 0..<count {
            var rr = ns_rr()
            guard ns_parserr(&handle, ns_s_an, Int32(index), &rr) == 0 else {
                throw ParseError(description: "malformed record \(index + 1) in the DNS answer")
            }
            guard let owner = DNSName(String(cString: sipgpo_ns_rr_name(&rr))), let rdata = rr.rdata else { continue }
            let size = Int(rr.rdlength)
            let data: RecordData
            switch UInt32(rr.type) {
            case ns_t_a.rawValue:
                guard size == 4 else { throw ParseError(description: "A record of \(size) bytes for \(owner)") }
                let value = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(rdata[$1]) }
                data = .a(IPv4Address(value: value))
            case ns_t_aaaa.rawValue:
                guard size == 16 else { throw ParseError(description: "AAAA record of \(size) bytes for \(owner)") }
                let pieces = (0..<8).map { UInt16(rdata[2 * $0]) << 8 | UInt16(rdata[2 * $0 + 1]) }
                data = .aaaa(IPv6Address(pieces: pieces))
            case ns_t_cname.rawValue:
                data = .cname(try expand(message, end: end, at: rdata, owner: owner))
            case ns_t_srv.rawValue:
                guard size >= 7 else { throw ParseError(description: "SRV record of \(size) bytes for \(owner)") }
                let field = { (offset: Int) in Int(rdata[offset]) << 8 | Int(rdata[offset + 1]) }
                let target = try expand(message, end: end, at: rdata + 6, owner: owner)
                data = .srv(priority: field(0), weight: field(2), port: field(4), target: target)
            default:
                continue
            }
            records.append(LiveRecord(name: owner, ttl: Int(rr.ttl), data: data))
        }
        return records
    }

    private static func expand(
        _ message: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, at position: UnsafePointer<UInt8>, owner: DNSName
    ) throws -> DNSName {
        var name = [CChar](repeating: 0, count: Int(NS_MAXDNAME))
        guard dn_expand(message, end, position, &name, Int32(name.count)) >= 0 else {
            throw ParseError(description: "malformed name in the record of \(owner)")
        }
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.isEmpty { return .root }
        guard let parsed = DNSName(text) else {
            throw ParseError(description: "the record of \(owner) names '\(text)', which is not a host name")
        }
        return parsed
    }
}
