import Foundation
import Synchronization

/// Blocking work (SQLite waiting on a lock) on a thread of its own: on the cooperative pool of a
/// 2-core machine it could starve the very task that is meant to release the lock.
final class BackgroundThread<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)
    private let stop = Atomic<Bool>(false)

    init(_ body: @escaping @Sendable (_ shouldStop: () -> Bool) throws -> T) {
        let thread = Thread { [self] in
            let outcome = Result { try body { self.stop.load(ordering: .relaxed) } }
            result.withLock { $0 = outcome }
            done.signal()
        }
        thread.start()
    }

    /// Asks the body to stop (it checks `shouldStop`), then waits for its result.
    func cancelAndWait() throws -> T {
        stop.store(true, ordering: .relaxed)
        return try wait()
    }

    func wait() throws -> T {
        done.wait()
        done.signal()
        return try result.withLock { $0! }.get()
    }
}
