/// Members (properties and methods) and subscripts of every kind of value.
extension Interpreter {
    /// `value.name`.
    func member(of value: Value, _ name: String, at location: SourceLocation) throws -> Value {
        if let found = try memberIfPresent(of: value, name, at: location) { return found }
        throw noMember(value, name, at: location)
    }

    /// The property or methods `name` of a host object or builtin value, as
    /// `memberIfPresent` and `callMember` find them (a property first), cached in
    /// the member expression; nil for other values and other members.
    func cachedMember(_ member: Expr, of value: Value, _ name: String) -> MemberCache.Member? {
        let receiverKind: ObjectIdentifier
        switch value {
        case .host(let object): receiverKind = ObjectIdentifier(type(of: object))
        case .int: receiverKind = ObjectIdentifier(types.int)
        case .double: receiverKind = ObjectIdentifier(types.double)
        case .string: receiverKind = ObjectIdentifier(types.string)
        case .array: receiverKind = ObjectIdentifier(types.array)
        case .dictionary: receiverKind = ObjectIdentifier(types.dictionary)
        default: return nil
        }
        let changes = HostType.memberChanges.load(ordering: .relaxed)
        if let cache = member.memberCache, cache.receiverKind == receiverKind, cache.memberChanges == changes,
           cache.interpreter == ObjectIdentifier(self) {
            return cache.member
        }
        let type: HostType?
        if case .host(let object) = value { type = hostType(of: object) } else { type = types.type(of: value) }
        guard let type else { return nil }
        let found: MemberCache.Member
        if let property = type.findProperty(name) {
            found = .property(property.get)
        } else if let methods = type.findMethods(name) {
            found = .methods(methods)
        } else {
            return nil
        }
        member.memberCache = MemberCache(receiverKind: receiverKind, interpreter: ObjectIdentifier(self),
                                         memberChanges: changes, member: found)
        return found
    }

    /// `value.name`, or nil when the value has no such member.
    func memberIfPresent(of value: Value, _ name: String, at location: SourceLocation) throws -> Value? {
        switch value {
        case .instance(let instance):
            if let field = instance.fields[name] { return field }
            let scriptClass = instance.scriptClass
            if let property = scriptClass.findStoredProperty(name), let lazyInitializer = property.lazyInitializer {
                // The first read of a `lazy var` computes and stores its value.
                let owner = declaringClass(of: name, in: scriptClass)
                var initial = try invoke(lazyInitializer, closure: owner?.closure, receiver: value, owner: owner, bound: [],
                                         at: location)
                if let type = property.type { initial = try coerce(initial, to: type, at: property.location, context: "specified type") }
                try setField(instance, name, initial, at: location)
                return initial
            }
            if let enumCase = instance.enumCase, name == "rawValue", let raw = scriptClass.rawValues[enumCase.name] {
                return raw
            }
            if let (getter, declaring) = scriptClass.findComputedProperty(name) {
                return try invoke(getter, closure: declaring.closure, receiver: value, owner: declaring, bound: [], at: location)
            }
            if let (methods, declaring) = scriptClass.findMethods(name) {
                return .function(Function(name: name, body: .script(methods, declaring.closure), receiver: value, owner: declaring))
            }
            if let hostType = scriptClass.hostSuperclass, instance.hostBase != nil,
               let found = try hostMember(of: value, receiver: value, type: hostType, name, at: location) {
                return found
            }
            if isSequence(instance), let methods = types.sequence.findMethods(name) {
                // The standard library's sequence methods, on the elements.
                let elements = Value.array(try self.elements(of: value, at: location))
                return .function(Function(name: name, body: .native(methods), receiver: elements))
            }
            return nil
        case .host(let object):
            guard let hostType = hostType(of: object) else { return nil }
            if let found = try hostMember(of: value, receiver: value, type: hostType, name, at: location) { return found }
            return try extensionMember(of: value, type: hostType, name, at: location)
        case .type(let type):
            return try staticMember(of: type, name, at: location)
        case .tuple(let tuple):
            if let index = tuple.labels.firstIndex(of: name) { return tuple.elements[index] }
            return nil
        case .some, .nil:
            return nil
        default:
            guard let type = types.type(of: value) else { return nil }
            if let found = try hostMember(of: value, receiver: value, type: type, name, at: location) { return found }
            return try extensionMember(of: value, type: type, name, at: location)
        }
    }

    /// A member that an `extension` in a cell added to a host or builtin type
    /// (or to one of its ancestors).
    func extensionMember(of value: Value, type: HostType, _ name: String, at location: SourceLocation) throws -> Value? {
        guard !hostExtensions.isEmpty else { return nil }
        for t in type.lineage {
            guard let added = hostExtensions[ObjectIdentifier(t)] else { continue }
            if let (getter, declaring) = added.findComputedProperty(name) {
                return try invoke(getter, closure: nil, receiver: value, owner: declaring, bound: [], at: location)
            }
            if let (methods, declaring) = added.findMethods(name) {
                return .function(Function(name: name, body: .script(methods, nil), receiver: value, owner: declaring))
            }
        }
        return nil
    }

    /// A static member that an `extension` added to a host or builtin type.
    private func extensionStaticMember(of type: HostType, _ name: String, at location: SourceLocation) throws -> Value? {
        for t in type.lineage {
            guard let added = hostExtensions[ObjectIdentifier(t)] else { continue }
            if let (getter, declaring) = added.findStaticComputedProperty(name) {
                return try invoke(getter, closure: nil, receiver: .type(.host(type)), owner: declaring, bound: [], at: location)
            }
            if let (methods, declaring) = added.findStaticMethods(name) {
                return .function(Function(name: name, body: .script(methods, nil), receiver: .type(.host(type)), owner: declaring))
            }
        }
        return nil
    }

    /// An enum's case (`Color.red`), case constructor (`Shape.circle`) or
    /// `allCases`.
    private func enumCaseMember(of scriptClass: ScriptClass, _ name: String) -> Value? {
        if let value = scriptClass.caseValues[name] { return .instance(value) }
        if let declared = scriptClass.enumCases.first(where: { $0.name == name }), let labels = declared.parameters {
            let parameters = labels.enumerated().map { k, label in label.map { "\($0): Any" } ?? "_ value\(k): Any" }
            let constructor = NativeFunction("\(name)(\(parameters.joined(separator: ", ")))") { [unowned self, unowned scriptClass] a in
                let value = ScriptInstance(scriptClass: scriptClass, interpreter: self)
                let values = try (0..<labels.count).map { k in
                    try self.coerce(a[k], to: declared.parameterTypes[k], at: a.location, context: "expected argument type")
                }
                value.enumCase = EnumCaseValue(name: name, payload: Tuple(values, labels: labels))
                return .instance(value)
            }
            return .function(Function(name: name, body: .native([constructor])))
        }
        if name == "allCases", scriptClass.enumCases.allSatisfy({ $0.parameters == nil }) {
            return .array(scriptClass.enumCases.compactMap { scriptClass.caseValues[$0.name].map(Value.instance) })
        }
        return nil
    }

    /// Whether a cell class is a sequence: it adopts `Sequence` (with
    /// `makeIterator()`) or `IteratorProtocol` (with `next()`).
    func isSequence(_ instance: ScriptInstance) -> Bool {
        let c = instance.scriptClass
        return c.findMethods("makeIterator") != nil || (c.conforms(to: "IteratorProtocol") && c.findMethods("next") != nil)
            || (c.conforms(to: "Sequence") && c.findMethods("next") != nil)
    }

    /// A member of a host (or builtin) type: a property, a method bound to the
    /// receiver, or a dynamic member.
    func hostMember(of value: Value, receiver: Value, type: HostType, _ name: String, at location: SourceLocation) throws -> Value? {
        if let property = type.findProperty(name) {
            return try host(location) { try property.get(receiver) }
        }
        if let methods = type.findMethods(name) {
            return .function(Function(name: name, body: .native(methods), receiver: receiver))
        }
        if let dynamic = type.dynamicMemberAccessors {
            return try host(location) { try dynamic.get(receiver, name) }
        }
        return nil
    }

    /// A static member of a type (a static property or method, an enum case), or nil.
    func staticMemberIfPresent(of type: ScriptType, _ name: String, at location: SourceLocation) throws -> Value? {
        try staticMember(of: type, name, at: location)
    }

    private func staticMember(of type: ScriptType, _ name: String, at location: SourceLocation) throws -> Value? {
        switch type {
        case .script(let scriptClass):
            if scriptClass.hasCases, let found = enumCaseMember(of: scriptClass, name) { return found }
            var current: ScriptClass? = scriptClass
            while let c = current {
                if let value = c.staticValues[name] { return value }
                current = c.superclass
            }
            if let (methods, declaring) = scriptClass.findStaticMethods(name) {
                return .function(Function(name: name, body: .script(methods, declaring.closure),
                                          receiver: .type(type), owner: declaring))
            }
            if let (getter, declaring) = scriptClass.findStaticComputedProperty(name) {
                return try invoke(getter, closure: declaring.closure, receiver: .type(type), owner: declaring, bound: [], at: location)
            }
            if let hostType = scriptClass.hostSuperclass {
                let found = try staticMember(of: .host(hostType), name, at: location)
                // A host type's static method called through a cell subclass receives
                // the subclass (`LegendrePolynomial3.apply(x)` knows its class).
                if case .function(let function)? = found, case .native(let methods) = function.body {
                    return .function(Function(name: name, body: .native(methods), receiver: .type(type)))
                }
                return found
            }
            return nil
        case .host(let hostType):
            if let property = hostType.findStaticProperty(name) { return try host(location) { try property() } }
            if let methods = hostType.findStaticMethods(name) {
                return .function(Function(name: name, body: .native(methods), receiver: .type(type)))
            }
            return try extensionStaticMember(of: hostType, name, at: location)
        case .named:
            return nil
        }
    }

    /// `receiver.name(arguments)`.
    func callMember(_ receiver: Value, _ name: String, _ arguments: [CallArgument], at location: SourceLocation,
                    asCall: Bool = false, memberLocation: SourceLocation? = nil) throws -> Value {
        switch receiver {
        case .instance(let instance):
            if instance.isValue, !mutatingMethodNames.isEmpty, mutatingMethodNames.contains(name),
               let (methods, _) = instance.scriptClass.findMethods(name), methods.contains(where: \.isMutating) {
                throw fail("cannot use mutating member on immutable value of type '\(instance.className)'", memberLocation ?? location)
            }
            if instance.fields[name] == nil, let (methods, declaring) = instance.scriptClass.findMethods(name) {
                return try callFunction(Function(name: name, body: .script(methods, declaring.closure),
                                                 receiver: receiver, owner: declaring), arguments, at: location)
            }
        case .host(let object):
            if let type = hostType(of: object), let methods = type.findMethods(name) {
                return try callNative(methods, receiver: receiver, arguments, name: name, at: location)
            }
        case .some, .nil, .type, .tuple:
            break
        default:
            if let type = types.type(of: receiver), let methods = type.findMethods(name) {
                return try callNative(methods, receiver: receiver, arguments, name: name, at: location)
            }
        }
        guard let value = try memberIfPresent(of: receiver, name, at: location) else {
            if asCall { throw fail("cannot call value of non-function type '\(typeName(of: receiver))'", location) }
            throw noMember(receiver, name, at: memberLocation ?? location)
        }
        return try callValue(value, arguments, at: location)
    }

    /// The error for a missing member, with a suggestion.
    func noMember(_ value: Value, _ name: String, at location: SourceLocation) -> ScriptError {
        switch value {
        case .some(let wrapped):
            return fail("value of optional type '\(typeName(of: value))' must be unwrapped to refer to member '\(name)' of wrapped base type '\(typeName(of: wrapped))'", location)
        case .nil:
            return fail("value of optional type 'nil' has no member '\(name)' (the value is nil)", location)
        case .type(let type):
            return fail("type '\(type.name)' has no member '\(name)'" + DidYouMean.suggestion(for: name, among: staticMemberNames(of: type)), location)
        default:
            return fail("value of type '\(typeName(of: value))' has no member '\(name)'"
                        + DidYouMean.suggestion(for: name, among: memberNames(of: value), excluding: []), location)
        }
    }

    /// The member names of a value, for suggestions.
    func memberNames(of value: Value) -> [String] {
        switch value {
        case .instance(let instance):
            var names = instance.scriptClass.memberNames
            if let hostType = instance.scriptClass.hostSuperclass { names += hostType.memberNames(of: value) }
            return names
        case .host(let object):
            return hostType(of: object)?.memberNames(of: value) ?? []
        case .tuple(let tuple):
            return tuple.labels.compactMap { $0 }
        default:
            return types.type(of: value)?.memberNames(of: value) ?? []
        }
    }

    func staticMemberNames(of type: ScriptType) -> [String] {
        switch type {
        case .script(let c):
            return c.decl.methods.filter(\.isStatic).map(\.name) + c.decl.properties.filter(\.isStatic).map(\.name)
                + c.enumCases.map(\.name)
                + c.decl.computedProperties.filter(\.isStatic).map(\.name)
        case .host(let h): return h.staticMemberNames
        case .named: return []
        }
    }

    // MARK: Setting members

    /// Whether assigning to a member of the value changes an object rather than
    /// the value itself.
    func isReference(_ value: Value) -> Bool {
        switch value {
        case .instance(let instance): return !instance.isValue
        case .host, .type, .function: return true
        default: return false
        }
    }

    /// `object.name = value` for an instance, a host object or a type.
    func setMember(of object: Value, _ name: String, _ value: Value, at location: SourceLocation) throws {
        switch object {
        case .instance(let instance):
            if let property = instance.scriptClass.findStoredProperty(name) {
                if property.isConstant && !instance.isInitializing {
                    throw fail("cannot assign to property: '\(name)' is a 'let' constant", location)
                }
                var value = value
                if let type = property.type { value = try coerce(value, to: type, at: location, context: "type") }
                try setStoredProperty(instance, property, value, at: location)
                return
            }
            if instance.scriptClass.findComputedProperty(name) != nil {
                guard let (setter, declaring) = instance.scriptClass.findComputedSetter(name) else {
                    throw fail("cannot assign to property: '\(name)' is a get-only property", location)
                }
                _ = try invoke(setter, closure: declaring.closure, receiver: object, owner: declaring,
                               bound: [.value(value)], at: location)
                return
            }
            if let hostType = instance.scriptClass.hostSuperclass, instance.hostBase != nil,
               try setHostMember(of: object, type: hostType, name, value, at: location) {
                return
            }
        case .host(let hostObject):
            if let hostType = hostType(of: hostObject), try setHostMember(of: object, type: hostType, name, value, at: location) {
                return
            }
        case .type(.script(let scriptClass)):
            if let property = scriptClass.decl.properties.first(where: { $0.name == name && $0.isStatic }) {
                if property.isConstant {
                    throw fail("cannot assign to property: '\(name)' is a 'let' constant", location)
                }
                scriptClass.staticValues[name] = value
                return
            }
        default:
            if let type = types.type(of: object), type.findProperty(name) != nil {
                throw fail("cannot assign to property: '\(name)' is a get-only property", location)
            }
        }
        throw noMember(object, name, at: location)
    }

    /// Stores a stored property, running its `willSet` and `didSet` observers
    /// (which initializers do not run, as in Swift).
    func setStoredProperty(_ instance: ScriptInstance, _ property: PropertyDecl, _ value: Value,
                           at location: SourceLocation) throws {
        guard !instance.isInitializing, property.willSet != nil || property.didSet != nil else {
            return try setField(instance, property.name, value, at: location)
        }
        let owner = declaringClass(of: property.name, in: instance.scriptClass)
        if let willSet = property.willSet {
            _ = try invoke(willSet, closure: owner?.closure, receiver: .instance(instance), owner: owner,
                           bound: [.value(value)], at: location)
        }
        let oldValue = instance.fields[property.name] ?? .nil
        try setField(instance, property.name, value, at: location)
        if let didSet = property.didSet {
            _ = try invoke(didSet, closure: owner?.closure, receiver: .instance(instance), owner: owner,
                           bound: [.value(oldValue)], at: location)
        }
    }

    /// The class (the given one or an ancestor) that declares a stored property.
    func declaringClass(of property: String, in scriptClass: ScriptClass) -> ScriptClass? {
        var current: ScriptClass? = scriptClass
        while let c = current {
            if c.decl.properties.contains(where: { $0.name == property }) { return c }
            current = c.superclass
        }
        return nil
    }

    private func setHostMember(of object: Value, type: HostType, _ name: String, _ value: Value,
                               at location: SourceLocation) throws -> Bool {
        if let property = type.findProperty(name) {
            guard let set = property.set else {
                throw fail("cannot assign to property: '\(name)' is a get-only property", location)
            }
            try host(location) { try set(object, value) }
            return true
        }
        if let dynamic = type.dynamicMemberAccessors, let set = dynamic.set {
            return try host(location) { try set(object, name, value) }
        }
        return false
    }

    // MARK: Subscripts

    /// `instance[indices] = value` through a cell class's subscript setter; false
    /// when the class declares no subscript.
    func setScriptSubscript(_ receiver: Value, _ indices: [CallArgument], _ value: Value,
                            at location: SourceLocation) throws -> Bool {
        guard case .instance(let instance) = receiver, instance.scriptClass.findSubscripts() != nil else { return false }
        guard let (setters, declaring) = instance.scriptClass.findSubscriptSetters() else {
            throw fail("cannot assign through subscript: subscript of '\(instance.className)' is get-only", location)
        }
        _ = try callFunction(Function(name: "subscript", body: .script(setters, declaring.closure), receiver: receiver,
                                      owner: declaring),
                             indices + [CallArgument(label: nil, value: value, location: location)], at: location)
        return true
    }

    /// `receiver[indices]`.
    func subscriptValue(_ receiver: Value, _ indices: [CallArgument], at location: SourceLocation) throws -> Value {
        switch receiver {
        case .array(let elements):
            let index = try singleIndex(indices, of: receiver, at: location)
            switch index {
            case .int(let i):
                guard i >= 0 && i < elements.count else { throw indexOutOfRange(i, elements.count, at: location) }
                return elements[i]
            case .range(let range):
                let (lower, upper) = try bounds(range, count: elements.count, at: location)
                return .array(Array(elements[lower..<upper]))
            default:
                throw fail("cannot subscript a value of type '\(typeName(of: receiver))' with an argument of type '\(typeName(of: index))'", location)
            }
        case .dictionary(let dictionary):
            let key = try dictionaryKey(indices, of: receiver, at: location)
            if let found = dictionary[key] { return found.wrappedAsOptional }
            if let defaultValue = indices.first(where: { $0.label == "default" }) { return defaultValue.value }
            return .nil
        case .string(let string):
            let index = try singleIndex(indices, of: receiver, at: location)
            guard case .range(let range) = index else {
                throw fail("'subscript(_:)' is unavailable: cannot subscript String with an Int; use Array(string)[i]", location)
            }
            let characters = Array(string)
            let (lower, upper) = try bounds(range, count: characters.count, at: location)
            return .string(String(characters[lower..<upper]))
        case .host, .instance:
            if case .instance(let instance) = receiver, let (getters, declaring) = instance.scriptClass.findSubscripts() {
                return try callFunction(Function(name: "subscript", body: .script(getters, declaring.closure),
                                                 receiver: receiver, owner: declaring), indices, at: location)
            }
            guard let object = receiver.hostObject, let type = hostType(of: object), let accessors = type.subscriptAccessors else {
                throw fail("value of type '\(typeName(of: receiver))' has no subscripts", location)
            }
            return try host(location) { try accessors.get(receiver, indices.map(\.value)) }
        case .some:
            throw mustUnwrap(receiver, location)
        default:
            throw fail("value of type '\(typeName(of: receiver))' has no subscripts", location)
        }
    }

    private func singleIndex(_ indices: [CallArgument], of receiver: Value, at location: SourceLocation) throws -> Value {
        guard indices.count == 1, indices[0].label == nil else {
            throw fail("value of type '\(typeName(of: receiver))' takes exactly one subscript index", location)
        }
        return indices[0].value
    }

    func dictionaryKey(_ indices: [CallArgument], of receiver: Value, at location: SourceLocation) throws -> DictionaryKey {
        guard let first = indices.first, first.label == nil,
              indices.count == 1 || (indices.count == 2 && indices[1].label == "default") else {
            throw fail("dictionary subscripts take a key (and optionally 'default:')", location)
        }
        guard let key = DictionaryKey(first.value) else {
            throw fail("type '\(typeName(of: first.value))' does not conform to protocol 'Hashable'", first.location)
        }
        return key
    }

    func indexOutOfRange(_ index: Int, _ count: Int, at location: SourceLocation) -> ScriptError {
        fail("index out of range: index \(index) in a collection of \(count) element\(count == 1 ? "" : "s")", location)
    }

    /// A range's bounds checked against a collection of `count` elements.
    func bounds(_ range: RangeValue, count: Int, at location: SourceLocation) throws -> (Int, Int) {
        let (lower, upper) = range.resolved(count: count)
        guard lower >= 0, upper <= count, lower <= upper else {
            throw fail("range out of bounds: \(describe(.range(range))) in a collection of \(count) element\(count == 1 ? "" : "s")", location)
        }
        return (lower, upper)
    }
}
