import CBLAS
import Dispatch

/// The number of threads the engine's matrix products use.
///
/// OpenBLAS itself runs single-threaded: a product large enough to share is cut
/// in two halves (of the larger operand) that run at the same time, each on one
/// thread. For the small products of one image through a network this is about
/// twice as fast as OpenBLAS's own threading, whose workers synchronise on every
/// call and spin between calls.
public enum ComputeThreads {
    /// Threads used for each product (at least 1; the default is OpenBLAS's, usually the number of cores).
    public static var count: Int {
        get { settings.lock.withLock { settings.count } }
        set { settings.lock.withLock { settings.count = max(1, newValue) } }
    }

    /// Created on first use, which also puts OpenBLAS in single-threaded mode.
    private static let settings: Settings = {
        let initial = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        return Settings(count: max(1, initial))
    }()

    /// The thread count behind a lock.
    /// `@unchecked Sendable`: its one mutable property is only touched under `lock`.
    private final class Settings: @unchecked Sendable {
        let lock = Lock()
        var count: Int
        init(count: Int) { self.count = count }
    }

    /// The processor kernels OpenBLAS chose (`Haswell`, `SkylakeX`, …), which the
    /// `OPENBLAS_CORETYPE` environment variable can force; for benchmark reports.
    package static var kernels: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// Runs `body(0)` … `body(parts - 1)` at the same time on up to `parts` threads, returning when all are done.
    package static func parallel(_ parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The parts run at the same time by design: each caller's parts work on
            // disjoint ranges of its buffers, and every part ends before this returns.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: parts) { body($0) }
        }
    }

    /// Runs `body` on consecutive parts of `0..<count`, one per compute thread,
    /// at the same time (on one thread when `minimumWork` is below the products' threshold).
    static func forEachPart(of count: Int, minimumWork: Int = Int.max, _ body: (Range<Int>) -> Void) {
        if Cancellation.shouldStop(Cancellation.current) { return }
        let threads = Swift.min(Self.count, count)
        guard threads > 1 && minimumWork >= Tensor.parallelWork else {
            if count > 0 { body(0..<count) }
            return
        }
        parallel(threads) { part in
            let range = count * part / threads..<count * (part + 1) / threads
            if !range.isEmpty { body(range) }
        }
    }
}
