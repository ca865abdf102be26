/// A `Set` of the cell language: hashable values, each once. Like the
/// language's dictionaries it keeps insertion order, so that printing a set is
/// reproducible from run to run. It has value semantics: a mutating method
/// changes the variable it is called on and no copy of it.
final class ScriptSet {
    var members: ScriptDictionary

    init(_ members: ScriptDictionary = ScriptDictionary()) { self.members = members }

    /// The members, in insertion order.
    var elements: [Value] { members.entries.map(\.key) }

    func contains(_ value: Value) -> Bool {
        guard let key = DictionaryKey(value) else { return false }
        return members[key] != nil
    }
}

extension Interpreter {
    /// The set of `values`; an error names a value that is not hashable.
    func makeSet(_ values: [Value]) throws -> ScriptSet {
        var members = ScriptDictionary()
        for value in values {
            guard let key = DictionaryKey(value) else {
                throw HostError("type '\(typeName(of: value))' does not conform to protocol 'Hashable'")
            }
            if members[key] == nil { members.set(.void, for: key) }
        }
        return ScriptSet(members)
    }

    /// Registers `Set` and its members on the builtin sequence type.
    func registerSet() {
        unowned let interpreter = self
        let type = defineType("Set", for: ScriptSet.self, inherits: types.sequence)
        types.set = type
        func set(_ value: Value?) throws -> ScriptSet {
            guard case .host(let s as ScriptSet)? = value else { throw HostError("expected a 'Set'") }
            return s
        }
        type.initializer("init()") { _ in .host(ScriptSet()) }
        type.initializer("init(_ elements: Any)") { [unowned self] a in
            .host(try self.makeSet(try self.elements(of: a[0], at: a.location)))
        }
        type.iterable { value in
            let elements = try set(value).elements
            var index = 0
            return {
                guard index < elements.count else { return nil }
                defer { index += 1 }
                return elements[index]
            }
        }
        type.property("count") { .int(try set($0).members.count) }
        type.property("isEmpty") { .bool(try set($0).members.count == 0) }
        type.method("contains(_ member: Any)") { a in .bool(try set(a.receiver).contains(a[0])) }
        func other(_ a: Arguments) throws -> ScriptSet {
            if case .host(let s as ScriptSet) = a[0] { return s }
            return try interpreter.makeSet(try interpreter.elements(of: a[0], at: a.location))
        }
        type.method("union(_ other: Any)") { [unowned self] a in
            .host(try self.makeSet(try set(a.receiver).elements + other(a).elements))
        }
        type.method("intersection(_ other: Any)") { [unowned self] a in
            let b = try other(a)
            return .host(try self.makeSet(try set(a.receiver).elements.filter { b.contains($0) }))
        }
        type.method("subtracting(_ other: Any)") { [unowned self] a in
            let b = try other(a)
            return .host(try self.makeSet(try set(a.receiver).elements.filter { !b.contains($0) }))
        }
        type.method("symmetricDifference(_ other: Any)") { [unowned self] a in
            let s = try set(a.receiver), b = try other(a)
            return .host(try self.makeSet(s.elements.filter { !b.contains($0) } + b.elements.filter { !s.contains($0) }))
        }
        type.method("isSubset(of other: Any)") { a in
            let b = try other(a)
            return .bool(try set(a.receiver).elements.allSatisfy { b.contains($0) })
        }
        type.method("isSuperset(of other: Any)") { a in
            let s = try set(a.receiver)
            return .bool(try other(a).elements.allSatisfy { s.contains($0) })
        }
        type.method("isDisjoint(with other: Any)") { a in
            let b = try other(a)
            return .bool(!(try set(a.receiver).elements.contains { b.contains($0) }))
        }
        /// Changes the set stored in `value` in place when nothing else holds it.
        func mutate(_ value: inout Value, _ body: (inout ScriptDictionary) throws -> Value) throws -> Value {
            guard case .host(var object as ScriptSet) = value else { return .void }
            value = .void
            if !isKnownUniquelyReferenced(&object) { object = ScriptSet(object.members) }
            defer { value = .host(object) }
            var members = object.members
            object.members = ScriptDictionary()
            defer { object.members = members }
            return try body(&members)
        }
        func key(_ value: Value) throws -> DictionaryKey {
            guard let key = DictionaryKey(value) else {
                throw HostError("type '\(interpreter.typeName(of: value))' does not conform to protocol 'Hashable'")
            }
            return key
        }
        types.addMutating(type, "insert(_ newMember: Any)") { v, a in
            let k = try key(a[0])
            return try mutate(&v) { members in
                let inserted = members[k] == nil
                if inserted { members.set(.void, for: k) }
                return .tuple(Tuple([.bool(inserted), a[0]], labels: ["inserted", "memberAfterInsert"]))
            }
        }
        types.addMutating(type, "remove(_ member: Any)") { v, a in
            let k = try key(a[0])
            return try mutate(&v) { members in members.remove(k) != nil ? .some(a[0]) : .nil }
        }
        types.addMutating(type, "removeAll()") { v, _ in try mutate(&v) { members in members = ScriptDictionary(); return .void } }
        types.addMutating(type, "formUnion(_ other: Any)") { [unowned self] v, a in
            let values = try self.elements(of: a[0], at: a.location)
            return try mutate(&v) { members in
                for value in values {
                    let k = try key(value)
                    if members[k] == nil { members.set(.void, for: k) }
                }
                return .void
            }
        }
        type.binaryOperator("==") { lhs, rhs in
            guard case .host(let a as ScriptSet) = lhs, case .host(let b as ScriptSet) = rhs else { return nil }
            return .bool(a.members.count == b.members.count && a.elements.allSatisfy { b.contains($0) })
        }
        type.binaryOperator("!=") { lhs, rhs in
            guard case .host(let a as ScriptSet) = lhs, case .host(let b as ScriptSet) = rhs else { return nil }
            return .bool(!(a.members.count == b.members.count && a.elements.allSatisfy { b.contains($0) }))
        }
        type.describe { [unowned self] value in
            guard case .host(let s as ScriptSet) = value else { return "Set" }
            return "[" + s.elements.map { self.debugDescribe($0) }.joined(separator: ", ") + "]"
        }
    }
}
