/// Calls: binding labeled arguments to parameters, running functions, creating
/// instances.
extension Interpreter {
    /// What a parameter looks like to the argument binder.
    struct ParameterShape {
        var label: String?
        var hasDefault: Bool
        var isVariadic: Bool
    }

    /// A parameter's bound argument.
    enum BoundArgument {
        case value(Value)
        /// An `&argument` for an `inout` parameter: its value, and how to store
        /// the parameter's final value back.
        case inoutArgument(Value, (Value) throws -> Void)
        case variadic([Value])
        case useDefault
    }

    func evaluateCall(_ callee: Expr, _ argumentExprs: [Argument], _ env: Environment?,
                      at location: SourceLocation) throws -> Value {
        switch callee.kind {
        case .member:
            let baseExpr = callee.first!, name = callee.memberName!
            if callee.namesMutatingMethod, isMutable(baseExpr), argumentExprs.count == 1, argumentExprs[0].label == nil,
               name == "append" {
                return try append(argumentExprs[0], to: baseExpr, env, at: location)
            }
            let arguments = try evaluateArguments(argumentExprs, env)
            if callee.namesMutatingMethod || (!mutatingMethodNames.isEmpty && mutatingMethodNames.contains(name)), isMutable(baseExpr) {
                var result = Value.void
                try modify(baseExpr, env, .mutatingMember, at: location) { value in
                    try self.callMethod(on: &value, name, arguments, result: &result, at: location)
                }
                return result
            }
            let receiver = try evaluate(baseExpr, env)
            if case .methods(let methods)? = cachedMember(callee, of: receiver, name) {
                return try callNative(methods, receiver: receiver, arguments, name: name, at: location)
            }
            return try callMember(receiver, name, arguments, at: location, memberLocation: callee.location)
        default:
            if !mutatingMethodNames.isEmpty, let reference = callee.reference,
               case .implicitMember(let selfDepth, let selfSlot) = reference.binding,
               mutatingMethodNames.contains(reference.name), env!.slots(upBy: selfDepth)[selfSlot].isStructValue {
                // `move()` inside a method of a struct: a mutating method of `self`.
                let arguments = try evaluateArguments(argumentExprs, env)
                let slots = env!.slots(upBy: selfDepth)
                var result = Value.void
                if reference.isConstant {
                    var copy = slots[selfSlot]
                    if try callMethod(on: &copy, reference.name, arguments, result: &result, at: location) {
                        throw fail("cannot use mutating member on immutable value: 'self' is immutable", reference.location)
                    }
                    return result
                }
                var value = slots[selfSlot]
                slots[selfSlot] = .void
                defer { slots[selfSlot] = value }
                _ = try callMethod(on: &value, reference.name, arguments, result: &result, at: location)
                return result
            }
            let function = try evaluate(callee, env)
            if case .function(let f) = function, let decl = f.declaration, bindsInOrder(decl, argumentExprs) {
                return try invokeInOrder(f, decl, argumentExprs, env, at: location)
            }
            let arguments = try evaluateArguments(argumentExprs, env)
            return try callValue(function, arguments, at: location)
        }
    }

    /// `base.append(x)`: on an array, the commonest mutation in loops, done in
    /// place without an argument array or overload lookup; on anything else, as
    /// any other mutating method.
    private func append(_ argument: Argument, to baseExpr: Expr, _ env: Environment?,
                        at location: SourceLocation) throws -> Value {
        let element = try evaluate(argument.value, env)
        if let reference = baseExpr.reference, try appendToVariable(reference, element, env) { return .void }
        var result = Value.void
        try modify(baseExpr, env, .mutatingMember, at: location) { value in
            guard case .array = value, case .array(var elements) = value else {
                let arguments = [CallArgument(label: nil, value: element, location: argument.location)]
                return try self.callMethod(on: &value, "append", arguments, result: &result, at: location)
            }
            value = .void
            elements.append(element)
            value = .array(elements)
            return true
        }
        return result
    }

    /// `variable.append(x)` for a variable (not a constant) holding an array;
    /// false when that is not the case.
    @inline(__always)
    private func appendToVariable(_ reference: VariableReference, _ element: Value, _ env: Environment?) throws -> Bool {
        switch reference.binding {
        case .local(let depth, let slot) where !reference.isConstant:
            let slots = env!.slots(upBy: depth)
            guard case .array = slots[slot], case .array(var elements) = slots[slot] else { return false }
            slots[slot] = .void
            elements.append(element)
            slots[slot] = .array(elements)
            return true
        case .global:
            let global = try globalSlot(reference)
            guard !global.isConstant, case .array = global.value, case .array(var elements) = global.value else {
                return false
            }
            global.value = .void
            elements.append(element)
            global.value = .array(elements)
            return true
        default:
            return false
        }
    }

    /// Calls the method `name` on a value in storage: a mutating method of a
    /// builtin type changes it in place (true); any other method is called on
    /// it (false).
    func callMethod(on value: inout Value, _ name: String, _ arguments: [CallArgument], result: inout Value,
                    at location: SourceLocation) throws -> Bool {
        if let scriptClass = value.valueTypeClass, let (methods, declaring) = scriptClass.findMethods(name) {
            let shapes = methods.map(shape(of:))
            let (index, bound) = try chooseOverload(shapes, arguments, name: name, at: location)
            let method = methods[index]
            guard method.isMutating else {
                result = try invoke(method, closure: declaring.closure, receiver: value, owner: declaring, bound: bound, at: location)
                return false
            }
            result = try invokeMutating(method, closure: declaring.closure, receiver: &value, bound: bound, at: location)
            return true
        }
        if let mutated = try types.callMutatingMethod(&value, name, arguments, at: location) {
            result = mutated
            return true
        }
        result = try callMember(value, name, arguments, at: location)
        return false
    }

    /// Whether an expression denotes storage a mutating method could change.
    private func isMutable(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .variable, .member, .subscript, .tupleElement, .forceUnwrap: return true
        default: return false
        }
    }

    /// Calls any callable value: a function, a type (an initializer), or an
    /// instance with `callAsFunction`.
    func callValue(_ callee: Value, _ arguments: [CallArgument], at location: SourceLocation) throws -> Value {
        switch callee {
        case .function(let function):
            return try callFunction(function, arguments, at: location)
        case .type(let type):
            return try construct(type, arguments, at: location)
        case .instance, .host:
            return try callMember(callee, "callAsFunction", arguments, at: location, asCall: true)
        case .some:
            throw fail("value of optional type '\(typeName(of: callee))' must be unwrapped before it is called", location)
        default:
            throw fail("cannot call value of non-function type '\(typeName(of: callee))'", location)
        }
    }

    func callFunction(_ function: Function, _ arguments: [CallArgument], at location: SourceLocation) throws -> Value {
        switch function.body {
        case .script(let decls, let closure):
            if decls.count == 1 {
                return try invoke(decls[0], closure: closure, receiver: function.receiver, owner: function.owner,
                                  arguments: arguments, at: location)
            }
            let (index, bound) = try chooseOverload(decls.map(shape(of:)), arguments, name: function.name, at: location)
            return try invoke(decls[index], closure: closure, receiver: function.receiver, owner: function.owner,
                              bound: bound, at: location)
        case .native(let overloads):
            return try callNative(overloads, receiver: function.receiver, arguments, name: function.name, at: location)
        }
    }

    private func shape(of decl: FunctionDecl) -> [ParameterShape] {
        decl.parameters.map { ParameterShape(label: $0.label, hasDefault: $0.defaultValue != nil, isVariadic: $0.isVariadic) }
    }

    /// Calls host functions overloaded by labels.
    func callNative(_ overloads: [NativeFunction], receiver: Value?, _ arguments: [CallArgument], name: String,
                    at location: SourceLocation) throws -> Value {
        if let (index, values) = try bindInOrder(overloads, arguments, at: location) {
            return try callNative(overloads[index], receiver: receiver, values, at: location)
        }
        let shapes = overloads.map { $0.parameters.map { ParameterShape(label: $0.label, hasDefault: $0.defaultValue != nil, isVariadic: $0.isVariadic) } }
        let (index, bound) = try chooseOverload(shapes, arguments, name: name, at: location)
        let function = overloads[index]
        var values: [Value] = []
        values.reserveCapacity(bound.count)
        for (parameter, argument) in zip(function.parameters, bound) {
            switch argument {
            case .value(let v):
                values.append(try parameter.type.map { try coerce(v, to: $0, at: location, context: "expected argument type") } ?? v)
            case .variadic(let vs):
                values.append(.array(try vs.map { v in try parameter.type.map { try coerce(v, to: $0, at: location, context: "expected argument type") } ?? v }))
            case .useDefault:
                values.append(parameter.defaultValue ?? .nil)
            case .inoutArgument(let v, _):
                throw fail("'&' used with non-inout argument of type '\(typeName(of: v))'", location)
            }
        }
        return try callNative(function, receiver: receiver, values, at: location)
    }

    /// The overload `chooseOverload` would choose and its converted arguments,
    /// when the overloads before it and it bind arguments in order (the common
    /// case, done without the general binder's arrays); nil otherwise.
    private func bindInOrder(_ overloads: [NativeFunction], _ arguments: [CallArgument],
                             at location: SourceLocation) throws -> (Int, [Value])? {
        for argument in arguments where argument.writeBack != nil {
            throw fail("'&' used with non-inout argument of type '\(typeName(of: argument.value))'", argument.location)
        }
        for index in overloads.indices {
            guard overloads[index].bindsArgumentsInOrder else { return nil }
            guard overloads[index].bindsInOrder(arguments) else { continue }
            if arguments.isEmpty { return (index, []) }
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for k in arguments.indices {
                let value = arguments[k].value
                if let converted = overloads[index].conversions[k].fastConvert(value) {
                    values.append(converted)
                } else {
                    values.append(try coerce(value, to: overloads[index].parameters[k].type!, at: location,
                                             context: "expected argument type"))
                }
            }
            return (index, values)
        }
        return nil
    }

    /// Runs a host function with its bound arguments.
    private func callNative(_ function: NativeFunction, receiver: Value?, _ values: [Value],
                            at location: SourceLocation) throws -> Value {
        let arguments = Arguments(interpreter: self, receiver: receiver, names: function.parameterNames,
                                  values: values, location: location)
        let savedLocation = currentCallLocation
        currentCallLocation = location
        callDepth += 1
        defer {
            currentCallLocation = savedLocation
            callDepth -= 1
        }
        // Host code may call back into the cell: count it against the depth limit too.
        try checkCallDepth(at: location)
        return try host(location) { try function.call(arguments) }
    }

    /// Picks the overload whose labels fit the arguments; reports the closest
    /// one's mismatch when none does.
    func chooseOverload(_ shapes: [[ParameterShape]], _ arguments: [CallArgument], name: String,
                        at location: SourceLocation) throws -> (Int, [BoundArgument]) {
        var firstError: (ScriptError, Int)?
        for (index, shape) in shapes.enumerated() {
            do {
                return (index, try bindArguments(shape, arguments, at: location))
            } catch let error as ScriptError {
                let distance = abs(shape.count - arguments.count)
                if firstError == nil || distance < firstError!.1 { firstError = (error, distance) }
            }
        }
        if shapes.count > 1, let (error, _) = firstError, shapes.filter({ $0.count == arguments.count }).count > 1 {
            throw fail("no exact matches in call to '\(name)'", error.location)
        }
        throw firstError?.0 ?? fail("no function '\(name)' to call", location)
    }

    /// A call-site argument as bound to a parameter (an `&argument` keeps how
    /// to store its new value).
    @inline(__always)
    static func boundArgument(_ argument: CallArgument) -> BoundArgument {
        if let writeBack = argument.writeBack { return .inoutArgument(argument.value, writeBack) }
        return .value(argument.value)
    }

    /// Matches arguments to parameters by label, in order, as Swift does.
    func bindArguments(_ parameters: [ParameterShape], _ arguments: [CallArgument],
                       at location: SourceLocation) throws -> [BoundArgument] {
        var bound: [BoundArgument] = []
        bound.reserveCapacity(parameters.count)
        var k = 0
        for (index, parameter) in parameters.enumerated() {
            if parameter.isVariadic {
                var values: [Value] = []
                if k < arguments.count && arguments[k].label == parameter.label {
                    values.append(arguments[k].value)
                    k += 1
                    while k < arguments.count && arguments[k].label == nil {
                        values.append(arguments[k].value)
                        k += 1
                    }
                }
                bound.append(.variadic(values))
                continue
            }
            if k < arguments.count && arguments[k].isTrailingClosure {
                // A trailing closure fills the next parameter, skipping defaulted ones before the last.
                if parameter.hasDefault && index + 1 < parameters.count {
                    bound.append(.useDefault)
                } else {
                    bound.append(Interpreter.boundArgument(arguments[k]))
                    k += 1
                }
                continue
            }
            if k < arguments.count && arguments[k].label == parameter.label {
                bound.append(Interpreter.boundArgument(arguments[k]))
                k += 1
                continue
            }
            if parameter.hasDefault {
                let laterAccepts = k >= arguments.count || parameters[(index + 1)...].contains { $0.label == arguments[k].label }
                if laterAccepts {
                    bound.append(.useDefault)
                    continue
                }
            }
            if k < arguments.count {
                let argument = arguments[k]
                if argument.label == nil {
                    throw fail("missing argument label '\(parameter.label!):' in call", argument.location)
                }
                if parameter.label == nil {
                    if !parameters[(index + 1)...].contains(where: { $0.label == argument.label }) {
                        throw fail("extraneous argument label '\(argument.label!):' in call", argument.location)
                    }
                    throw fail("missing argument for parameter #\(index + 1) in call", argument.location)
                }
                if parameters[(index + 1)...].contains(where: { $0.label == argument.label }) {
                    throw fail("missing argument for parameter '\(parameter.label!)' in call", argument.location)
                }
                throw fail("incorrect argument label in call (have '\(argument.label!):', expected '\(parameter.label!):')",
                           argument.location)
            }
            let what = parameter.label.map { "'\($0)'" } ?? "#\(index + 1)"
            throw fail("missing argument for parameter \(what) in call", location)
        }
        if k < arguments.count {
            let argument = arguments[k]
            if parameters.isEmpty {
                throw fail("argument passed to call that takes no arguments", argument.location)
            }
            if let label = argument.label { throw fail("extra argument '\(label)' in call", argument.location) }
            throw fail("extra argument in call", argument.location)
        }
        return bound
    }

    /// Runs a declared function with call-site arguments.
    func invoke(_ decl: FunctionDecl, closure: Environment?, receiver: Value?, owner: ScriptClass?,
                arguments: [CallArgument], at location: SourceLocation) throws -> Value {
        if decl.kind == .closure {
            return try invokeClosure(decl, closure: closure, arguments: arguments, at: location)
        }
        let bound = try bindArguments(shape(of: decl), arguments, at: location)
        return try invoke(decl, closure: closure, receiver: receiver, owner: owner, bound: bound, at: location)
    }

    /// Closures take positional arguments; one tuple argument is spread over
    /// several parameters (`dict.map { (k, v) in … }`).
    private func invokeClosure(_ decl: FunctionDecl, closure: Environment?, arguments: [CallArgument],
                               at location: SourceLocation) throws -> Value {
        for argument in arguments where argument.writeBack != nil {
            throw fail("'&' used with non-inout argument of type '\(typeName(of: argument.value))'", argument.location)
        }
        var values = arguments.map(\.value)
        let expected = decl.parameters.isEmpty ? decl.implicitParameterCount : decl.parameters.count
        if values.count == 1 && expected > 1, case .tuple(let tuple) = values[0], tuple.elements.count == expected {
            values = tuple.elements
        }
        if values.count != expected && !(decl.parameters.isEmpty && values.count > expected) {
            throw fail("closure expects \(expected) argument\(expected == 1 ? "" : "s"), but \(values.count) \(values.count == 1 ? "was" : "were") passed", location)
        }
        return try invoke(decl, closure: closure, receiver: nil, owner: nil,
                          bound: values.prefix(expected).map { .value($0) }, at: location)
    }

    /// Runs a declared function with arguments already bound to its parameters.
    func invoke(_ decl: FunctionDecl, closure: Environment?, receiver: Value?, owner: ScriptClass?,
                bound: [BoundArgument], at location: SourceLocation) throws -> Value {
        try tick(location)
        callDepth += 1
        defer { callDepth -= 1 }
        try checkCallDepth(at: location)
        let env = Environment(parent: closure, size: decl.slotCount)
        if decl.hasSelf { env.slots[0] = receiver ?? .nil }
        try bindParameters(decl, bound, closure: closure, in: env, at: location)
        if decl.hasInoutParameters {
            let result: Value
            do {
                result = try runBody(decl, in: env, at: location)
            } catch {
                try writeBackInoutArguments(decl, bound, from: env)
                throw error
            }
            try writeBackInoutArguments(decl, bound, from: env)
            return result
        }
        return try runBody(decl, in: env, at: location)
    }

    /// Runs a method of a struct or enum with a mutable `self`: the value in
    /// `receiver` moves into the method's `self` (so that it is the only
    /// reference to its instance, which then changes in place) and comes back,
    /// changed, when the method returns or throws.
    func invokeMutating(_ decl: FunctionDecl, closure: Environment?, receiver: inout Value, bound: [BoundArgument],
                        at location: SourceLocation) throws -> Value {
        try tick(location)
        callDepth += 1
        defer { callDepth -= 1 }
        try checkCallDepth(at: location)
        let env = Environment(parent: closure, size: decl.slotCount)
        env.slots[0] = receiver
        receiver = .void
        defer { receiver = env.slots[0] }
        try bindParameters(decl, bound, closure: closure, in: env, at: location)
        defer { if decl.hasInoutParameters { try? writeBackInoutArguments(decl, bound, from: env) } }
        return try runBody(decl, in: env, at: location)
    }

    /// Stores a declared function's bound arguments in its new environment
    /// (after `self`, when it has one), converted to the parameters' types.
    private func bindParameters(_ decl: FunctionDecl, _ bound: [BoundArgument], closure: Environment?, in env: Environment,
                                at location: SourceLocation) throws {
        var slot = decl.hasSelf ? 1 : 0
        if decl.kind == .closure && decl.parameters.isEmpty {
            for case .value(let v) in bound {
                env.slots[slot] = v
                slot += 1
            }
        } else {
            for (parameter, argument) in zip(decl.parameters, bound) {
                var value: Value
                switch argument {
                case .value(let v):
                    if parameter.isInout {
                        throw fail("passing value of type '\(typeName(of: v))' to an inout parameter requires explicit '&'", location)
                    }
                    value = v
                case .inoutArgument(let v, _):
                    guard parameter.isInout else {
                        throw fail("'&' used with non-inout argument of type '\(typeName(of: v))'", location)
                    }
                    value = v
                case .variadic(let vs): value = .array(vs)
                case .useDefault: value = try evaluate(parameter.defaultValue!, closure)
                }
                if let type = parameter.type {
                    value = try coerce(value, to: parameter.isVariadic ? .array(type) : type, at: location,
                                       context: "expected argument type")
                }
                env.slots[slot] = value
                slot += 1
            }
        }
    }

    /// Gives each `&argument` of a call the final value of its `inout`
    /// parameter (copy-in, copy-out, as Swift specifies `inout`).
    private func writeBackInoutArguments(_ decl: FunctionDecl, _ bound: [BoundArgument], from env: Environment) throws {
        let first = decl.hasSelf ? 1 : 0
        for (k, argument) in bound.enumerated() {
            if case .inoutArgument(_, let writeBack) = argument { try writeBack(env.slots[first + k]) }
        }
    }

    /// Whether a call's arguments bind to `decl`'s parameters one to one, in
    /// order, as `bindArguments` (or, for a closure, `invokeClosure`) would bind them.
    @inline(__always)
    func bindsInOrder(_ decl: FunctionDecl, _ arguments: [Argument]) -> Bool {
        if decl.kind == .closure {
            // Closures ignore labels; one tuple spread over several parameters takes the general path.
            return arguments.count == (decl.parameters.isEmpty ? decl.implicitParameterCount : decl.parameters.count)
        }
        guard decl.bindsArgumentsInOrder, arguments.count == decl.parameters.count else { return false }
        for k in arguments.indices where arguments[k].isInout
            || (!arguments[k].isTrailingClosure && arguments[k].label != decl.parameters[k].label) {
            return false
        }
        return true
    }

    /// Calls a declared function whose parameters take the call's arguments in
    /// order (see `bindsInOrder`): the arguments are evaluated straight into the
    /// function's new environment, without the general binder's arrays.
    func invokeInOrder(_ function: Function, _ decl: FunctionDecl, _ arguments: [Argument], _ env: Environment?,
                       at location: SourceLocation) throws -> Value {
        var frame: Environment
        if let spare = decl.spareEnvironment.take() {
            spare.parent = function.closure
            frame = spare
        } else {
            frame = Environment(parent: function.closure, size: decl.slotCount)
        }
        let first = decl.hasSelf ? 1 : 0
        if decl.hasSelf { frame.slots[0] = function.receiver ?? .nil }
        for k in arguments.indices {
            frame.slots[first + k] = try evaluate(arguments[k].value, env)
        }
        try tick(location)
        callDepth += 1
        defer { callDepth -= 1 }
        try checkCallDepth(at: location)
        let conversions = decl.parameterConversions
        for k in conversions.indices {
            let value = frame.slots[first + k]
            if let converted = conversions[k].fastConvert(value) {
                frame.slots[first + k] = converted
            } else {
                frame.slots[first + k] = try coerce(value, to: decl.parameters[k].type!, at: location,
                                                    context: "expected argument type")
            }
        }
        let result = try runBody(decl, in: frame, at: location)
        if isKnownUniquelyReferenced(&frame) {
            frame.clear()
            frame.parent = nil
            decl.spareEnvironment = consume frame
        }
        return result
    }

    @inline(__always)
    func checkCallDepth(at location: SourceLocation) throws {
        if callDepth > Interpreter.maximumCallDepth {
            throw fail("stack overflow: more than \(Interpreter.maximumCallDepth) nested calls (unbounded recursion?)", location)
        }
    }

    /// Runs a function's body in its environment (parameters bound) and converts
    /// the result to the declared result type.
    private func runBody(_ decl: FunctionDecl, in env: Environment, at location: SourceLocation) throws -> Value {
        var result: Value
        if let expression = decl.singleExpression {
            result = try evaluate(expression, env)
        } else {
            switch try executeBody(decl.body, in: env) {
            case .returned(let value): result = value
            default: result = .void
            }
        }
        if let converted = decl.resultConversion.fastConvert(result) { return converted }
        return try coerce(result, to: decl.resultType!, at: location, context: "return type")
    }

    // MARK: Construction

    /// `Type(arguments)`: a host initializer or a new script instance.
    func construct(_ type: ScriptType, _ arguments: [CallArgument], at location: SourceLocation) throws -> Value {
        switch type {
        case .host(let hostType):
            guard let initializers = hostType.lineage.first(where: { !$0.initializers.isEmpty })?.initializers else {
                throw fail("'\(hostType.name)' cannot be constructed because it has no accessible initializers", location)
            }
            return try callNative(initializers, receiver: nil, arguments, name: hostType.name, at: location)
        case .script(let scriptClass):
            return try instantiate(scriptClass, arguments, at: location)
        case .named(let name):
            throw fail("'\(name)' cannot be constructed", location)
        }
    }

    private func instantiate(_ scriptClass: ScriptClass, _ arguments: [CallArgument], at location: SourceLocation) throws -> Value {
        if scriptClass.hasCases {
            // `Color(rawValue: 1)`: the case with that raw value, or nil.
            guard arguments.count == 1, arguments[0].label == "rawValue", !scriptClass.rawValues.isEmpty else {
                throw fail("'\(scriptClass.name)' cannot be constructed; use one of its cases\(scriptClass.rawValues.isEmpty ? "" : " or init(rawValue:)")", location)
            }
            let raw = arguments[0].value
            guard let found = scriptClass.enumCases.first(where: { valuesEqual(scriptClass.rawValues[$0.name] ?? .nil, raw) == true }),
                  let value = scriptClass.caseValues[found.name] else { return .nil }
            return .some(.instance(value))
        }
        let instance = ScriptInstance(scriptClass: scriptClass, interpreter: self)
        instance.isInitializing = true
        defer { instance.isInitializing = false }
        if let hostType = scriptClass.hostSuperclass, let subclassing = hostType.subclassing {
            instance.hostBase = try host(location) { try subclassing.makeBase(instance) }
        }
        var chain: [ScriptClass] = []
        var current: ScriptClass? = scriptClass
        while let c = current { chain.insert(c, at: 0); current = c.superclass }
        for c in chain {
            for property in c.decl.properties where !property.isStatic && !property.isLazy {
                guard let initializer = property.initializer else {
                    instance.fields[property.name] = .nil
                    continue
                }
                var value = try evaluate(initializer, c.closure)
                if let type = property.type { value = try coerce(value, to: type, at: property.location, context: "specified type") }
                try setField(instance, property.name, value, at: property.location)
            }
        }
        if scriptClass.isStruct {
            return try initializeStruct(instance, arguments, at: location)
        }
        let receiver = Value.instance(instance)
        if let (initializers, owner) = scriptClass.findInitializers() {
            let (index, bound) = try chooseOverload(initializers.map(shape(of:)), arguments, name: scriptClass.name, at: location)
            _ = try invoke(initializers[index], closure: owner.closure, receiver: receiver, owner: owner, bound: bound, at: location)
        } else if let first = arguments.first {
            throw fail("argument passed to call that takes no arguments", first.location)
        }
        return receiver
    }

    /// Runs a struct's initializer on a new value (its stored properties
    /// holding their initial values): a declared `init`, with a mutable `self`,
    /// or else the memberwise initializer Swift synthesizes, whose parameters
    /// are the stored properties in order (labelled with their names; those with
    /// an initial value may be omitted, and a `let` with one is not a parameter).
    private func initializeStruct(_ instance: ScriptInstance, _ arguments: [CallArgument],
                                  at location: SourceLocation) throws -> Value {
        let scriptClass = instance.scriptClass
        var value = Value.instance(instance)
        defer { if case .instance(let result) = value { result.isInitializing = false } }
        if let (initializers, owner) = scriptClass.findInitializers() {
            let (index, bound) = try chooseOverload(initializers.map(shape(of:)), arguments, name: scriptClass.name, at: location)
            _ = try invokeMutating(initializers[index], closure: owner.closure, receiver: &value, bound: bound, at: location)
            return value
        }
        let properties = scriptClass.decl.properties.filter { !$0.isStatic && !($0.isConstant && $0.initializer != nil) }
        let shape = properties.map {
            ParameterShape(label: $0.name, hasDefault: $0.initializer != nil || (!$0.isConstant && $0.type?.isOptional == true),
                           isVariadic: false)
        }
        let bound = try bindArguments(shape, arguments, at: location)
        for (property, argument) in zip(properties, bound) {
            switch argument {
            case .value(var v):
                if let type = property.type { v = try coerce(v, to: type, at: location, context: "expected argument type") }
                instance.fields[property.name] = v
            case .inoutArgument(let v, _):
                throw fail("'&' used with non-inout argument of type '\(typeName(of: v))'", location)
            case .useDefault, .variadic:
                break
            }
        }
        return value
    }

    /// Stores a stored property of an instance and tells the host base about it.
    func setField(_ instance: ScriptInstance, _ name: String, _ value: Value, at location: SourceLocation) throws {
        instance.fields[name] = value
        if let didChange = instance.scriptClass.hostSuperclass?.subclassing?.didChange {
            try host(location) { try didChange(instance, name, value) }
        }
    }

    // MARK: Conversions by declared type

    /// Converts a value to a declared type where Swift would (an integer to a
    /// Double, a value into an optional) and rejects clear mismatches between
    /// builtin types.
    func coerce(_ value: Value, to type: TypeAnnotation, at location: SourceLocation, context: String) throws -> Value {
        switch type {
        case .named(let name, _):
            switch (name, value) {
            case ("Double", .int(let i)), ("Float", .int(let i)): return .double(Double(i))
            case ("Int", .int), ("Double", .double), ("Float", .double), ("String", .string), ("Bool", .bool): return value
            case ("Set", .array(let elements)): return .host(try host(location) { try makeSet(elements) })
            case ("Int", _), ("Double", _), ("Float", _), ("String", _), ("Bool", _):
                if case .some = value {
                    throw fail("value of optional type '\(typeName(of: value))' must be unwrapped to a value of type '\(name)'", location)
                }
                throw fail("cannot convert value of type '\(typeName(of: value))' to \(context) '\(name)'", location)
            default: return value
            }
        case .optional(let wrapped):
            switch value {
            case .nil: return .nil
            case .some(let inner): return .some(try coerce(inner, to: wrapped, at: location, context: context))
            default: return .some(try coerce(value, to: wrapped, at: location, context: context))
            }
        case .array(let element):
            guard case .array(let elements) = value else {
                if case .named = element, case .array = type {
                    throw fail("cannot convert value of type '\(typeName(of: value))' to \(context) '\(type)'", location)
                }
                return value
            }
            guard needsCoercion(element) else { return value }
            return .array(try elements.map { try coerce($0, to: element, at: location, context: context) })
        case .dictionary(_, let valueType):
            guard case .dictionary(let dictionary) = value, needsCoercion(valueType) else { return value }
            return .dictionary(try dictionary.mapValues { try coerce($0, to: valueType, at: location, context: context) })
        case .tuple(let types, let labels):
            guard case .tuple(let tuple) = value, tuple.elements.count == types.count else { return value }
            let elements = try zip(tuple.elements, types).map { try coerce($0, to: $1, at: location, context: context) }
            return .tuple(Tuple(elements, labels: labels.contains { $0 != nil } ? labels : tuple.labels))
        case .function:
            return value
        }
    }

    /// Whether values of a container's element type may change when coerced
    /// (so that `[Int]` containers are not walked at every assignment).
    private func needsCoercion(_ type: TypeAnnotation) -> Bool {
        switch type {
        case .named(let name, _): return name == "Double" || name == "Float"
        case .optional: return true
        case .array(let element): return needsCoercion(element)
        case .dictionary(_, let value): return needsCoercion(value)
        default: return false
        }
    }
}
