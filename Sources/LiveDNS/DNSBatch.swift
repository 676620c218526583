import CResolv
import Foundation

/// Many queries at once on one thread: one connected UDP socket per server, up to `concurrency` queries in flight,
/// each answer matched to its query by message ID and question, `poll` to wait. Queries are made by glibc's
/// `res_nmkquery` and answers read by its `ns_*` parser, as `res_nquery` does; the timeout and retry rules are
/// glibc's (each attempt waits `timeout << round` seconds, the servers in turn); a truncated answer is asked again
/// over TCP by `res_nquery`. A thread blocked in `res_nquery` per query in flight cost more than the lookups on a
/// fast server: this costs a `send` and a `recv` per query, and one `poll` per batch of answers.
public enum DNSBatch {
    /// Called after each answer with the number answered and the total; on the calling thread.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// Answers in the order of `questions`. `concurrency` 1 asks them one after another.
    public static func resolve(
        _ questions: [DNSQuestion], configuration: DNSResolver.Configuration, concurrency: Int,
        progress: Progress? = nil
    ) throws -> [DNSResponse] {
        guard !questions.isEmpty else { return [] }
        let resolver = try DNSResolver(configuration)
        var exchange = Exchange(
            questions: questions, resolver: resolver, window: max(1, min(concurrency, 4096)), progress: progress)
        defer { exchange.close() }
        return exchange.run()
    }

    /// The state of one batch: the sockets, the queries in flight, the answers so far.
    private struct Exchange {
        /// One query and where it stands.
        struct Slot {
            var message: [UInt8]
            /// Attempts made so far; attempt `n` goes to server `n % servers.count`.
            var attempt = 0
            var id: UInt16 = 0
            var timedOut = false
            var lastError: Int32 = 0
        }

        /// When an attempt gives up; a slot whose attempt moved on or that was answered is skipped.
        struct Deadline {
            var time: UInt64
            var slot: Int
            var attempt: Int
        }

        let questions: [DNSQuestion]
        let resolver: DNSResolver
        let window: Int
        let progress: Progress?
        let attemptsPerQuery: Int
        var sockets: [Int32] = []
        /// Why a server's socket could not be opened, by server (0 when it is open).
        var socketErrors: [Int32] = []
        var slots: [Slot?]
        var results: [DNSResponse?]
        var inFlight: [UInt16: Int] = [:]
        /// Slots to send again (after a failed attempt) before new ones; `next` is the first never sent.
        var resend: [Int] = []
        var next = 0
        /// One queue per round of attempts: within a round every attempt waits as long, so each queue is in order.
        var deadlines: [[Deadline]] = []
        var deadlineHeads: [Int] = []
        var truncated: [Int] = []
        var answered = 0
        var blocked = false
        var random = SystemRandomNumberGenerator()

        init(questions: [DNSQuestion], resolver: DNSResolver, window: Int, progress: Progress?) {
            self.questions = questions
            self.resolver = resolver
            self.window = window
            self.progress = progress
            slots = Array(repeating: nil, count: questions.count)
            results = Array(repeating: nil, count: questions.count)
            let servers = resolver.servers
            attemptsPerQuery = resolver.configuration.attempts * max(1, servers.count)
            for var server in servers {
                let fd = socket(
                    Int32(server.address.ss_family),
                    Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                guard fd >= 0 else {
                    sockets.append(-1)
                    socketErrors.append(errno)
                    continue
                }
                var size: Int32 = 1 << 20
                _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
                let connected = withUnsafePointer(to: &server.address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, server.length) }
                }
                if connected == 0 {
                    sockets.append(fd)
                    socketErrors.append(0)
                } else {
                    socketErrors.append(errno)
                    Glibc.close(fd)
                    sockets.append(-1)
                }
            }
        }

        func close() {
            for fd in sockets where fd >= 0 { Glibc.close(fd) }
        }

        static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

        mutating func run() -> [DNSResponse] {
            if sockets.isEmpty {
                for index in questions.indices {
                    finish(index, DNSResponse(question: questions[index], status: .error, message: "no DNS server"))
                }
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            var fds = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            while answered + truncated.count < questions.count {
                fill()
                if answered + truncated.count == questions.count { break }
                var wait = Int32(-1)
                if let earliest = earliestDeadline() {
                    let now = Self.now()
                    wait = earliest <= now ? 0 : Int32(min((earliest - now + 999_999) / 1_000_000, 60_000))
                }
                for index in fds.indices {
                    fds[index].events = Int16(POLLIN) | (blocked ? Int16(POLLOUT) : 0)
                    fds[index].revents = 0
                }
                if !inFlight.isEmpty || blocked {
                    _ = poll(&fds, nfds_t(fds.count), blocked ? min(wait < 0 ? 10 : wait, 10) : wait)
                }
                blocked = false
                for server in fds.indices where sockets[server] >= 0 && fds[server].revents != 0 {
                    drain(server, buffer: &buffer)
                }
                expire()
            }
            // Truncated answers, again over TCP; few, so one after another.
            for index in truncated {
                finish(index, resolver.queryOverTCP(questions[index]))
            }
            return results.map { $0! }
        }

        /// Sends queries until the window is full.
        mutating func fill() {
            while inFlight.count < window, !blocked {
                let index: Int
                if let again = resend.popLast() {
                    index = again
                } else if next < questions.count {
                    index = next
                    next += 1
                    guard let message = resolver.message(for: questions[index]) else {
                        finish(
                            index,
                            DNSResponse(question: questions[index], status: .error, message: "name too long to ask"))
                        continue
                    }
                    slots[index] = Slot(message: message)
                } else {
                    return
                }
                transmit(index)
            }
        }

        /// Sends the current attempt of a slot to its server under a fresh message ID.
        mutating func transmit(_ index: Int) {
            guard var slot = slots[index] else { return }
            let server = slot.attempt % sockets.count
            let fd = sockets[server]
            guard fd >= 0 else {
                failAttempt(index, error: socketErrors[server])
                return
            }
            var id = UInt16.random(in: .min ... .max, using: &random)
            while inFlight[id] != nil { id = UInt16.random(in: .min ... .max, using: &random) }
            slot.id = id
            slot.message[0] = UInt8(id >> 8)
            slot.message[1] = UInt8(id & 0xFF)
            let sent = slot.message.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            slots[index] = slot
            if sent < 0 {
                let error = errno
                if error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS || error == EINTR {
                    resend.append(index)
                    blocked = true
                } else {
                    failAttempt(index, error: error)
                }
                return
            }
            inFlight[id] = index
            // glibc's rule: round n waits `retrans << n` seconds, shared among the servers after the first.
            let round = slot.attempt / sockets.count
            var seconds = resolver.configuration.timeout << round
            if server > 0 { seconds /= sockets.count }
            let time = Self.now() + UInt64(max(1, seconds)) * 1_000_000_000
            while deadlines.count <= round {
                deadlines.append([])
                deadlineHeads.append(0)
            }
            deadlines[round].append(Deadline(time: time, slot: index, attempt: slot.attempt))
        }

        /// This attempt got nothing: try the next server or round, or give the query up.
        mutating func failAttempt(_ index: Int, error: Int32, timedOut: Bool = false) {
            guard var slot = slots[index] else { return }
            slot.attempt += 1
            if timedOut { slot.timedOut = true } else { slot.lastError = error }
            slots[index] = slot
            if slot.attempt < attemptsPerQuery {
                resend.append(index)
                return
            }
            // As glibc: any attempt that timed out makes the query a timeout; otherwise the error of the last one.
            let question = questions[index]
            if slot.timedOut || slot.lastError == 0 {
                finish(index, DNSResponse(question: question, status: .timeout))
            } else {
                finish(
                    index,
                    DNSResponse(question: question, status: .error, message: String(cString: strerror(slot.lastError))))
            }
        }

        mutating func finish(_ index: Int, _ response: DNSResponse) {
            results[index] = response
            slots[index] = nil
            answered += 1
            progress?(answered, questions.count)
        }

        func earliestDeadline() -> UInt64? {
            var earliest: UInt64?
            for round in deadlines.indices where deadlineHeads[round] < deadlines[round].count {
                let time = deadlines[round][deadlineHeads[round]].time
                earliest = min(earliest ?? time, time)
            }
            return earliest
        }

        /// Attempts whose time is up.
        mutating func expire() {
            let now = Self.now()
            for round in deadlines.indices {
                while deadlineHeads[round] < deadlines[round].count, deadlines[round][deadlineHeads[round]].time <= now
                {
                    let deadline = deadlines[round][deadlineHeads[round]]
                    deadlineHeads[round] += 1
                    guard let slot = slots[deadline.slot], slot.attempt == deadline.attempt,
                        inFlight[slot.id] == deadline.slot
                    else { continue }
                    inFlight[slot.id] = nil
                    failAttempt(deadline.slot, error: 0, timedOut: true)
                }
                if deadlineHeads[round] == deadlines[round].count {
                    deadlines[round].removeAll(keepingCapacity: true)
                    deadlineHeads[round] = 0
                }
            }
        }

        /// Reads every datagram waiting on a server's socket.
        mutating func drain(_ server: Int, buffer: inout [UInt8]) {
            let fd = sockets[server]
            while true {
                let received = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
                if received < 0 {
                    let error = errno
                    if error == EINTR { continue }
                    if error == EAGAIN || error == EWOULDBLOCK { return }
                    // An ICMP error (port unreachable: connection refused) belongs to the socket, not to one query:
                    // every attempt in flight to this server failed with it.
                    let failed = inFlight.filter { slots[$0.value].map { $0.attempt % sockets.count } == server }
                    for (id, index) in failed {
                        inFlight[id] = nil
                        failAttempt(index, error: error)
                    }
                    return
                }
                buffer.withUnsafeBufferPointer {
                    accept(UnsafeBufferPointer(rebasing: $0[..<received]), server: server)
                }
            }
        }

        /// One datagram: the answer to a query in flight to this server with its ID and question, or ignored.
        mutating func accept(_ answer: UnsafeBufferPointer<UInt8>, server: Int) {
            guard answer.count >= 12, answer[2] & 0x80 != 0 else { return }
            let id = UInt16(answer[0]) << 8 | UInt16(answer[1])
            guard let index = inFlight[id], let slot = slots[index], slot.attempt % sockets.count == server,
                Self.sameQuestion(answer, slot.message)
            else { return }
            inFlight[id] = nil
            let response = DNSResolver.read(questions[index], answer: answer, overTCP: false)
            if response.truncated {
                truncated.append(index)
            } else {
                finish(index, response)
            }
        }

        /// The answer repeats the query's one question: its name (ignoring ASCII case), type and class.
        static func sameQuestion(_ answer: UnsafeBufferPointer<UInt8>, _ query: [UInt8]) -> Bool {
            guard answer.count >= query.count, answer[4] == 0, answer[5] == 1 else { return false }
            for offset in 12..<query.count {
                let a = answer[offset]
                let q = query[offset]
                guard a == q || (Self.fold(a) == Self.fold(q)) else { return false }
            }
            return true
        }

        @inline(__always) static func fold(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
    }
}
