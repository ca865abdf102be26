/// Hooks for the host: code run around each cell, and the names a cell has bound.
extension Interpreter {
    /// Code that runs a cell's execution, given as a closure: it must call that
    /// closure exactly once. The host uses it to bind thread- or task-local state
    /// (a notebook's random generator, say) on the thread that runs the cell.
    public typealias RunWrapper = (_ body: () throws -> Void) throws -> Void

    /// Runs `body` through `runWrapper`, or directly when there is none.
    func wrapped(_ body: () throws -> Void) throws {
        if let runWrapper {
            try runWrapper(body)
        } else {
            try body()
        }
    }

    /// The top-level names declared by cells and their current values, sorted by
    /// name (for a host that wants to name the objects a cell holds).
    public var globalBindings: [(name: String, value: Value)] {
        globals.keys.sorted().compactMap { name in globals[name].map { (name, $0.value) } }
    }
}
