/// The local variables of one scope at run time: slots numbered by the resolver,
/// and the enclosing scope.
final class Environment {
    var slots: ContiguousArray<Value>
    let parent: Environment?

    init(parent: Environment?, size: Int) {
        self.parent = parent
        self.slots = ContiguousArray(repeating: .nil, count: size)
    }

    /// The environment `depth` levels up.
    @inline(__always)
    func ancestor(_ depth: Int) -> Environment {
        var environment = self
        var d = depth
        while d > 0 {
            environment = environment.parent!
            d -= 1
        }
        return environment
    }
}

/// The storage of a top-level name. A later cell that declares the name again
/// reuses the slot, so code that captured it sees the new value.
final class GlobalSlot {
    let name: String
    var value: Value
    var isConstant: Bool
    var type: TypeAnnotation?
    /// Whether the slot holds a builtin or host-registered name (not a user's).
    let isBuiltin: Bool

    init(name: String, value: Value, isConstant: Bool, type: TypeAnnotation? = nil, isBuiltin: Bool = false) {
        self.name = name
        self.value = value
        self.isConstant = isConstant
        self.type = type
        self.isBuiltin = isBuiltin
    }
}
