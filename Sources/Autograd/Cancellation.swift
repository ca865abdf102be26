import Foundation
import Synchronization

/// A request that engine work stop early: a deadline, or a failure the engine
/// recorded instead of aborting (a tensor larger than the memory budget).
///
/// The caller binds one around the work it starts (`Cancellation.$current`);
/// long kernels check it between chunks of work and return early, leaving
/// their result unspecified. The caller must then discard what the engine
/// returned and report `failure`, or the passed deadline.
public final class Cancellation: @unchecked Sendable {
    /// The cancellation of the work running on this thread, if any.
    @TaskLocal public static var current: Cancellation?

    /// When the work must stop.
    public let deadline: ContinuousClock.Instant?
    private let stopped = Atomic<Bool>(false)
    private let lock = Lock()
    private var message: String?

    /// A cancellation that takes effect at `deadline` (never, when nil) or on `fail(_:)`.
    public init(deadline: ContinuousClock.Instant?) {
        self.deadline = deadline
    }

    /// Whether the work should stop now.
    public var isCancelled: Bool {
        if stopped.load(ordering: .relaxed) { return true }
        if let deadline, ContinuousClock.now >= deadline {
            stopped.store(true, ordering: .relaxed)
            return true
        }
        return false
    }

    /// Stops the work and records why; the first failure is kept.
    public func fail(_ message: String) {
        lock.withLock { if self.message == nil { self.message = message } }
        stopped.store(true, ordering: .relaxed)
    }

    /// The recorded failure, if the work failed rather than ran out of time.
    public var failure: String? { lock.withLock { message } }

    /// Whether work bound to `cancellation` should stop; false when there is none.
    @inline(__always)
    static func shouldStop(_ cancellation: Cancellation?) -> Bool {
        cancellation?.isCancelled ?? false
    }
}
