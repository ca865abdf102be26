/// Evaluating expressions.
extension Interpreter {
    func evaluate(_ expr: Expr, _ env: Environment?) throws -> Value {
        // The common kinds read their operands from the node's stored constants
        // (see `Expr.first`) rather than from `kind`'s payload.
        switch expr.kind {
        case .literal(let value):
            return value
        case .variable:
            return try lookup(expr.reference!, env)
        case .binary(let op, _, _):
            if expr.hasImplicitMemberOperand { return try evaluateBinaryWithImplicitMember(op, expr, env) }
            let lhs = try evaluate(expr.first!, env)
            let rhs = try evaluate(expr.second!, env)
            if case .int(let a) = lhs, case .int(let b) = rhs, let result = Interpreter.integerFastPath(op, a, b) {
                return result
            }
            return try binary(op, lhs, rhs, at: expr.location)
        case .call:
            return try evaluateCall(expr.first!, expr.arguments, env, at: expr.location)
        case .member:
            let base = try evaluate(expr.first!, env)
            if case .property(let get)? = cachedMember(expr, of: base, expr.memberName!) {
                return try host(expr.location) { try get(base) }
            }
            return try member(of: base, expr.memberName!, at: expr.location)
        case .subscript:
            let receiver = try evaluate(expr.first!, env)
            if case .array(let elements) = receiver, expr.arguments.count == 1, expr.arguments[0].label == nil {
                // `array[i]` without an array of arguments.
                let argument = expr.arguments[0]
                let index = try evaluate(argument.value, env)
                if case .int(let i) = index, i >= 0 && i < elements.count { return elements[i] }
                return try subscriptValue(receiver, [CallArgument(label: nil, value: index, location: argument.location)],
                                          at: expr.location)
            }
            let indices = try evaluateArguments(expr.arguments, env)
            return try subscriptValue(receiver, indices, at: expr.location)
        case .interpolation(let segments):
            var text = ""
            for segment in segments {
                switch segment {
                case .text(let s): text += s
                case .expression(let e): text += describe(try evaluate(e, env))
                }
            }
            return .string(text)
        case .array(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            var sawInt = false, sawDouble = false
            for element in elements {
                let value = try evaluate(element, env)
                if case .int = value { sawInt = true } else if case .double = value { sawDouble = true }
                values.append(value)
            }
            if sawInt && sawDouble {
                // `[1, 2.5]` is a `[Double]` in Swift.
                values = values.map { if case .int(let i) = $0 { return .double(Double(i)) }; return $0 }
            }
            return .array(values)
        case .dictionary(let pairs):
            var dictionary = ScriptDictionary()
            for (k, v) in pairs {
                let key = try evaluate(k, env)
                guard let hashable = DictionaryKey(key) else {
                    throw fail("type '\(typeName(of: key))' does not conform to protocol 'Hashable'", k.location)
                }
                if dictionary[hashable] != nil { throw fail("dictionary literal contains duplicate keys", k.location) }
                dictionary.set(try evaluate(v, env), for: hashable)
            }
            return .dictionary(dictionary)
        case .emptyCollection(let isDictionary):
            return isDictionary ? .dictionary(ScriptDictionary()) : .array([])
        case .tuple(let elements, let labels):
            return .tuple(Tuple(try elements.map { try evaluate($0, env) }, labels: labels))
        case .closure(let decl):
            return .function(Function(name: "closure", body: .script([decl], env)))
        case .prefix(let op, let operand):
            return try prefix(op, try evaluate(operand, env), at: expr.location)
        case .and(let a, let b):
            guard try evaluateLogicalOperand(a, env, "&&") else { return .bool(false) }
            return .bool(try evaluateLogicalOperand(b, env, "&&"))
        case .or(let a, let b):
            if try evaluateLogicalOperand(a, env, "||") { return .bool(true) }
            return .bool(try evaluateLogicalOperand(b, env, "||"))
        case .ternary(let condition, let whenTrue, let whenFalse):
            return try evaluate(try evaluateCondition(condition, env) ? whenTrue : whenFalse, env)
        case .nilCoalescing(let a, let b):
            switch try evaluate(a, env) {
            case .nil: return try evaluate(b, env)
            case .some(let wrapped): return wrapped
            case let value: return value
            }
        case .range(let a, let b, let isClosed):
            let lowerValue = try a.map { try evaluate($0, env) }
            let upperValue = try b.map { try evaluate($0, env) }
            if case .double? = lowerValue, let upperValue { return try doubleRange(lowerValue!, upperValue, b!, isClosed: isClosed, at: expr.location) }
            if case .double? = upperValue, let lowerValue { return try doubleRange(lowerValue, upperValue!, a!, isClosed: isClosed, at: expr.location) }
            let lower = try lowerValue.map { try rangeBound($0, a!) }
            let upper = try upperValue.map { try rangeBound($0, b!) }
            if let lower, let upper, lower > upper {
                throw fail("range requires lowerBound <= upperBound (\(lower) > \(upper))", expr.location)
            }
            if !isClosed && a != nil && b == nil {
                throw fail("'..<' needs an upper bound; use '...' for a range without one", expr.location)
            }
            return .range(RangeValue(lower: lower, upper: upper, isClosed: isClosed))
        case .tupleElement(let base, let index):
            let value = try evaluate(base, env)
            guard case .tuple(let tuple) = value else {
                throw fail("value of type '\(typeName(of: value))' has no member '\(index)'", expr.location)
            }
            guard index < tuple.elements.count else {
                throw fail("value of tuple type '\(typeName(of: value))' has no member '\(index)'", expr.location)
            }
            return tuple.elements[index]
        case .forceUnwrap(let operand):
            switch try evaluate(operand, env) {
            case .nil: throw fail("unexpectedly found nil while unwrapping an Optional value", expr.location)
            case .some(let wrapped): return wrapped
            case let value: return value
            }
        case .optionalLink(let operand):
            switch try evaluate(operand, env) {
            case .nil: throw OptionalChainNil()
            case .some(let wrapped): return wrapped
            case let value: return value
            }
        case .optionalChain(let operand):
            do {
                return try evaluate(operand, env).wrappedAsOptional
            } catch is OptionalChainNil {
                return .nil
            }
        case .superMember(let reference):
            return try superMember(reference, env, at: expr.location)
        case .implicitMember(let name):
            return try implicitMember(name, at: expr.location)
        case .try(let operand, let kind):
            guard kind == .optional else { return try evaluate(operand, env) }
            do {
                return try evaluate(operand, env).wrappedAsOptional
            } catch let error as ScriptError where !error.isInterruption {
                return .nil
            }
        case .cast(let operand, let type, let kind):
            return try cast(try evaluate(operand, env), to: type, kind, at: expr.location)
        }
    }

    /// `x == .red`, `.red != x`: the implicit member is looked up in the other operand's type.
    private func evaluateBinaryWithImplicitMember(_ op: BinaryOperator, _ expr: Expr, _ env: Environment?) throws -> Value {
        let first = expr.first!, second = expr.second!
        let lhs: Value, rhs: Value
        if first.isImplicitMember && !second.isImplicitMember {
            rhs = try evaluate(second, env)
            lhs = try evaluate(first, env, expecting: scriptType(of: rhs))
        } else {
            lhs = try evaluate(first, env)
            rhs = try evaluate(second, env, expecting: scriptType(of: lhs))
        }
        return try binary(op, lhs, rhs, at: expr.location)
    }

    private func evaluateLogicalOperand(_ expr: Expr, _ env: Environment?, _ op: String) throws -> Bool {
        let value = try evaluate(expr, env)
        guard case .bool(let b) = value else {
            throw fail("cannot convert value of type '\(typeName(of: value))' to expected argument type 'Bool'", expr.location)
        }
        return b
    }

    /// `0.0..<1.0`: a range of Doubles (for `contains`, `random(in:)` and `switch`).
    private func doubleRange(_ lowerValue: Value, _ upperValue: Value, _ other: Expr, isClosed: Bool,
                             at location: SourceLocation) throws -> Value {
        func bound(_ value: Value) throws -> Double {
            switch value {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: throw fail("ranges need Int or Double bounds; found a value of type '\(typeName(of: value))'", other.location)
            }
        }
        let lower = try bound(lowerValue), upper = try bound(upperValue)
        guard lower <= upper else { throw fail("range requires lowerBound <= upperBound (\(lower) > \(upper))", location) }
        return .range(RangeValue(doubleLower: lower, doubleUpper: upper, isClosed: isClosed))
    }

    private func rangeBound(_ value: Value, _ expr: Expr) throws -> Int {
        guard case .int(let i) = value else {
            throw fail("ranges need Int bounds; found a value of type '\(typeName(of: value))'", expr.location)
        }
        return i
    }

    func evaluateArguments(_ arguments: [Argument], _ env: Environment?) throws -> [CallArgument] {
        if arguments.isEmpty { return [] }
        var values: [CallArgument] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            if argument.isInout {
                values.append(try inoutArgument(argument, env))
                continue
            }
            values.append(CallArgument(label: argument.label, value: try evaluate(argument.value, env),
                                       location: argument.location, isTrailingClosure: argument.isTrailingClosure))
        }
        return values
    }

    /// `&target`: the target's value, and how to store the parameter's final
    /// value back into it.
    private func inoutArgument(_ argument: Argument, _ env: Environment?) throws -> CallArgument {
        let target = argument.value
        if let reference = target.reference {
            let isConstant: Bool
            switch reference.binding {
            case .local: isConstant = reference.isConstant
            case .global: isConstant = try globalSlot(reference).isConstant
            default: isConstant = false
            }
            if isConstant {
                throw fail("cannot pass immutable value as inout argument: '\(reference.name)' is a 'let' constant", target.location)
            }
        }
        let value = try evaluate(target, env)
        let location = target.location
        return CallArgument(label: argument.label, value: value, location: argument.location,
                            writeBack: { [unowned self] newValue in try self.assign(newValue, to: target, env, at: location) })
    }

    // MARK: Names

    /// The value of a name.
    @inline(__always)
    func lookup(_ reference: VariableReference, _ env: Environment?) throws -> Value {
        switch reference.binding {
        case .local(let depth, let slot):
            return env!.slots(upBy: depth)[slot]
        case .global:
            if reference.cacheGeneration == globalGeneration, let global = reference.cachedGlobal { return global.value }
            return try globalSlot(reference).value
        case .implicitMember(let selfDepth, let selfSlot):
            let receiver = env!.slots(upBy: selfDepth)[selfSlot]
            if let value = try memberIfPresent(of: receiver, reference.name, at: reference.location) { return value }
            return try globalSlot(reference).value
        case .unresolved:
            throw fail("cannot find '\(reference.name)' in scope", reference.location)
        }
    }

    /// The global storage of a name, cached in the reference.
    @inline(__always)
    func globalSlot(_ reference: VariableReference) throws -> GlobalSlot {
        if reference.cacheGeneration == globalGeneration, let slot = reference.cachedGlobal { return slot }
        guard let slot = globals[reference.name] ?? builtins[reference.name] else {
            let names = Array(globals.keys) + Array(builtins.keys)
            throw fail("cannot find '\(reference.name)' in scope" + DidYouMean.suggestion(for: reference.name, among: names),
                       reference.location)
        }
        reference.cachedGlobal = slot
        reference.cacheGeneration = globalGeneration
        return slot
    }

    /// `super.name`: the superclass's member, bound to `self`.
    func superMember(_ reference: SuperReference, _ env: Environment?, at location: SourceLocation) throws -> Value {
        let receiver = env!.slots(upBy: reference.selfDepth)[reference.selfSlot]
        guard let owner = reference.classDecl?.runtimeClass, case .instance(let instance) = receiver else {
            throw fail("'super' is only available in instance methods", location)
        }
        if let superclass = owner.superclass {
            if reference.name == "init" {
                let initializers = superclass.findInitializers()
                return .function(Function(name: "init", body: .script(initializers?.0 ?? [], superclass.closure),
                                          receiver: receiver, owner: initializers?.1 ?? superclass))
            }
            if let (methods, declaring) = superclass.findMethods(reference.name) {
                return .function(Function(name: reference.name, body: .script(methods, declaring.closure),
                                          receiver: receiver, owner: declaring))
            }
            if let (getter, declaring) = superclass.findComputedProperty(reference.name) {
                return try invoke(getter, closure: declaring.closure, receiver: receiver, owner: declaring,
                                  arguments: [], at: location)
            }
        }
        if let hostType = owner.hostSuperclass, let base = instance.hostBase {
            if reference.name == "init" {
                return .function(Function(name: "init", body: .native([NativeFunction("init()") { _ in .void }])))
            }
            if let value = try hostMember(of: .host(base), receiver: receiver, type: hostType, reference.name, at: location) {
                return value
            }
        }
        throw fail("value of type '\(owner.superclass?.name ?? owner.hostSuperclass?.name ?? "?")' has no member '\(reference.name)'", location)
    }

    // MARK: Casts

    private func cast(_ value: Value, to type: TypeAnnotation, _ kind: CastKind, at location: SourceLocation) throws -> Value {
        let matches = self.value(value, is: type)
        switch kind {
        case .check: return .bool(matches)
        case .coerce:
            if matches { return value }
            return try coerce(value, to: type, at: location, context: "type")
        case .conditional:
            if matches { return value.unwrapped.wrappedAsOptional }
            if case .named(let name, _) = type, name == "Double", case .int(let i) = value.unwrapped { return .some(.double(Double(i))) }
            return .nil
        case .forced:
            if matches { return value.unwrapped }
            throw fail("could not cast value of type '\(typeName(of: value))' to '\(type)'", location)
        }
    }

    /// Whether a value has a type (as far as run-time values tell).
    func value(_ value: Value, is type: TypeAnnotation) -> Bool {
        let value = value.unwrapped
        switch type {
        case .optional(let wrapped): return value.isNil || self.value(value, is: wrapped)
        case .array(let element):
            guard case .array(let elements) = value else { return false }
            return elements.allSatisfy { self.value($0, is: element) }
        case .dictionary(let keyType, let valueType):
            guard case .dictionary(let d) = value else { return false }
            return d.entries.allSatisfy { self.value($0.key, is: keyType) && self.value($0.value, is: valueType) }
        case .tuple(let types, _):
            guard case .tuple(let t) = value, t.elements.count == types.count else { return false }
            return zip(t.elements, types).allSatisfy { self.value($0, is: $1) }
        case .function:
            if case .function = value { return true }
            return false
        case .named(let name, _):
            switch (name, value) {
            case ("Any", _), ("AnyObject", .instance), ("AnyObject", .host): return true
            case ("Int", .int), ("Double", .double), ("Float", .double), ("Bool", .bool), ("String", .string): return true
            case ("Array", .array), ("Dictionary", .dictionary), ("Range", .range), ("ClosedRange", .range): return true
            case (_, .instance(let instance)):
                var current: ScriptClass? = instance.scriptClass
                while let c = current {
                    if c.name == name { return true }
                    current = c.superclass
                }
                if instance.scriptClass.conforms(to: name) { return true }
                if let hostType = instance.scriptClass.hostSuperclass {
                    return hostType.lineage.contains { $0.name == name }
                }
                return false
            case (_, .host(let object)):
                return hostType(of: object)?.lineage.contains { $0.name == name } ?? false
            default: return false
            }
        }
    }
}
