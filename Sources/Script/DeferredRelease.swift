import Foundation

/// Releases chains of objects without recursion.
///
/// Releasing the head of a linked list that a cell built (`class Node { var
/// next: Node? }`, three million nodes) would release each node from the
/// deinit of the one before it, one stack frame per node, until the stack
/// overflows. Deinits of the interpreter's reference types hand what they
/// hold to `release(_:)` instead: past a small depth it is parked in a list
/// that the outermost deinit empties in a loop, so the depth stays bounded
/// whatever the length of the chain.
enum DeferredRelease {
    /// How many nested releases run directly before the rest are parked.
    static let maximumDepth = 64

    /// The parked values and the current depth of one thread.
    private final class State {
        var depth = 0
        var parked: [Any] = []
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
        return key
    }()

    private static var state: State {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<State>.fromOpaque(pointer).takeUnretainedValue()
        }
        let state = State()
        pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
        return state
    }

    /// Runs `release` (a deinit dropping what it holds) directly, unless
    /// releases are nested deeply: then parks what `take` hands over, to be
    /// dropped in a loop by the outermost deinit.
    @inline(__always)
    static func release(_ release: () -> Void, orPark take: () -> Any) {
        let state = self.state
        if state.depth >= maximumDepth {
            state.parked.append(take())
            return
        }
        state.depth += 1
        release()
        if state.depth == 1 {
            // Each parked value may park more while it is dropped here.
            while let next = state.parked.popLast() { _ = next }
        }
        state.depth -= 1
    }
}
