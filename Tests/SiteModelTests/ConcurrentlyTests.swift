import Dispatch
import Foundation
import Testing

@testable import SiteModel

#if canImport(Glibc)
    import Glibc
#endif

/// `Concurrently.run` gives results in the order of the jobs, runs jobs at once when it has the width, and runs
/// them in turn on the calling thread when it has not.
@Suite struct ConcurrentlyTests {
    @Test func resultsComeBackInTheOrderOfTheJobs() {
        let jobs: [@Sendable () -> Int] = (0..<50).map { number in
            {
                // Uneven work, so that jobs finish out of order.
                var total = 0
                for step in 0..<((50 - number) * 2_000) { total &+= step }
                return number + (total == -1 ? 1 : 0)
            }
        }
        #expect(Concurrently.run(jobs, width: 2) == Array(0..<50))
        #expect(Concurrently.run(jobs, width: 1) == Array(0..<50))
        #expect(Concurrently.run([@Sendable () -> Int](), width: 2).isEmpty)
    }

    /// Job 0 waits for job 1: that ends only if the two run at once (on one thread, in turn, it would time out).
    @Test func twoJobsRunAtOnceWithWidthTwo() {
        let second = DispatchSemaphore(value: 0)
        let jobs: [@Sendable () -> Bool] = [
            { second.wait(timeout: .now() + 10) == .success },
            {
                second.signal()
                return true
            },
        ]
        #expect(Concurrently.run(jobs, width: 2) == [true, true])
    }

    @Test func widthOneRunsOnTheCallingThread() {
        let caller = pthread_self()
        let jobs: [@Sendable () -> Bool] = [
            { pthread_equal(pthread_self(), caller) != 0 }, { pthread_equal(pthread_self(), caller) != 0 },
        ]
        #expect(Concurrently.run(jobs, width: 1) == [true, true])
    }
}
