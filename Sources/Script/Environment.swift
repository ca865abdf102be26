/// The local variables of one scope at run time: slots numbered by the resolver,
/// and the enclosing scope.
final class Environment {
    /// The slots, `size` of them. The resolver numbers every local name below the
    /// size of its scope, so an index is always in range. (A buffer rather than an
    /// array: one allocation less per scope, no uniqueness check per store.)
    let slots: UnsafeMutablePointer<Value>
    let size: Int
    /// The enclosing scope (changed only when a function's spare environment is
    /// reused for another call, see `FunctionDecl.spareEnvironment`).
    var parent: Environment?

    init(parent: Environment?, size: Int) {
        self.parent = parent
        self.size = size
        slots = UnsafeMutablePointer<Value>.allocate(capacity: size)
        slots.initialize(repeating: .nil, count: size)
    }

    deinit {
        // Closures that capture scopes that hold closures form chains: released without recursion.
        DeferredRelease.release({
            slots.deinitialize(count: size)
            parent = nil
        }, orPark: {
            let contents = (Array(UnsafeBufferPointer(start: slots, count: size)), parent)
            slots.deinitialize(count: size)
            parent = nil
            return contents
        })
        slots.deallocate()
    }

    /// The slots of the environment `depth` levels up. The chain is walked
    /// without retaining its links: `self` holds them all, and the caller holds
    /// `self` while it uses the slots.
    @inline(__always)
    func slots(upBy depth: Int) -> UnsafeMutablePointer<Value> {
        var environment = Unmanaged.passUnretained(self)
        var d = depth
        while d > 0 {
            environment = Unmanaged.passUnretained(environment._withUnsafeGuaranteedRef { $0.parent! })
            d -= 1
        }
        return environment._withUnsafeGuaranteedRef { $0.slots }
    }

    /// Empties the slots so that the environment can serve another run of the
    /// same scope (a loop's next iteration), releasing what they held.
    func clear() {
        for k in 0..<size { slots[k] = .nil }
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
