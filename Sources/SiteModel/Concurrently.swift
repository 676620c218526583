import Dispatch
import Foundation

/// Independent jobs on the machine's cores, with their results in the order of the jobs: what is assembled from
/// them is the same, byte for byte, as when they run one after another. The jobs must be pure (share nothing
/// mutable); one that needs a cache makes its own.
public enum Concurrently {
    /// Runs every job and gives back their results in the order of `jobs`, on up to `width` threads (this one
    /// included), each taking the next job not yet taken: put the longest first.
    public static func run<Value: Sendable>(_ jobs: [@Sendable () -> Value]) -> [Value] {
        run(jobs, width: width)
    }

    static func run<Value: Sendable>(_ jobs: [@Sendable () -> Value], width: Int) -> [Value] {
        let width = min(jobs.count, width)
        guard width > 1 else { return jobs.map { $0() } }
        // Threads of our own rather than Dispatch's pool: on a machine another process keeps busy, the pool adds no
        // worker (it counts that process's threads), and everything would run on this thread after all.
        let results = Results<Value>(count: jobs.count)
        let finished = DispatchSemaphore(value: 0)
        let work: @Sendable () -> Void = {
            while let index = results.next() { results.set(index, jobs[index]()) }
        }
        for _ in 1..<width {
            let thread = Thread {
                work()
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        work()
        for _ in 1..<width { finished.wait() }
        return results.all()
    }

    /// `transform` of every element, concurrently, in the order of `elements`.
    public static func map<Element: Sendable, Value: Sendable>(
        _ elements: [Element], _ transform: @escaping @Sendable (Element) -> Value
    ) -> [Value] {
        run(elements.map { element in { transform(element) } })
    }

    /// How many jobs run at once: the cores this process may use, or `SIPGPO_JOBS` when set to a number (1 runs
    /// everything in turn on the calling thread, for profiles that read one thread).
    static let width: Int = {
        if let text = ProcessInfo.processInfo.environment["SIPGPO_JOBS"], let jobs = Int(text), jobs >= 1 {
            return jobs
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    private final class Results<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Value?]
        private var taken = 0
        init(count: Int) { values = Array(repeating: nil, count: count) }
        /// The next job nobody has taken, in order.
        func next() -> Int? {
            lock.withLock {
                guard taken < values.count else { return nil }
                defer { taken += 1 }
                return taken
            }
        }
        func set(_ index: Int, _ value: Value) { lock.withLock { values[index] = value } }
        func all() -> [Value] { lock.withLock { values.map { $0! } } }
    }
}
