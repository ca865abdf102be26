/// A dictionary of the cell language. Unlike Swift's, it keeps insertion order,
/// so that printing a dictionary is reproducible from run to run.
public struct ScriptDictionary {
    /// The entries and their index, shared by copies until one changes. A
    /// class, so that releasing a deeply nested dictionary (`d = ["a": d]`
    /// a million times) goes through `DeferredRelease` instead of recursing.
    private final class Storage {
        var entries: [(key: Value, value: Value)] = []
        var index: [DictionaryKey: Int] = [:]

        init() {}

        init(copying other: Storage) {
            entries = other.entries
            index = other.index
        }

        deinit {
            if !entries.isEmpty {
                DeferredRelease.release({ entries = [] }, orPark: {
                    let contents = entries
                    entries = []
                    return contents
                })
            }
        }
    }

    private var storage = Storage()

    /// The entries, in insertion order.
    public var entries: [(key: Value, value: Value)] { storage.entries }

    /// Creates an empty dictionary.
    public init() {}

    /// The number of entries.
    public var count: Int { storage.entries.count }

    /// The storage, copied first when another dictionary shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
        return storage
    }

    /// The value for `key`, if any.
    public subscript(key: DictionaryKey) -> Value? {
        guard let position = storage.index[key] else { return nil }
        return storage.entries[position].value
    }

    /// Sets or replaces the value for `key`.
    public mutating func set(_ value: Value, for key: DictionaryKey) {
        let storage = unique()
        if let position = storage.index[key] {
            storage.entries[position].value = value
        } else {
            storage.index[key] = storage.entries.count
            storage.entries.append((key.value, value))
        }
    }

    /// Returns `key`'s value, leaving `()` in its place (the entry keeps its
    /// position), so that the caller holds the only reference while changing it.
    mutating func take(_ key: DictionaryKey) -> Value? {
        guard self.storage.index[key] != nil else { return nil }
        let storage = unique()
        let position = storage.index[key]!
        let value = storage.entries[position].value
        storage.entries[position].value = .void
        return value
    }

    /// Removes `key`'s entry and returns its value.
    @discardableResult
    public mutating func remove(_ key: DictionaryKey) -> Value? {
        guard self.storage.index[key] != nil else { return nil }
        let storage = unique()
        guard let position = storage.index.removeValue(forKey: key) else { return nil }
        let removed = storage.entries.remove(at: position).value
        for k in position..<storage.entries.count {
            // Keys stored in the dictionary are hashable by construction.
            if let moved = DictionaryKey(storage.entries[k].key) { storage.index[moved] = k }
        }
        return removed
    }

    /// The same keys, in the same order, with each value transformed.
    func mapValues(_ transform: (Value) throws -> Value) rethrows -> ScriptDictionary {
        var result = self
        let storage = result.unique()
        for position in storage.entries.indices {
            storage.entries[position].value = try transform(storage.entries[position].value)
        }
        return result
    }

    /// Removes every entry.
    public mutating func removeAll() {
        storage = Storage()
    }
}

/// A value usable as a dictionary key: a Bool, an Int, a Double, a String or a
/// tuple of those.
public struct DictionaryKey: Hashable {
    /// The key's value.
    public let value: Value

    /// The key for `value`, or nil when `value` is not hashable.
    public init?(_ value: Value) {
        guard DictionaryKey.isHashable(value) else { return nil }
        self.value = value
    }

    private static func isHashable(_ value: Value) -> Bool {
        switch value {
        case .bool, .int, .double, .string, .nil: return true
        case .some(let inner): return isHashable(inner)
        case .tuple(let tuple): return tuple.elements.allSatisfy(isHashable)
        case .instance(let instance):
            // A struct's or an enum's value, by its stored properties or its case.
            if let enumCase = instance.enumCase { return enumCase.payload?.elements.allSatisfy(isHashable) ?? true }
            guard instance.scriptClass.isStruct else { return false }
            return instance.storedPropertyNames.allSatisfy { isHashable(instance.fields[$0] ?? .nil) }
        default: return false
        }
    }

    public static func == (a: DictionaryKey, b: DictionaryKey) -> Bool {
        DictionaryKey.equal(a.value, b.value)
    }

    private static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.nil, .nil): return true
        case (.some(let x), .some(let y)): return equal(x, y)
        case (.tuple(let x), .tuple(let y)):
            return x.elements.count == y.elements.count && zip(x.elements, y.elements).allSatisfy(equal)
        case (.instance(let x), .instance(let y)):
            guard x.scriptClass === y.scriptClass else { return false }
            if let a = x.enumCase, let b = y.enumCase {
                guard a.name == b.name else { return false }
                let p = a.payload?.elements ?? [], q = b.payload?.elements ?? []
                return p.count == q.count && zip(p, q).allSatisfy(equal)
            }
            return x.storedPropertyNames.allSatisfy { equal(x.fields[$0] ?? .nil, y.fields[$0] ?? .nil) }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        DictionaryKey.hash(value, into: &hasher)
    }

    private static func hash(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case .bool(let b): hasher.combine(0); hasher.combine(b)
        case .int(let i): hasher.combine(1); hasher.combine(i)
        case .double(let d): hasher.combine(2); hasher.combine(d)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .nil: hasher.combine(4)
        case .some(let inner): hash(inner, into: &hasher)
        case .tuple(let t): hasher.combine(5); for e in t.elements { hash(e, into: &hasher) }
        case .instance(let instance):
            hasher.combine(6)
            hasher.combine(ObjectIdentifier(instance.scriptClass))
            if let enumCase = instance.enumCase {
                hasher.combine(enumCase.name)
                for e in enumCase.payload?.elements ?? [] { hash(e, into: &hasher) }
            } else {
                for name in instance.storedPropertyNames { hash(instance.fields[name] ?? .nil, into: &hasher) }
            }
        default: break
        }
    }
}
