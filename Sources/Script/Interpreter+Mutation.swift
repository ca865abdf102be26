/// Assignment and in-place mutation (`a[i].append(x)`, `d[k, default: 0] += 1`).
///
/// Value types are mutated in place: the storage is taken out of its variable
/// (so the array buffer is uniquely referenced and not copied), changed, and put
/// back.
extension Interpreter {
    /// Why storage is being changed, for the messages about constants.
    enum MutationKind {
        case assignment
        /// An assignment to a member of the value (`p.x = 1`).
        case memberAssignment
        case mutatingMember
    }

    /// `target = value`.
    func assign(_ value: Value, to target: Expr, _ env: Environment?, at location: SourceLocation) throws {
        if let reference = target.reference {
            // A variable (read from the node's stored constant, see `modify`).
            return try assignVariable(value, reference, env)
        }
        switch target.kind {
        case .member(let base, let name):
            let object = try evaluate(base, env)
            if isReference(object) {
                try setMember(of: object, name, value, at: target.location)
                return
            }
        case .subscript(let base, let arguments):
            let indices = try evaluateArguments(arguments, env)
            let container = try referenceValue(base, env)
            if let container {
                if try setScriptSubscript(container, indices, value, at: target.location) { return }
                guard let object = container.hostObject, let type = hostType(of: object), let accessors = type.subscriptAccessors else {
                    throw fail("value of type '\(typeName(of: container))' has no subscripts", target.location)
                }
                guard let set = accessors.set else {
                    throw fail("cannot assign through subscript: subscript of '\(typeName(of: container))' is get-only", target.location)
                }
                try host(target.location) { try set(container, indices.map(\.value), value) }
                return
            }
            try modify(base, env, .assignment, at: target.location) { storage in
                try self.modifySubscript(&storage, indices, at: target.location) { element in
                    element = value
                    return true
                }
            }
            return
        case .tuple(let targets, _):
            guard case .tuple(let tuple) = value, tuple.elements.count == targets.count else {
                throw fail("cannot assign value of type '\(typeName(of: value))' to a tuple of \(targets.count) elements", location)
            }
            for (t, v) in zip(targets, tuple.elements) { try assign(v, to: t, env, at: location) }
            return
        default:
            break
        }
        try modify(target, env, .assignment, at: location) { storage in
            storage = value
            return true
        }
    }

    /// `name = value`.
    private func assignVariable(_ value: Value, _ reference: VariableReference, _ env: Environment?) throws {
        switch reference.binding {
        case .local(let depth, let slot):
            let slots = env!.slots(upBy: depth)
            // A Double variable keeps its type when given an integer (`x = 1`).
            if case .int(let i) = value, case .double = slots[slot] { slots[slot] = .double(Double(i)); return }
            slots[slot] = value
            return
        case .global:
            try assignGlobal(value, reference)
            return
        case .implicitMember(let selfDepth, let selfSlot):
            let slots = env!.slots(upBy: selfDepth)
            if slots[selfSlot].isStructValue {
                return try modifySelfMember(reference, slots, selfSlot, .assignment) { $0 = value; return true }
            }
            let receiver = slots[selfSlot]
            if try memberIfPresent(of: receiver, reference.name, at: reference.location) != nil {
                try setMember(of: receiver, reference.name, value, at: reference.location)
            } else {
                try assignGlobal(value, reference)
            }
            return
        case .unresolved:
            throw fail("cannot find '\(reference.name)' in scope", reference.location)
        }
    }

    /// The value of `expr` when it is a reference (an object), without keeping a
    /// copy of a value-type container alive (which would defeat in-place updates).
    private func referenceValue(_ expr: Expr, _ env: Environment?) throws -> Value? {
        let value = try evaluate(expr, env)
        return isReference(value) ? value : nil
    }

    private func assignGlobal(_ value: Value, _ reference: VariableReference) throws {
        let slot = try globalSlot(reference)
        if slot.isConstant {
            throw fail("cannot assign to value: '\(reference.name)' is a 'let' constant", reference.location)
        }
        if case .int(let i) = value, case .double = slot.value, slot.type == nil { slot.value = .double(Double(i)); return }
        slot.value = try slot.type.map { try coerce(value, to: $0, at: reference.location, context: "type") } ?? value
    }

    /// `target op= value`: in place for host objects that support it, by `a = a op b` otherwise.
    func compoundAssign(_ target: Expr, _ op: BinaryOperator, _ value: Value, _ env: Environment?,
                        at location: SourceLocation) throws {
        // Through a subscript, the changed element is stored back (Swift's get and
        // set, Python's `__getitem__`, `__iadd__`, `__setitem__`), so that an
        // element read as a copy is written too.
        var throughSubscript = false
        if case .subscript = target.kind { throughSubscript = true }
        try modify(target, env, .assignment, at: location) { current in
            if let object = current.hostObject, case .host = current.unwrapped, let type = self.hostType(of: object) {
                for t in type.lineage {
                    for body in t.inPlaceOperators[op.rawValue + "="] ?? [] {
                        if try self.host(location, { try body(current, value) }) { return throughSubscript }
                    }
                }
            }
            if op == .add, case .array(var elements) = current, case .array(let more) = value {
                try self.host(location) {
                    try self.reserveSum(elements.count, more.count, elementBytes: MemoryLayout<Value>.stride,
                                        for: "array concatenation")
                }
                current = .void
                elements.append(contentsOf: more)
                current = .array(elements)
            } else if op == .add, case .string(var text) = current, case .string(let more) = value {
                try self.host(location) {
                    try self.reserveSum(text.utf8.count, more.utf8.count, elementBytes: 1, for: "string concatenation")
                }
                current = .void
                text += more
                current = .string(text)
            } else {
                current = try self.binary(op, current, value, at: location)
            }
            return true
        }
    }

    /// Runs `body` on the storage `expr` denotes; `body` returns whether it
    /// changed the stored value (a method called on an object does not).
    func modify(_ expr: Expr, _ env: Environment?, _ kind: MutationKind, at location: SourceLocation,
                _ body: (inout Value) throws -> Bool) throws {
        if let reference = expr.reference {
            // A variable, the common case (read from the node's stored constant:
            // matching `kind` would copy the whole node kind).
            return try modifyVariable(reference, env, kind, body)
        }
        switch expr.kind {
        case .member(let base, let name):
            if let object = try referenceValue(base, env) {
                try modifyMember(of: object, name, kind, at: expr.location, body)
                return
            }
            try modify(base, env, kind == .assignment ? .memberAssignment : kind, at: location) { storage in
                if storage.isStructValue {
                    return try self.modifyStructMember(&storage, name, kind, at: expr.location, body)
                }
                guard case .tuple(let tuple) = storage, let index = tuple.labels.firstIndex(of: name) else {
                    if self.types.type(of: storage)?.findProperty(name) != nil {
                        throw self.fail("cannot assign to property: '\(name)' is a get-only property", expr.location)
                    }
                    throw self.noMember(storage, name, at: expr.location)
                }
                var elements = tuple.elements
                let changed = try body(&elements[index])
                if changed { storage = .tuple(Tuple(elements, labels: tuple.labels)) }
                return changed
            }
        case .subscript(let base, let arguments):
            let indices = try evaluateArguments(arguments, env)
            if let container = try referenceValue(base, env) {
                if case .instance(let instance) = container, instance.scriptClass.findSubscripts() != nil {
                    var element = try subscriptValue(container, indices, at: expr.location)
                    if try body(&element) { _ = try setScriptSubscript(container, indices, element, at: expr.location) }
                    return
                }
                guard let object = container.hostObject, let type = hostType(of: object), let accessors = type.subscriptAccessors else {
                    throw fail("value of type '\(typeName(of: container))' has no subscripts", expr.location)
                }
                var element = try host(expr.location) { try accessors.get(container, indices.map(\.value)) }
                if try body(&element) {
                    guard let set = accessors.set else {
                        throw fail("cannot assign through subscript: subscript of '\(typeName(of: container))' is get-only", expr.location)
                    }
                    try host(expr.location) { try set(container, indices.map(\.value), element) }
                }
                return
            }
            try modify(base, env, kind, at: location) { storage in
                try self.modifySubscript(&storage, indices, at: expr.location, body)
            }
        case .tupleElement(let base, let index):
            try modify(base, env, kind, at: location) { storage in
                guard case .tuple(let tuple) = storage, index < tuple.elements.count else {
                    throw self.fail("value of type '\(self.typeName(of: storage))' has no member '\(index)'", expr.location)
                }
                var elements = tuple.elements
                let changed = try body(&elements[index])
                if changed { storage = .tuple(Tuple(elements, labels: tuple.labels)) }
                return changed
            }
        case .forceUnwrap(let operand), .optionalLink(let operand):
            let isLink: Bool
            if case .optionalLink = expr.kind { isLink = true } else { isLink = false }
            try modify(operand, env, kind, at: location) { storage in
                if case .nil = storage {
                    if isLink { throw OptionalChainNil() }
                    throw self.fail("unexpectedly found nil while unwrapping an Optional value", expr.location)
                }
                guard case .some(var wrapped) = storage else { return try body(&storage) }
                storage = .void
                defer { storage = .some(wrapped) }
                return try body(&wrapped)
            }
        case .optionalChain(let operand):
            do {
                try modify(operand, env, kind, at: location, body)
            } catch is OptionalChainNil {
            }
        default:
            var value = try evaluate(expr, env)
            if try body(&value) {
                throw fail(kind == .mutatingMember ? "cannot use mutating member on immutable value" : "cannot assign to this expression",
                       expr.location)
            }
        }
    }

    /// Runs `body` on the storage of a variable.
    private func modifyVariable(_ reference: VariableReference, _ env: Environment?, _ kind: MutationKind,
                                _ body: (inout Value) throws -> Bool) throws {
        switch reference.binding {
        case .local(let depth, let slot):
            let slots = env!.slots(upBy: depth)
            if reference.isConstant {
                var copy = slots[slot]
                if try body(&copy) { throw constantError(reference.name, kind, at: reference.location) }
                return
            }
            var value = slots[slot]
            slots[slot] = .void
            defer { slots[slot] = value }
            _ = try body(&value)
        case .global:
            let global = try globalSlot(reference)
            if global.isConstant {
                var copy = global.value
                if try body(&copy) { throw constantError(reference.name, kind, at: reference.location) }
                return
            }
            var value = global.value
            global.value = .void
            defer { global.value = value }
            _ = try body(&value)
        case .implicitMember(let selfDepth, let selfSlot):
            let slots = env!.slots(upBy: selfDepth)
            if slots[selfSlot].isStructValue {
                return try modifySelfMember(reference, slots, selfSlot, kind, body)
            }
            let receiver = slots[selfSlot]
            if try memberIfPresent(of: receiver, reference.name, at: reference.location) != nil {
                try modifyMember(of: receiver, reference.name, kind, at: reference.location, body)
            } else {
                let global = try globalSlot(reference)
                var value = global.value
                if try body(&value) {
                    if global.isConstant { throw constantError(reference.name, kind, at: reference.location) }
                    global.value = value
                }
            }
        case .unresolved:
            throw fail("cannot find '\(reference.name)' in scope", reference.location)
        }
    }

    private func constantError(_ name: String, _ kind: MutationKind, at location: SourceLocation) -> ScriptError {
        let why = name == "self" ? "'self' is immutable" : "'\(name)' is a 'let' constant"
        switch kind {
        case .assignment: return fail("cannot assign to value: \(why)", location)
        case .memberAssignment: return fail("cannot assign to property: \(why)", location)
        case .mutatingMember: return fail("cannot use mutating member on immutable value: \(why)", location)
        }
    }

    /// Runs `body` on the member `reference` names of the struct `self` in
    /// `slots[selfSlot]` (inside one of its methods, where `self.` is omitted).
    private func modifySelfMember(_ reference: VariableReference, _ slots: UnsafeMutablePointer<Value>, _ selfSlot: Int,
                                  _ kind: MutationKind, _ body: (inout Value) throws -> Bool) throws {
        if reference.isConstant {
            var copy = slots[selfSlot]
            if try modifyStructMember(&copy, reference.name, kind, at: reference.location, body) {
                throw constantError("self", kind == .assignment ? .memberAssignment : kind, at: reference.location)
            }
            return
        }
        var value = slots[selfSlot]
        slots[selfSlot] = .void
        defer { slots[selfSlot] = value }
        _ = try modifyStructMember(&value, reference.name, kind, at: reference.location, body)
    }

    /// Makes `storage`, a struct value, the only holder of its instance (copying
    /// the instance if another value shares it), so that it can change in place.
    func makeUniqueStruct(_ storage: inout Value) {
        guard case .instance(var instance) = storage else { return }
        storage = .void
        if !isKnownUniquelyReferenced(&instance) { instance = instance.copy() }
        storage = .instance(instance)
    }

    /// Runs `body` on a member of the struct value in `storage` (a stored
    /// property, or a computed one, whose setter then changes the value); true
    /// when the value changed.
    func modifyStructMember(_ storage: inout Value, _ name: String, _ kind: MutationKind, at location: SourceLocation,
                            _ body: (inout Value) throws -> Bool) throws -> Bool {
        makeUniqueStruct(&storage)
        guard let scriptClass = storage.valueTypeClass else { return false }
        if let property = scriptClass.findStoredProperty(name), !property.isStatic {
            guard case .instance(let instance) = storage else { return false }
            var value = instance.fields[name] ?? .nil
            if property.isConstant && !instance.isInitializing {
                if try body(&value) {
                    throw fail(kind == .mutatingMember ? "cannot use mutating member on immutable value: '\(name)' is a 'let' constant"
                                                       : "cannot assign to property: '\(name)' is a 'let' constant", location)
                }
                return false
            }
            let isObserved = !instance.isInitializing && (property.willSet != nil || property.didSet != nil)
            var wasDouble = false
            if case .double = value { wasDouble = true }
            if !isObserved { instance.fields[name] = .void }
            let changed: Bool
            do {
                changed = try body(&value)
            } catch {
                if !isObserved { instance.fields[name] = value }
                throw error
            }
            guard changed else {
                if !isObserved { instance.fields[name] = value }
                return false
            }
            if let type = property.type {
                value = try coerce(value, to: type, at: location, context: "type")
            } else if wasDouble, case .int(let i) = value {
                // A Double property keeps its type when given an integer (`r.height = 2`).
                value = .double(Double(i))
            }
            guard isObserved else {
                instance.fields[name] = value
                return true
            }
            // The observers are mutating methods of the value.
            let owner = declaringClass(of: name, in: scriptClass)
            if let willSet = property.willSet {
                _ = try invokeMutating(willSet, closure: owner?.closure, receiver: &storage, bound: [.value(value)], at: location)
            }
            guard case .instance(let current) = storage else { return true }
            let oldValue = current.fields[name] ?? .nil
            current.fields[name] = value
            if let didSet = property.didSet {
                _ = try invokeMutating(didSet, closure: owner?.closure, receiver: &storage, bound: [.value(oldValue)], at: location)
            }
            return true
        }
        if let (getter, declaring) = scriptClass.findComputedProperty(name) {
            var value = try invoke(getter, closure: declaring.closure, receiver: storage, owner: declaring, bound: [], at: location)
            guard try body(&value) else { return false }
            guard let (setter, setterOwner) = scriptClass.findComputedSetter(name) else {
                throw fail("cannot assign to property: '\(name)' is a get-only property", location)
            }
            _ = try invokeMutating(setter, closure: setterOwner.closure, receiver: &storage, bound: [.value(value)], at: location)
            return true
        }
        if scriptClass.findMethods(name) != nil {
            throw fail("cannot assign to value: '\(name)' is a method", location)
        }
        throw noMember(storage, name, at: location)
    }

    /// Runs `body` on `value[indices]` of the struct value in `storage`, through
    /// its subscript's getter and (when the element changed) setter.
    func modifyStructSubscript(_ storage: inout Value, _ indices: [CallArgument], at location: SourceLocation,
                               _ body: (inout Value) throws -> Bool) throws -> Bool {
        guard case .instance(let instance) = storage, let (getters, declaring) = instance.scriptClass.findSubscripts() else {
            throw fail("value of type '\(typeName(of: storage))' has no subscripts", location)
        }
        var element = try callFunction(Function(name: "subscript", body: .script(getters, declaring.closure),
                                                receiver: storage, owner: declaring), indices, at: location)
        guard try body(&element) else { return false }
        guard let (setters, setterOwner) = instance.scriptClass.findSubscriptSetters() else {
            throw fail("cannot assign through subscript: subscript of '\(instance.className)' is get-only", location)
        }
        let arguments = indices + [CallArgument(label: nil, value: element, location: location)]
        let (index, bound) = try chooseOverload(setters.map { $0.parameters.map { ParameterShape(label: $0.label, hasDefault: $0.defaultValue != nil, isVariadic: $0.isVariadic) } },
                                                arguments, name: "subscript", at: location)
        makeUniqueStruct(&storage)
        _ = try invokeMutating(setters[index], closure: setterOwner.closure, receiver: &storage, bound: bound, at: location)
        return true
    }

    /// Runs `body` on a member of an object (an instance's stored property, a
    /// host property, a type's static property).
    private func modifyMember(of object: Value, _ name: String, _ kind: MutationKind, at location: SourceLocation,
                              _ body: (inout Value) throws -> Bool) throws {
        if case .instance(let instance) = object, var value = instance.fields[name] {
            let property = instance.scriptClass.findStoredProperty(name)
            let isConstant = (property?.isConstant ?? false) && !instance.isInitializing
            if isConstant {
                if try body(&value) {
                    throw fail(kind == .mutatingMember ? "cannot use mutating member on immutable value: '\(name)' is a 'let' constant"
                                                       : "cannot assign to property: '\(name)' is a 'let' constant", location)
                }
                return
            }
            if let property, !instance.isInitializing, property.willSet != nil || property.didSet != nil {
                // Observed: the old value stays in place until the new one is set.
                if try body(&value) { try setStoredProperty(instance, property, value, at: location) }
                return
            }
            instance.fields[name] = .void
            let changed: Bool
            do {
                changed = try body(&value)
            } catch {
                instance.fields[name] = value
                throw error
            }
            if changed {
                try setField(instance, name, value, at: location)
            } else {
                instance.fields[name] = value
            }
            return
        }
        var value = try member(of: object, name, at: location)
        if try body(&value) {
            try setMember(of: object, name, value, at: location)
        }
    }

    /// Runs `body` on an element of an array or dictionary held in `storage`.
    func modifySubscript(_ storage: inout Value, _ indices: [CallArgument], at location: SourceLocation,
                         _ body: (inout Value) throws -> Bool) throws -> Bool {
        // The container is taken out of `storage` before it changes, so that it is
        // uniquely referenced and updated in place (a `switch` binding would keep
        // a second reference alive).
        if storage.isStructValue { return try modifyStructSubscript(&storage, indices, at: location, body) }
        if case .array = storage {
            guard case .array(var elements) = storage else { return false }
            guard indices.count == 1, indices[0].label == nil else {
                throw fail("value of type '\(typeName(of: storage))' takes exactly one subscript index", location)
            }
            switch indices[0].value {
            case .int(let i):
                guard i >= 0 && i < elements.count else { throw indexOutOfRange(i, elements.count, at: location) }
                storage = .void
                defer { storage = .array(elements) }
                return try body(&elements[i])
            case .range(let range):
                let (lower, upper) = try bounds(range, count: elements.count, at: location)
                var slice = Value.array(Array(elements[lower..<upper]))
                guard try body(&slice) else { return false }
                guard case .array(let replacement) = slice else {
                    throw fail("cannot assign value of type '\(typeName(of: slice))' to an array slice", location)
                }
                storage = .void
                elements.replaceSubrange(lower..<upper, with: replacement)
                storage = .array(elements)
                return true
            case let index:
                throw fail("cannot subscript a value of type '\(typeName(of: storage))' with an argument of type '\(typeName(of: index))'", location)
            }
        }
        if case .dictionary = storage {
            guard case .dictionary(var dictionary) = storage else { return false }
            let key = try dictionaryKey(indices, of: storage, at: location)
            let defaultValue = indices.count == 2 ? indices[1].value : nil
            storage = .void
            // Take the element out too, so that it is uniquely referenced while it changes.
            var existed = false
            var element = defaultValue ?? .nil
            if let stored = dictionary.take(key) {
                existed = true
                element = defaultValue == nil ? stored.wrappedAsOptional : stored
            }
            let changed: Bool
            do {
                changed = try body(&element)
            } catch {
                if existed { dictionary.set(element.removingOneOptionalLevel, for: key) }
                storage = .dictionary(dictionary)
                throw error
            }
            guard changed else {
                if existed { dictionary.set(element.removingOneOptionalLevel, for: key) }
                storage = .dictionary(dictionary)
                return false
            }
            switch element {
            case .nil: dictionary.remove(key)
            case .some(let wrapped): dictionary.set(wrapped, for: key)
            default: dictionary.set(element, for: key)
            }
            storage = .dictionary(dictionary)
            return true
        }
        switch storage {
        case .some:
            throw mustUnwrap(storage, location)
        default:
            throw fail("value of type '\(typeName(of: storage))' has no subscripts", location)
        }
    }
}
