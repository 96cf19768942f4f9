import Foundation
import SQLite
import Synchronization

/// Threads that each insert entries on their own connection, one transaction per entry, until stopped,
/// remembering when each insert was acknowledged (its COMMIT returned).
///
/// Threads, not tasks: blocking SQLite calls in a loop would hold the cooperative pool's few threads
/// (two on a two-core machine) and starve the test that is meant to stop them.
final class ConcurrentWriters: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let acknowledged = Mutex<[(uid: String, at: ContinuousClock.Instant)]>([])
    private let failures = Mutex<[String]>([])
    private let done = DispatchSemaphore(value: 0)
    let count: Int

    /// Starts `count` writers on the database at `path`.
    init(count: Int, path: String, insertSQL: String) {
        self.count = count
        for writer in 0..<count {
            let thread = Thread { [self] in
                defer { done.signal() }
                do {
                    let connection = try Connection(path: path, busyTimeout: 10)
                    var index = 0
                    while !stopped.load(ordering: .relaxed) {
                        let uid = "w\(writer)-\(index)"
                        try connection.run(insertSQL, [uid, 2, "2026-11-25T07:30:00.000Z", 0, "2026-11-25", 3.0])
                        let now = ContinuousClock.now
                        acknowledged.withLock { $0.append((uid, now)) }
                        index += 1
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            thread.start()
        }
    }

    /// Stops every writer and waits for them; returns all acknowledged inserts and any errors.
    /// Calling it again returns the same.
    func stop() -> (acknowledged: [(uid: String, at: ContinuousClock.Instant)], failures: [String]) {
        stopped.store(true, ordering: .relaxed)
        for _ in 0..<count { done.wait() }
        for _ in 0..<count { done.signal() }
        return (acknowledged.withLock { $0 }, failures.withLock { $0 })
    }
}
