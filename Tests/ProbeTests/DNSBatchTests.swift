import Foundation
import SiteModel
import Testing

@testable import LiveDNS

/// A UDP DNS server on 127.0.0.1 inside the test: it reads queries, then answers as the test says. It stops by
/// itself: every read gives up after `idle` seconds.
final class ScriptedDNSServer: @unchecked Sendable {
    struct Query {
        var bytes: [UInt8]
        var sourcePort: UInt16
        var peer: sockaddr_in

        var id: [UInt8] { Array(bytes[0..<2]) }
        /// The question section as sent (name, type, class).
        var question: [UInt8] { Array(bytes[12...]) }
        /// The queried name, dotted and lowercase.
        var name: String {
            var labels: [String] = []
            var offset = 12
            while offset < bytes.count, bytes[offset] != 0 {
                let length = Int(bytes[offset])
                labels.append(String(decoding: bytes[offset + 1..<offset + 1 + length], as: UTF8.self))
                offset += 1 + length
            }
            return labels.joined(separator: ".").lowercased()
        }
    }

    let fd: Int32
    let port: UInt16

    init(idle: Int = 5) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        var timeout = timeval(tv_sec: idle, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        fd = descriptor
        port = UInt16(bigEndian: address.sin_port)
        try #require(bound == 0, "bind 127.0.0.1:0")
    }

    deinit { close(fd) }

    /// Runs `script` on a thread of its own (not the test's cooperative pool, which the blocking resolver may
    /// hold); `value` waits for its result.
    final class Script<Value>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Value?

        init(_ body: @escaping @Sendable () -> Value) {
            let thread = Thread { [self] in
                result = body()
                done.signal()
            }
            thread.start()
        }

        var value: Value {
            done.wait()
            return result!
        }
    }

    var server: NameServer { NameServer("127.0.0.1:\(port)")! }

    /// The next query, or nil when none came within the idle time.
    func receive() -> Query? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &peer) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(fd, &buffer, buffer.count, 0, $0, &length)
            }
        }
        guard count >= 12 else { return nil }
        return Query(bytes: Array(buffer[0..<count]), sourcePort: UInt16(bigEndian: peer.sin_port), peer: peer)
    }

    /// An answer to `query` (its ID and question unless given others) with one A record per address.
    func answer(_ query: Query, id: [UInt8]? = nil, question: [UInt8]? = nil, addresses: [[UInt8]]) {
        var message = (id ?? query.id) + [0x81, 0x80, 0, 1, 0, UInt8(addresses.count), 0, 0, 0, 0]
        message += question ?? query.question
        for address in addresses {
            message += [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4] + address
        }
        var peer = query.peer
        _ = withUnsafePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, message, message.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}

/// The batch resolver: many queries in flight on one socket, answers matched to their queries.
@Suite struct DNSBatchTests {
    /// host1.batch.test ... hostN.batch.test, each answered with 10.0.0.N.
    static func questions(_ count: Int) -> [DNSQuestion] {
        (1...count).map { DNSQuestion(DNSName("host\($0).batch.test")!, .a) }
    }

    static func address(of name: String) -> [UInt8] {
        [10, 0, 0, UInt8(name.dropFirst(4).prefix { $0.isNumber })!]
    }

    @Test func answersInAnyOrderAndStrayDatagramsStillGiveEachQuestionItsOwnAnswerInOrder() throws {
        let server = try ScriptedDNSServer()
        let questions = Self.questions(40)
        // The server waits until all 40 queries are in flight, then answers them last to first; before each answer
        // it sends one with the right ID and another question, and one with an ID nobody used.
        let script = ScriptedDNSServer.Script { () -> [ScriptedDNSServer.Query] in
            var queries: [ScriptedDNSServer.Query] = []
            while queries.count < 40, let query = server.receive() { queries.append(query) }
            for query in queries.reversed() {
                var other = query.question
                other[1] = UInt8(ascii: "x")
                server.answer(query, question: other, addresses: [[192, 0, 2, 1]])
                server.answer(query, id: [query.id[0] ^ 0xFF, query.id[1]], addresses: [[192, 0, 2, 2]])
                // The name as the server spells it may differ in case: still the same question.
                var upper = query.question
                upper[1] = UInt8(ascii: "H")
                server.answer(query, question: upper, addresses: [Self.address(of: query.name)])
            }
            return queries
        }
        let configuration = DNSResolver.Configuration(server: server.server, timeout: 3, attempts: 1)
        let responses = try DNSBatch.resolve(questions, configuration: configuration, concurrency: 64)
        let queries = script.value

        #expect(queries.count == 40)
        #expect(Set(queries.map(\.id)).count == 40, "every query in flight has its own ID")
        #expect(Set(queries.map(\.sourcePort)).count == 1, "all queries in flight share one socket")
        #expect(responses.map(\.question) == questions)
        for (index, response) in responses.enumerated() {
            #expect(response.status == .found, "\(response.question): \(response.status)")
            let expected = IPv4Address(value: 0x0A00_0000 | UInt32(index + 1))
            #expect(response.records.map(\.data) == [.a(expected)], "\(response.question)")
        }
    }

    @Test func aQueryWithoutAnswerIsSentAgainAndThenReportedAsATimeout() throws {
        let server = try ScriptedDNSServer(idle: 4)
        let questions = Self.questions(3)
        // host2 is never answered; host1 and host3 are answered only when asked the second time.
        let script = ScriptedDNSServer.Script { () -> [String] in
            var asked: [String] = []
            while let query = server.receive() {
                asked.append(query.name)
                if query.name != "host2.batch.test", asked.filter({ $0 == query.name }).count == 2 {
                    server.answer(query, addresses: [Self.address(of: query.name)])
                }
            }
            return asked
        }
        let configuration = DNSResolver.Configuration(server: server.server, timeout: 1, attempts: 2)
        let responses = try DNSBatch.resolve(questions, configuration: configuration, concurrency: 8)
        #expect(responses.map(\.status) == [.found, .timeout, .found])
        let asked = script.value
        #expect(asked.sorted() == questions.flatMap { [$0.name.description, $0.name.description] }.sorted())
    }

    @Test func aClosedPortIsConnectionRefusedForEveryQueryInFlight() throws {
        // A port that was just free: the kernel answers each datagram with "port unreachable", which the socket
        // reports once for all the queries in flight on it.
        let port = try ScriptedDNSServer().port
        let questions = Self.questions(5)
        let configuration = DNSResolver.Configuration(
            server: NameServer("127.0.0.1:\(port)")!, timeout: 2, attempts: 2)
        let responses = try DNSBatch.resolve(questions, configuration: configuration, concurrency: 8)
        #expect(responses.map(\.question) == questions)
        for response in responses {
            #expect(response.status == .error, "\(response.question): \(response.status)")
            #expect(response.message == "Connection refused")
        }
    }

    @Test func oneAfterAnotherKeepsOneQueryInFlight() throws {
        let server = try ScriptedDNSServer()
        let questions = Self.questions(5)
        // The server answers only when no other query waits: with two in flight it would see them both.
        let script = ScriptedDNSServer.Script { () -> Int in
            var most = 0
            while let query = server.receive() {
                var waiting = 1
                var extra: [ScriptedDNSServer.Query] = []
                var pending = pollfd(fd: server.fd, events: Int16(POLLIN), revents: 0)
                while poll(&pending, 1, 50) > 0, let another = server.receive() {
                    waiting += 1
                    extra.append(another)
                }
                most = max(most, waiting)
                for query in [query] + extra { server.answer(query, addresses: [Self.address(of: query.name)]) }
                if query.name == "host5.batch.test" || extra.contains(where: { $0.name == "host5.batch.test" }) {
                    break
                }
            }
            return most
        }
        let configuration = DNSResolver.Configuration(server: server.server, timeout: 2, attempts: 1)
        let responses = try DNSBatch.resolve(questions, configuration: configuration, concurrency: 1)
        #expect(responses.allSatisfy { $0.status == .found })
        #expect(script.value == 1)
    }
}
