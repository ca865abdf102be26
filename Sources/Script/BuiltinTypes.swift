import Foundation

/// The members of the builtin value types (`Int`, `Double`, `Bool`, `String`,
/// arrays, dictionaries, ranges), registered through the same `HostType` API the
/// host uses, plus the mutating methods of value types (`append`, `sort`, …),
/// which change the variable they are called on.
final class BuiltinTypes {
    /// A method that changes its receiver in place.
    struct MutatingMethod {
        let function: NativeFunction
        let body: (inout Value, Arguments) throws -> Value
    }

    unowned let interpreter: Interpreter
    let sequence = HostType(name: "Sequence", swiftClass: nil, parent: nil)
    /// `Set`, registered with the standard library (see `registerSet`).
    var set: HostType?
    let int = HostType(name: "Int", swiftClass: nil, parent: nil)
    let double = HostType(name: "Double", swiftClass: nil, parent: nil)
    let bool = HostType(name: "Bool", swiftClass: nil, parent: nil)
    let string: HostType
    let array: HostType
    let dictionary: HostType
    let range: HostType
    private var mutating: [String: [String: [MutatingMethod]]] = [:]

    /// Every mutating method name (calls to them go through in-place access).
    static let mutatingMethodNames: Set<String> = [
        "append", "insert", "remove", "removeLast", "removeFirst", "removeAll", "popLast", "sort", "reverse",
        "swapAt", "removeValue", "updateValue", "toggle", "shuffle",
    ]

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
        string = HostType(name: "String", swiftClass: nil, parent: sequence)
        array = HostType(name: "Array", swiftClass: nil, parent: sequence)
        dictionary = HostType(name: "Dictionary", swiftClass: nil, parent: sequence)
        range = HostType(name: "Range", swiftClass: nil, parent: sequence)
        registerSequence()
        registerArray()
        registerDictionary()
        registerString()
        registerNumbers()
    }

    /// The builtin types (see `Interpreter.close()`).
    var all: [HostType] { [sequence, int, double, bool, string, array, dictionary, range] + (set.map { [$0] } ?? []) }

    /// Drops the mutating methods, whose closures hold these types.
    func removeAllMethods() { mutating = [:] }

    /// The builtin type whose members a value has.
    func type(of value: Value) -> HostType? {
        switch value {
        case .int: return int
        case .double: return double
        case .bool: return bool
        case .string: return string
        case .array: return array
        case .dictionary: return dictionary
        case .range: return range
        case .host(let object) where object is ScriptSet: return set
        default: return nil
        }
    }

    /// Calls a mutating method on `value` in place; nil when the value has no
    /// mutating method of that name.
    func callMutatingMethod(_ value: inout Value, _ name: String, _ arguments: [CallArgument],
                            at location: SourceLocation) throws -> Value? {
        guard let typeName = type(of: value)?.name, let overloads = mutating[typeName]?[name] else { return nil }
        let shapes = overloads.map { $0.function.parameters.map { Interpreter.ParameterShape(label: $0.label, hasDefault: $0.defaultValue != nil, isVariadic: $0.isVariadic) } }
        let (index, bound) = try interpreter.chooseOverload(shapes, arguments, name: name, at: location)
        let method = overloads[index]
        var values: [Value] = []
        for (parameter, argument) in zip(method.function.parameters, bound) {
            switch argument {
            case .value(let v): values.append(v)
            case .variadic(let vs): values.append(.array(vs))
            case .useDefault: values.append(parameter.defaultValue ?? .nil)
            case .inoutArgument(let v, _):
                throw interpreter.fail("'&' used with non-inout argument of type '\(interpreter.typeName(of: v))'", location)
            }
        }
        let args = Arguments(interpreter: interpreter, receiver: nil, names: method.function.parameters.map(\.name),
                             values: values, location: location)
        return try interpreter.host(location) { try method.body(&value, args) }
    }

    func addMutating(_ type: HostType, _ signature: String, _ body: @escaping (inout Value, Arguments) throws -> Value) {
        let function = NativeFunction(signature) { _ in .void }
        mutating[type.name, default: [:]][function.name, default: []].append(MutatingMethod(function: function, body: body))
    }

    // MARK: Helpers

    private func call(_ function: Value, _ arguments: [Value], _ args: Arguments) throws -> Value {
        try interpreter.callValue(function, arguments.map { CallArgument(label: nil, value: $0, location: args.location) },
                                  at: args.location)
    }

    private func predicate(_ function: Value, _ element: Value, _ args: Arguments) throws -> Bool {
        let result = try call(function, [element], args)
        guard case .bool(let b) = result else {
            throw HostError("cannot convert value of type '\(interpreter.typeName(of: result))' to closure result type 'Bool'")
        }
        return b
    }

    private func elements(_ args: Arguments) throws -> [Value] {
        try interpreter.elements(of: args.receiver ?? .nil, at: args.location)
    }

    private func int(_ value: Value, _ name: String) throws -> Int {
        guard case .int(let i) = value else {
            throw HostError("cannot convert value of type '\(interpreter.typeName(of: value))' to expected argument type 'Int'")
        }
        return i
    }

    private func sorted(_ elements: [Value], by areInIncreasingOrder: Value?, _ args: Arguments) throws -> [Value] {
        let location = args.location
        if let areInIncreasingOrder {
            return try elements.sorted { try predicate2(areInIncreasingOrder, $0, $1, args) }
        }
        return try elements.sorted { try interpreter.compare($0, $1, at: location) }
    }

    private func predicate2(_ function: Value, _ a: Value, _ b: Value, _ args: Arguments) throws -> Bool {
        let result = try call(function, [a, b], args)
        guard case .bool(let flag) = result else {
            throw HostError("cannot convert value of type '\(interpreter.typeName(of: result))' to closure result type 'Bool'")
        }
        return flag
    }

    private func extremum(_ elements: [Value], largest: Bool, _ args: Arguments) throws -> Value {
        guard var best = elements.first else { return .nil }
        for element in elements.dropFirst() {
            let better = largest ? try interpreter.compare(best, element, at: args.location)
                                 : try interpreter.compare(element, best, at: args.location)
            if better { best = element }
        }
        return .some(best)
    }

    private func arrayValue(_ value: inout Value, _ body: (inout [Value]) throws -> Value) throws -> Value {
        guard case .array(var elements) = value else { return .void }
        value = .void
        defer { value = .array(elements) }
        return try body(&elements)
    }

    // MARK: Sequences

    private func registerSequence() {
        let t = sequence
        t.property("count", get: { [unowned self] v in .int(try self.interpreter.elements(of: v, at: SourceLocation(line: 0, column: 0)).count) })
        t.property("isEmpty", get: { [unowned self] v in .bool(try self.interpreter.elements(of: v, at: SourceLocation(line: 0, column: 0)).isEmpty) })
        t.property("first", get: { [unowned self] v in
            try self.interpreter.elements(of: v, at: SourceLocation(line: 0, column: 0)).first.map { .some($0) } ?? .nil
        })
        t.property("last", get: { [unowned self] v in
            try self.interpreter.elements(of: v, at: SourceLocation(line: 0, column: 0)).last.map { .some($0) } ?? .nil
        })
        t.method("map(_ transform: Any)") { [unowned self] a in
            .array(try self.elements(a).map { try self.call(a[0], [$0], a) })
        }
        t.method("compactMap(_ transform: Any)") { [unowned self] a in
            .array(try self.elements(a).compactMap { element -> Value? in
                switch try self.call(a[0], [element], a) {
                case .nil: return nil
                case .some(let wrapped): return wrapped
                case let value: return value
                }
            })
        }
        t.method("flatMap(_ transform: Any)") { [unowned self] a in
            .array(try self.elements(a).flatMap { try self.interpreter.elements(of: try self.call(a[0], [$0], a), at: a.location) })
        }
        t.method("filter(_ isIncluded: Any)") { [unowned self] a in
            .array(try self.elements(a).filter { try self.predicate(a[0], $0, a) })
        }
        t.method("forEach(_ body: Any)") { [unowned self] a in
            for element in try self.elements(a) { _ = try self.call(a[0], [element], a) }
            return .void
        }
        t.method("reduce(_ initialResult: Any, _ nextPartialResult: Any)") { [unowned self] a in
            try self.elements(a).reduce(a[0]) { try self.call(a[1], [$0, $1], a) }
        }
        t.method("sorted()") { [unowned self] a in .array(try self.sorted(try self.elements(a), by: nil, a)) }
        t.method("sorted(by areInIncreasingOrder: Any)") { [unowned self] a in
            .array(try self.sorted(try self.elements(a), by: a[0], a))
        }
        t.method("contains(_ element: Any)") { [unowned self] a in
            .bool(try self.elements(a).contains { self.interpreter.valuesEqual($0, a[0]) == true })
        }
        t.method("contains(where predicate: Any)") { [unowned self] a in
            .bool(try self.elements(a).contains { try self.predicate(a[0], $0, a) })
        }
        t.method("allSatisfy(_ predicate: Any)") { [unowned self] a in
            .bool(try self.elements(a).allSatisfy { try self.predicate(a[0], $0, a) })
        }
        t.method("first(where predicate: Any)") { [unowned self] a in
            try self.elements(a).first { try self.predicate(a[0], $0, a) }.map { .some($0) } ?? .nil
        }
        t.method("firstIndex(of element: Any)") { [unowned self] a in
            try self.elements(a).firstIndex { self.interpreter.valuesEqual($0, a[0]) == true }.map { .some(.int($0)) } ?? .nil
        }
        t.method("lastIndex(of element: Any)") { [unowned self] a in
            try self.elements(a).lastIndex { self.interpreter.valuesEqual($0, a[0]) == true }.map { .some(.int($0)) } ?? .nil
        }
        t.method("lastIndex(where predicate: Any)") { [unowned self] a in
            try self.elements(a).lastIndex { try self.predicate(a[0], $0, a) }.map { .some(.int($0)) } ?? .nil
        }
        t.method("makeIterator()") { [unowned self] a in .host(ScriptIterator(elements: try self.elements(a))) }
        t.method("firstIndex(where predicate: Any)") { [unowned self] a in
            try self.elements(a).firstIndex { try self.predicate(a[0], $0, a) }.map { .some(.int($0)) } ?? .nil
        }
        t.method("enumerated()") { [unowned self] a in
            .array(try self.elements(a).enumerated().map { .tuple(Tuple([.int($0.offset), $0.element], labels: ["offset", "element"])) })
        }
        t.method("reversed()") { [unowned self] a in .array(try self.elements(a).reversed()) }
        t.method("min()") { [unowned self] a in try self.extremum(try self.elements(a), largest: false, a) }
        t.method("max()") { [unowned self] a in try self.extremum(try self.elements(a), largest: true, a) }
        t.method("prefix(_ maxLength: Int)") { [unowned self] a in .array(Array(try self.elements(a).prefix(max(0, try self.int(a[0], "maxLength"))))) }
        t.method("suffix(_ maxLength: Int)") { [unowned self] a in .array(Array(try self.elements(a).suffix(max(0, try self.int(a[0], "maxLength"))))) }
        t.method("dropFirst(_ k: Int = 1)") { [unowned self] a in .array(Array(try self.elements(a).dropFirst(max(0, try self.int(a[0], "k"))))) }
        t.method("dropLast(_ k: Int = 1)") { [unowned self] a in .array(Array(try self.elements(a).dropLast(max(0, try self.int(a[0], "k"))))) }
        t.method("joined(separator: String = \"\")") { [unowned self] a in
            let parts = try self.elements(a).map { element -> String in
                guard case .string(let s) = element else {
                    throw HostError("joined(separator:) needs an array of strings, not '\(self.interpreter.typeName(of: a.receiver ?? .nil))'")
                }
                return s
            }
            return .string(parts.joined(separator: try a.get("separator", as: String.self)))
        }
    }

    // MARK: Arrays

    private func registerArray() {
        let t = array
        t.property("count", get: { v in if case .array(let e) = v { return .int(e.count) }; return .int(0) })
        t.property("isEmpty", get: { v in if case .array(let e) = v { return .bool(e.isEmpty) }; return .bool(true) })
        t.property("indices", get: { v in
            if case .array(let e) = v { return .range(RangeValue(lower: 0, upper: e.count, isClosed: false)) }
            return .nil
        })
        addMutating(t, "append(_ newElement: Any)") { v, a in try self.arrayValue(&v) { $0.append(a[0]); return .void } }
        addMutating(t, "append(contentsOf newElements: Any)") { v, a in
            let more = try self.interpreter.elements(of: a[0], at: a.location)
            return try self.arrayValue(&v) {
                try self.interpreter.reserveSum($0.count, more.count, elementBytes: MemoryLayout<Value>.stride,
                                                for: "append(contentsOf:)")
                $0.append(contentsOf: more)
                return .void
            }
        }
        addMutating(t, "insert(_ newElement: Any, at i: Int)") { v, a in
            let i = try self.int(a[1], "at")
            return try self.arrayValue(&v) {
                guard i >= 0 && i <= $0.count else { throw self.interpreter.indexOutOfRange(i, $0.count, at: a.location) }
                $0.insert(a[0], at: i)
                return .void
            }
        }
        addMutating(t, "remove(at index: Int)") { v, a in
            let i = try self.int(a[0], "at")
            return try self.arrayValue(&v) {
                guard i >= 0 && i < $0.count else { throw self.interpreter.indexOutOfRange(i, $0.count, at: a.location) }
                return $0.remove(at: i)
            }
        }
        addMutating(t, "removeLast()") { v, a in
            try self.arrayValue(&v) {
                guard !$0.isEmpty else { throw HostError("can't remove last element from an empty collection") }
                return $0.removeLast()
            }
        }
        addMutating(t, "removeFirst()") { v, a in
            try self.arrayValue(&v) {
                guard !$0.isEmpty else { throw HostError("can't remove first element from an empty collection") }
                return $0.removeFirst()
            }
        }
        addMutating(t, "removeAll()") { v, _ in try self.arrayValue(&v) { $0.removeAll(); return .void } }
        addMutating(t, "popLast()") { v, _ in try self.arrayValue(&v) { $0.popLast().map { .some($0) } ?? .nil } }
        addMutating(t, "sort()") { v, a in
            try self.arrayValue(&v) { $0 = try self.sorted($0, by: nil, a); return .void }
        }
        addMutating(t, "sort(by areInIncreasingOrder: Any)") { v, a in
            try self.arrayValue(&v) { $0 = try self.sorted($0, by: a[0], a); return .void }
        }
        addMutating(t, "reverse()") { v, _ in try self.arrayValue(&v) { $0.reverse(); return .void } }
        addMutating(t, "swapAt(_ i: Int, _ j: Int)") { v, a in
            let i = try self.int(a[0], "i"), j = try self.int(a[1], "j")
            return try self.arrayValue(&v) {
                for k in [i, j] where k < 0 || k >= $0.count { throw self.interpreter.indexOutOfRange(k, $0.count, at: a.location) }
                $0.swapAt(i, j)
                return .void
            }
        }
    }

    // MARK: Dictionaries

    private func registerDictionary() {
        let t = dictionary
        func entries(_ v: Value) -> ScriptDictionary {
            if case .dictionary(let d) = v { return d }
            return ScriptDictionary()
        }
        t.property("count", get: { .int(entries($0).count) })
        t.property("isEmpty", get: { .bool(entries($0).count == 0) })
        t.property("keys", get: { .array(entries($0).entries.map(\.key)) })
        t.property("values", get: { .array(entries($0).entries.map(\.value)) })
        t.method("mapValues(_ transform: Any)") { [unowned self] a in
            .dictionary(try entries(a.receiver ?? .nil).mapValues { try self.call(a[0], [$0], a) })
        }
        t.method("filter(_ isIncluded: Any)") { [unowned self] a in
            var result = ScriptDictionary()
            for (key, value) in entries(a.receiver ?? .nil).entries
            where try self.predicate(a[0], .tuple(Tuple([key, value], labels: ["key", "value"])), a) {
                result.set(value, for: DictionaryKey(key)!)
            }
            return .dictionary(result)
        }
        func dictionaryValue(_ value: inout Value, _ body: (inout ScriptDictionary) throws -> Value) throws -> Value {
            guard case .dictionary(var d) = value else { return .void }
            value = .void
            defer { value = .dictionary(d) }
            return try body(&d)
        }
        func key(_ value: Value) throws -> DictionaryKey {
            guard let key = DictionaryKey(value) else {
                throw HostError("type '\(self.interpreter.typeName(of: value))' does not conform to protocol 'Hashable'")
            }
            return key
        }
        addMutating(t, "removeValue(forKey key: Any)") { v, a in
            let k = try key(a[0])
            return try dictionaryValue(&v) { $0.remove(k).map { .some($0) } ?? .nil }
        }
        addMutating(t, "updateValue(_ value: Any, forKey key: Any)") { v, a in
            let k = try key(a[1])
            return try dictionaryValue(&v) {
                let old = $0[k]
                $0.set(a[0], for: k)
                return old.map { .some($0) } ?? .nil
            }
        }
        addMutating(t, "removeAll()") { v, _ in try dictionaryValue(&v) { $0.removeAll(); return .void } }
    }

    // MARK: Strings

    private func registerString() {
        let t = string
        func text(_ v: Value) -> String {
            if case .string(let s) = v { return s }
            return ""
        }
        t.property("count", get: { .int(text($0).count) })
        t.property("isEmpty", get: { .bool(text($0).isEmpty) })
        t.method("uppercased()") { (s: String) in s.uppercased() }
        t.method("lowercased()") { (s: String) in s.lowercased() }
        t.method("hasPrefix(_ prefix: String)") { (s: String, p: String) in s.hasPrefix(p) }
        t.method("hasSuffix(_ suffix: String)") { (s: String, p: String) in s.hasSuffix(p) }
        t.method("contains(_ other: String)") { (s: String, p: String) in p.isEmpty || s.contains(p) }
        t.method("reversed()") { (s: String) in String(s.reversed()) }
        t.method("components(separatedBy separator: String)") { (s: String, separator: String) in
            s.components(separatedBy: separator)
        }
        t.method("replacingOccurrences(of target: String, with replacement: String)") { (s: String, target: String, replacement: String) in
            s.replacingOccurrences(of: target, with: replacement)
        }
        t.method("trimmingWhitespace()") { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        t.method("trimmingCharacters(in set: Any)") { [unowned self] a in
            guard case .host(let set as ScriptCharacterSet) = a[0] else {
                throw HostError("cannot convert value of type '\(self.interpreter.typeName(of: a[0]))' to expected argument type 'CharacterSet'")
            }
            return .string(try a.receiver(as: String.self).trimmingCharacters(in: set.set))
        }
        t.method("padding(toLength length: Int, withPad pad: String, startingAt index: Int)") { [unowned self] a in
            let text = try a.receiver(as: String.self), length = try a.get(0, as: Int.self)
            let pad = try a.get(1, as: String.self), start = try a.get(2, as: Int.self)
            guard length >= 0 else { throw HostError("padding(toLength:withPad:startingAt:) needs a length of at least 0") }
            try self.interpreter.reserve(length, elementBytes: 4, for: "padding(toLength:withPad:startingAt:)")
            guard !pad.isEmpty, start >= 0, start < pad.count else {
                throw HostError("padding(toLength:withPad:startingAt:) needs a non-empty pad and a start index inside it")
            }
            if text.count >= length { return .string(String(text.prefix(length))) }
            let padCharacters = Array(pad)
            var result = text
            for k in 0..<(length - text.count) { result.append(padCharacters[(start + k) % padCharacters.count]) }
            return .string(result)
        }
        t.method("split(separator: String, maxSplits: Int = 9223372036854775807, omittingEmptySubsequences: Bool = true)") { a in
            let text = try a.receiver(as: String.self), separator = try a.get(0, as: String.self)
            guard separator.count == 1, let character = separator.first else {
                throw HostError("split(separator:) takes a single Character; use components(separatedBy:) for longer separators")
            }
            let parts = text.split(separator: character, maxSplits: max(0, try a.get(1, as: Int.self)),
                                   omittingEmptySubsequences: try a.get(2, as: Bool.self))
            return .array(parts.map { .string(String($0)) })
        }
        t.method("capitalized()") { (s: String) in s.capitalized }
        t.property("capitalized", get: { (s: String) in s.capitalized })
        addMutating(t, "append(_ other: String)") { v, a in
            guard case .string(var s) = v else { return .void }
            let more = try a.get(0, as: String.self)
            try self.interpreter.reserveSum(s.utf8.count, more.utf8.count, elementBytes: 1, for: "String.append(_:)")
            v = .void
            s += more
            v = .string(s)
            return .void
        }
        addMutating(t, "removeLast()") { v, _ in
            guard case .string(var s) = v, !s.isEmpty else { throw HostError("can't remove last element from an empty collection") }
            v = .void
            let last = s.removeLast()
            v = .string(s)
            return .string(String(last))
        }
    }

    // MARK: Numbers

    private func registerNumbers() {
        int.method("isMultiple(of other: Int)") { (i: Int, o: Int) in o == 0 ? i == 0 : i % o == 0 }
        int.method("signum()") { (i: Int) in i.signum() }
        int.property("magnitude", get: { (i: Int) in i == Int.min ? Double(i).magnitude : Double(i.magnitude) })
        int.staticProperty("max", get: { Int.max })
        int.staticProperty("min", get: { Int.min })
        double.method("rounded()") { (d: Double) in d.rounded() }
        double.method("squareRoot()") { (d: Double) in d.squareRoot() }
        double.method("truncatingRemainder(dividingBy other: Double)") { (d: Double, o: Double) in d.truncatingRemainder(dividingBy: o) }
        double.property("isNaN", get: { (d: Double) in d.isNaN })
        double.property("isInfinite", get: { (d: Double) in d.isInfinite })
        double.property("isFinite", get: { (d: Double) in d.isFinite })
        double.property("magnitude", get: { (d: Double) in d.magnitude })
        double.staticProperty("pi", get: { Double.pi })
        double.staticProperty("infinity", get: { Double.infinity })
        double.staticProperty("nan", get: { Double.nan })
        double.staticProperty("greatestFiniteMagnitude", get: { Double.greatestFiniteMagnitude })
        double.staticProperty("ulpOfOne", get: { Double.ulpOfOne })
        range.property("lowerBound", get: { v in if case .range(let r) = v { return r.lower.map { .int($0) } ?? .nil }; return .nil })
        range.property("upperBound", get: { v in if case .range(let r) = v { return r.upper.map { .int($0) } ?? .nil }; return .nil })
        range.property("count", get: { v in
            guard case .range(let r) = v else { return .int(0) }
            guard let count = r.count else { throw HostError("arithmetic overflow: the range's count does not fit in 'Int'") }
            return .int(count)
        })
        range.property("isEmpty", get: { v in if case .range(let r) = v { return .bool(r.count == 0) }; return .bool(true) })
        range.method("contains(_ element: Any)") { a in
            guard case .range(let r) = a.receiver ?? .nil else { return .bool(false) }
            return .bool(r.contains(a[0]))
        }
        // `description` (CustomStringConvertible) is what print shows.
        for type in [int, double, bool, string] {
            type.property("description", get: { [unowned self] v in .string(self.interpreter.describe(v)) })
        }
        registerRandom()
        addMutating(bool, "toggle()") { v, _ in
            if case .bool(let b) = v { v = .bool(!b) }
            return .void
        }
    }
}

extension Interpreter {
    /// A new pass over a host object made iterable by `HostType.iterable(_:)`
    /// (or a cell instance built on one), as its `next` function; nil for other values.
    func hostIterator(of value: Value) throws -> (() throws -> Value?)? {
        guard let object = value.hostObject, let make = hostType(of: object)?.iteration else { return nil }
        return try make(value)
    }

    /// The elements of a sequence: an array, a bounded range, a string's
    /// characters (as one-character strings), a dictionary's `(key:, value:)` pairs.
    func elements(of value: Value, at location: SourceLocation) throws -> [Value] {
        switch value {
        case .array(let elements): return elements
        case .range(let range):
            if range.doubleBounds != nil {
                throw fail("for-in loop requires '\(typeName(of: value))' to conform to 'Sequence'; use stride(from:to:by:)", location)
            }
            guard let lower = range.lower, let end = range.end, range.upper != nil else {
                throw fail("cannot iterate over a range without bounds", location)
            }
            guard lower < end else { return [] }
            let (count, overflow) = end.subtractingReportingOverflow(lower)
            try reserveArray(overflow ? Int.max : count, for: "a range's elements")
            return (lower..<end).map { .int($0) }
        case .string(let s): return s.map { .string(String($0)) }
        case .dictionary(let d): return d.entries.map { .tuple(Tuple([$0.key, $0.value], labels: ["key", "value"])) }
        case .some:
            throw mustUnwrap(value, location)
        case .instance(let instance) where isSequence(instance):
            var elements: [Value] = []
            try forEachElement(ofSequence: instance, at: location) { element in
                guard elements.count < Interpreter.maximumSequenceLength else {
                    throw fail("sequence of '\(instance.className)' has more than \(Interpreter.maximumSequenceLength) elements", location)
                }
                elements.append(element)
                return true
            }
            return elements
        default:
            if let next = try hostIterator(of: value) {
                var result: [Value] = []
                while let element = try next() { result.append(element) }
                return result
            }
            throw fail("for-in loop requires '\(typeName(of: value))' to conform to 'Sequence'", location)
        }
    }

    /// The most elements a cell-defined sequence may give where all of them are
    /// needed at once (`Array(s)`, `s.map`): an endless iterator stops with an error.
    static let maximumSequenceLength = 50_000_000

    /// Calls `body` with each element of a cell class adopting `Sequence` (its
    /// `makeIterator()`) or `IteratorProtocol` (its own `next()`), until `next()`
    /// gives nil or `body` returns false.
    func forEachElement(ofSequence instance: ScriptInstance, at location: SourceLocation,
                        _ body: (Value) throws -> Bool) throws {
        let sequence = Value.instance(instance)
        var iterator = instance.scriptClass.findMethods("makeIterator") != nil
            ? try callMember(sequence, "makeIterator", [], at: location) : sequence
        while true {
            try tick(location)
            // A struct iterator's `next()` is mutating: it changes this copy.
            var next = Value.void
            _ = try callMethod(on: &iterator, "next", [], result: &next, at: location)
            switch next {
            case .nil: return
            case .some(let element): if try !body(element) { return }
            case let element: if try !body(element) { return }
            }
        }
    }
}

/// Random numbers from the interpreter's `randomSource`, drawn as Python's
/// `random` module draws them (`randint`, `uniform`, `shuffle`, `choice`).
extension BuiltinTypes {
    func registerRandom() {
        int.staticMethod("random(in range: Any)") { [unowned self] a in
            guard case .range(let r) = a[0], r.doubleBounds == nil, let lower = r.lower, let upper = r.upper else {
                throw HostError("Int.random(in:) needs a range of Ints such as 0..<10 or 1...6")
            }
            let last = r.isClosed ? upper : upper - 1
            guard lower <= last else { throw HostError("Int.random(in:) needs a non-empty range") }
            return .int(self.interpreter.randomSource.integer(in: lower, last))
        }
        double.staticMethod("random(in range: Any)") { [unowned self] a in
            guard case .range(let r) = a[0] else { throw HostError("Double.random(in:) needs a range such as 0.0..<1.0") }
            let (lower, upper) = r.doubleBounds ?? (Double(r.lower ?? 0), Double(r.upper ?? 0))
            if r.doubleBounds == nil && (r.lower == nil || r.upper == nil) {
                throw HostError("Double.random(in:) needs a range with both bounds")
            }
            guard r.isClosed || lower < upper else { throw HostError("Double.random(in:) needs a non-empty range") }
            return .double(lower + (upper - lower) * self.interpreter.randomSource.unit())
        }
        bool.staticMethod("random()") { [unowned self] _ in .bool(self.interpreter.randomSource.bits(1) == 1) }
        sequence.method("shuffled()") { [unowned self] a in .array(self.interpreter.randomSource.shuffled(try self.elements(a))) }
        sequence.method("randomElement()") { [unowned self] a in
            let elements = try self.elements(a)
            guard !elements.isEmpty else { return .nil }
            return .some(elements[Int(self.interpreter.randomSource.below(UInt64(elements.count)))])
        }
        addMutating(array, "shuffle()") { [unowned self] v, _ in
            guard case .array(let elements) = v else { return .void }
            v = .array(self.interpreter.randomSource.shuffled(elements))
            return .void
        }
    }
}
