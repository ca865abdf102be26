/// Typed registration: closures over Swift types instead of `Value`s. Arguments
/// are converted with `ScriptConvertible` (a wrong type is reported at the call
/// in Swift's words) and results converted back, so one line registers an
/// operator: `tensor.method("exp()") { (x: Tensor) in x.exp() }`.
///
/// The signature's parameter count must match the closure's (after the receiver).

extension HostType {

    /// Adds an instance method taking 0 argument(s) after the receiver.
    public func method<S: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (S) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self)).scriptValue
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 0 argument(s).
    public func staticMethod<R: ScriptConvertible>(_ signature: String, _ body: @escaping () throws -> R) {
        let function = NativeFunction(signature) { a in
            try body().scriptValue
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an initializer taking 0 argument(s).
    public func initializer<R: ScriptConvertible>(_ signature: String, _ body: @escaping () throws -> R) {
        let function = NativeFunction(signature) { a in
            try body().scriptValue
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        initializers.append(function)
    }

    /// Adds an instance method taking 0 argument(s) after the receiver.
    public func method<S: ScriptConvertible>(_ signature: String, _ body: @escaping (S) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self))
            return .void
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 0 argument(s).
    public func staticMethod(_ signature: String, _ body: @escaping () throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body()
            return .void
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an instance method taking 1 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self)).scriptValue
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 1 argument(s).
    public func staticMethod<A0: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self)).scriptValue
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an initializer taking 1 argument(s).
    public func initializer<A0: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self)).scriptValue
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        initializers.append(function)
    }

    /// Adds an instance method taking 1 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self))
            return .void
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 1 argument(s).
    public func staticMethod<A0: ScriptConvertible>(_ signature: String, _ body: @escaping (A0) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self))
            return .void
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an instance method taking 2 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, A1: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0, A1) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self), try a.get(1, as: A1.self)).scriptValue
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 2 argument(s).
    public func staticMethod<A0: ScriptConvertible, A1: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self)).scriptValue
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an initializer taking 2 argument(s).
    public func initializer<A0: ScriptConvertible, A1: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self)).scriptValue
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        initializers.append(function)
    }

    /// Adds an instance method taking 2 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, A1: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0, A1) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self), try a.get(1, as: A1.self))
            return .void
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 2 argument(s).
    public func staticMethod<A0: ScriptConvertible, A1: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self))
            return .void
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an instance method taking 3 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0, A1, A2) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self)).scriptValue
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 3 argument(s).
    public func staticMethod<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self)).scriptValue
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an initializer taking 3 argument(s).
    public func initializer<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self)).scriptValue
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        initializers.append(function)
    }

    /// Adds an instance method taking 3 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0, A1, A2) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self))
            return .void
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 3 argument(s).
    public func staticMethod<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self))
            return .void
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an instance method taking 4 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0, A1, A2, A3) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self)).scriptValue
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 4 argument(s).
    public func staticMethod<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2, A3) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self)).scriptValue
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds an initializer taking 4 argument(s).
    public func initializer<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2, A3) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self)).scriptValue
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        initializers.append(function)
    }

    /// Adds an instance method taking 4 argument(s) after the receiver.
    public func method<S: ScriptConvertible, A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible>(_ signature: String, _ body: @escaping (S, A0, A1, A2, A3) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.receiver(as: S.self), try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self))
            return .void
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        methods[function.name, default: []].append(function)
    }

    /// Adds a type method taking 4 argument(s).
    public func staticMethod<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2, A3) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self))
            return .void
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds a read-only property.
    public func property<S: ScriptConvertible, R: ScriptConvertible>(_ name: String, get: @escaping (S) throws -> R) {
        properties[name] = ({ try get(S.fromScript($0)).scriptValue }, nil)
    }

    /// Adds a settable property.
    public func property<S: ScriptConvertible, R: ScriptConvertible, V: ScriptConvertible>(
        _ name: String, get: @escaping (S) throws -> R, set: @escaping (S, V) throws -> Void) {
        properties[name] = ({ try get(S.fromScript($0)).scriptValue }, { try set(S.fromScript($0), V.fromScript($1)) })
    }

    /// Adds a type property.
    public func staticProperty<R: ScriptConvertible>(_ name: String, get: @escaping () throws -> R) {
        staticProperties[name] = { try get().scriptValue }
    }

    /// Adds a binary operator for operands of types `A` and `B` (it does not apply
    /// when they have other types).
    public func binaryOperator<A: ScriptConvertible, B: ScriptConvertible, R: ScriptConvertible>(
        _ op: String, _ body: @escaping (A, B) throws -> R) {
        binaryOperators[op, default: []].append { lhs, rhs in
            guard let a = try? A.fromScript(lhs), let b = try? B.fromScript(rhs) else { return nil }
            return try body(a, b).scriptValue
        }
    }

    /// Adds a prefix operator for an operand of type `A`.
    public func prefixOperator<A: ScriptConvertible, R: ScriptConvertible>(_ op: String, _ body: @escaping (A) throws -> R) {
        prefixOperators[op, default: []].append { operand in
            guard let a = try? A.fromScript(operand) else { return nil }
            return try body(a).scriptValue
        }
    }

    /// Adds an in-place compound assignment for operands of types `A` and `B`.
    public func inPlaceOperator<A: ScriptConvertible, B: ScriptConvertible>(_ op: String, _ body: @escaping (A, B) throws -> Void) {
        inPlaceOperators[op, default: []].append { lhs, rhs in
            guard let a = try? A.fromScript(lhs), let b = try? B.fromScript(rhs) else { return false }
            try body(a, b)
            return true
        }
    }

    /// Sets how values print.
    public func describe<S: ScriptConvertible>(_ body: @escaping (S) -> String) {
        describer = { value in (try? S.fromScript(value)).map(body) ?? "<\(self.name)>" }
    }
}

extension Interpreter {

    /// Adds a global function taking 0 argument(s).
    public func defineFunction<R: ScriptConvertible>(_ signature: String, _ body: @escaping () throws -> R) {
        let function = NativeFunction(signature) { a in
            try body().scriptValue
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 0 argument(s).
    public func defineFunction(_ signature: String, _ body: @escaping () throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body()
            return .void
        }
        precondition(function.parameters.count == 0, "signature '\(signature)' does not have 0 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 1 argument(s).
    public func defineFunction<A0: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self)).scriptValue
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 1 argument(s).
    public func defineFunction<A0: ScriptConvertible>(_ signature: String, _ body: @escaping (A0) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self))
            return .void
        }
        precondition(function.parameters.count == 1, "signature '\(signature)' does not have 1 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 2 argument(s).
    public func defineFunction<A0: ScriptConvertible, A1: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self)).scriptValue
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 2 argument(s).
    public func defineFunction<A0: ScriptConvertible, A1: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self))
            return .void
        }
        precondition(function.parameters.count == 2, "signature '\(signature)' does not have 2 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 3 argument(s).
    public func defineFunction<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self)).scriptValue
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 3 argument(s).
    public func defineFunction<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self))
            return .void
        }
        precondition(function.parameters.count == 3, "signature '\(signature)' does not have 3 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 4 argument(s).
    public func defineFunction<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible, R: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2, A3) throws -> R) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self)).scriptValue
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        defineFunction(function)
    }

    /// Adds a global function taking 4 argument(s).
    public func defineFunction<A0: ScriptConvertible, A1: ScriptConvertible, A2: ScriptConvertible, A3: ScriptConvertible>(_ signature: String, _ body: @escaping (A0, A1, A2, A3) throws -> Void) {
        let function = NativeFunction(signature) { a in
            try body(try a.get(0, as: A0.self), try a.get(1, as: A1.self), try a.get(2, as: A2.self), try a.get(3, as: A3.self))
            return .void
        }
        precondition(function.parameters.count == 4, "signature '\(signature)' does not have 4 parameter(s)")
        defineFunction(function)
    }
}
