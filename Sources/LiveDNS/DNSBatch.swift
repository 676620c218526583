import Foundation

/// Many queries at once, on a bounded number of threads, each with its own resolver state.
public enum DNSBatch {
    /// Called after each answer with the number answered and the total; from worker threads.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// Answers in the order of `questions`. `concurrency` 1 asks them one after another on the calling thread.
    public static func resolve(
        _ questions: [DNSQuestion], configuration: DNSResolver.Configuration, concurrency: Int,
        progress: Progress? = nil
    ) throws -> [DNSResponse] {
        let workers = max(1, min(concurrency, questions.count))
        if workers <= 1 {
            let resolver = try DNSResolver(configuration)
            return questions.enumerated().map { index, question in
                let response = resolver.query(question)
                progress?(index + 1, questions.count)
                return response
            }
        }
        // Resolvers are made here, so a failing res_ninit is an error of the call, not of a thread.
        let resolvers = try (0..<workers).map { _ in try DNSResolver(configuration) }
        let work = Work(questions: questions, progress: progress)
        let group = DispatchGroup()
        for resolver in resolvers {
            let handoff = Handoff(resolver: resolver)
            group.enter()
            let thread = Thread {
                work.run(handoff.resolver)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return work.answers()
    }

    /// A resolver moved into the one thread that uses it.
    private final class Handoff: @unchecked Sendable {
        let resolver: DNSResolver
        init(resolver: DNSResolver) { self.resolver = resolver }
    }

    /// The queue of questions and the answers, shared by the workers under a lock.
    private final class Work: @unchecked Sendable {
        let questions: [DNSQuestion]
        let progress: Progress?
        private let lock = NSLock()
        private var next = 0
        private var done = 0
        private var results: [DNSResponse?]

        init(questions: [DNSQuestion], progress: Progress?) {
            self.questions = questions
            self.progress = progress
            results = Array(repeating: nil, count: questions.count)
        }

        func run(_ resolver: DNSResolver) {
            while true {
                let index: Int = lock.withLock {
                    defer { next += 1 }
                    return next
                }
                guard index < questions.count else { return }
                let response = resolver.query(questions[index])
                let finished: Int = lock.withLock {
                    results[index] = response
                    done += 1
                    return done
                }
                progress?(finished, questions.count)
            }
        }

        func answers() -> [DNSResponse] { lock.withLock { results.map { $0! } } }
    }
}
