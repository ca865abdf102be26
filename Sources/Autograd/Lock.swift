import Foundation

/// A mutual-exclusion lock for the little shared state the engine has.
/// `@unchecked Sendable`: it only wraps an `NSLock`, which is safe across threads.
final class Lock: @unchecked Sendable {
    private let mutex = NSLock()
    func lock() { mutex.lock() }
    func unlock() { mutex.unlock() }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock(); defer { mutex.unlock() }
        return try body()
    }
}
