import Dispatch
import Synchronization

/// Blocking file work (fsync, hashing) on a thread of its own, so that it overlaps the caller's work
/// instead of following it. Commands stay synchronous: the caller waits for the result.
final class BackgroundWork<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `body` at once.
    init(_ body: @escaping @Sendable () throws -> Value) {
        // A queue of its own runs on a thread of its own: unlike the global queue's, its thread is not
        // limited to one per core, so one piece of work never waits for another to finish.
        DispatchQueue(label: "flarelog.background").async { [self] in
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Waits for `body` to finish; returns its value or rethrows its error. May be called more than once.
    func wait() throws -> Value {
        done.wait()
        done.signal()
        return try result.withLock { $0! }.get()
    }
}
