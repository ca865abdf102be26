import Foundation

/// Runs work items on a few threads of their own and hands back the results in
/// input order.
///
/// The threads get a large stack (the interpreter recurses as deep as the code
/// it runs). `onResult` is called in input order, as soon as an item and all
/// items before it are done, on whichever thread finished last.
public enum ParallelMap {
    /// The stack size of each worker thread.
    public static let stackSize = 64 << 20

    /// Applies `work` to every item with at most `threads` running at once.
    public static func map<Item, Result>(
        _ items: [Item], threads: Int,
        onResult: ((Int, Result) -> Void)? = nil,
        _ work: @escaping (Item) -> Result
    ) -> [Result] {
        let state = State<Result>(count: items.count, onResult: onResult)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(threads, items.count)) {
            group.enter()
            let thread = Thread {
                while let index = state.claim() {
                    state.finish(index, with: work(items[index]))
                }
                group.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        group.wait()
        return state.results.map { $0! }
    }

    /// The shared bookkeeping of the workers, guarded by a lock.
    private final class State<Result>: @unchecked Sendable {
        private let lock = NSLock()
        private let onResult: ((Int, Result) -> Void)?
        private(set) var results: [Result?]
        private var next = 0
        private var reported = 0

        init(count: Int, onResult: ((Int, Result) -> Void)?) {
            results = Array(repeating: nil, count: count)
            self.onResult = onResult
        }

        /// The next item to work on, or nil when none is left.
        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }

        /// Stores a result and reports every result that is now next in order.
        func finish(_ index: Int, with result: Result) {
            lock.lock()
            defer { lock.unlock() }
            results[index] = result
            while reported < results.count, let ready = results[reported] {
                onResult?(reported, ready)
                reported += 1
            }
        }
    }
}
