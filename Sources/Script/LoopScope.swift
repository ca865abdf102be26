/// The environments of a loop body's scope, one per iteration. Each iteration
/// has fresh variables (a closure created in one iteration keeps that
/// iteration's), but when nothing kept the previous iteration's environment, it
/// is emptied and reused instead of allocating a new one.
struct LoopScope {
    private var environment: Environment?
    private let parent: Environment?
    private let size: Int

    init(parent: Environment?, size: Int) {
        self.parent = parent
        self.size = size
    }

    /// The environment for the next iteration.
    @inline(__always)
    mutating func next() -> Environment {
        if var reusable = environment {
            environment = nil
            if isKnownUniquelyReferenced(&reusable) {
                reusable.clear()
                environment = reusable
                return reusable
            }
        }
        let fresh = Environment(parent: parent, size: size)
        environment = fresh
        return fresh
    }
}
