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

    /// Runs `body` (an iteration) with the environment for the next iteration.
    @inline(__always)
    mutating func withNext<Result>(_ body: (Environment) throws -> Result) rethrows -> Result {
        if environment != nil && isKnownUniquelyReferenced(&environment!) {
            environment!.clear()
        } else {
            environment = Environment(parent: parent, size: size)
        }
        return try body(environment!)
    }
}
