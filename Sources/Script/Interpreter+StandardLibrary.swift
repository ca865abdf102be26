import Foundation

/// The global functions and types every cell sees: `print`, `min`, `max`, `zip`,
/// `stride`, `type(of:)`, `assert`, the number conversions, and a few math
/// functions.
extension Interpreter {
    func registerStandardLibrary() {
        registerTypes()
        registerFoundationTypes()
        registerIterators()
        registerSet()
        registerOutputAndChecks()
        registerSequenceFunctions()
        registerMath()
        registerOperatorFunctions()
    }

    /// `+`, `<`, … as functions, for `reduce(0, +)` and `sorted(by: >)`.
    private func registerOperatorFunctions() {
        for op in BinaryOperator.allCases where Parser.operatorFunctions.contains(op.rawValue) {
            defineFunction("\(op.rawValue)(_ lhs: Any, _ rhs: Any)") { [unowned self] a in
                try self.binary(op, a[0], a[1], at: a.location)
            }
        }
        defineFunction("Optional(_ value: Any)") { a in a[0].wrappedAsOptional }
    }

    /// The errors of the host and the interpreter, as `catch` sees them.
    private func registerCaughtErrors() {
        let type = HostType(name: "Error", swiftClass: CaughtError.self, parent: nil)
        hostTypesByClass[ObjectIdentifier(CaughtError.self)] = type
        for name in ["localizedDescription", "message", "description"] {
            type.property(name, get: { value in
                guard case .host(let error as CaughtError) = value else { return .nil }
                return .string(error.message)
            })
        }
    }

    private func registerTypes() {
        registerCaughtErrors()
        for type in [types.int, types.double, types.bool, types.string, types.array, types.dictionary] {
            defineBuiltin(type.name, .type(.host(type)))
        }
        defineBuiltin("Float", .type(.host(types.double)))
        types.int.initializer("init(_ value: Any)") { [unowned self] a in
            switch a[0] {
            case .int: return a[0]
            case .double(let d):
                guard d.isFinite else { throw HostError("Double value cannot be converted to Int because it is either infinite or NaN") }
                guard d > -9.3e18 && d < 9.3e18, let i = Int(exactly: d.rounded(.towardZero)) else {
                    throw HostError("Double value cannot be converted to Int because the result would be greater than Int.max")
                }
                return .int(i)
            case .string(let s): return Int(s).map { .some(.int($0)) } ?? .nil
            case .bool(let b): return .int(b ? 1 : 0)
            default:
                if a[0].hostObject != nil { return try self.callMethod("item", on: a[0], []).unwrappedInt(self) }
                throw HostError("cannot convert value of type '\(self.typeName(of: a[0]))' to 'Int'")
            }
        }
        types.double.initializer("init(_ value: Any)") { [unowned self] a in
            switch a[0] {
            case .int(let i): return .double(Double(i))
            case .double: return a[0]
            case .string(let s): return Double(s).map { .some(.double($0)) } ?? .nil
            default:
                if a[0].hostObject != nil { return try self.callMethod("item", on: a[0], []) }
                throw HostError("cannot convert value of type '\(self.typeName(of: a[0]))' to 'Double'")
            }
        }
        types.bool.initializer("init(_ value: Any)") { [unowned self] a in
            switch a[0] {
            case .bool: return a[0]
            case .string(let s): return s == "true" ? .some(.bool(true)) : s == "false" ? .some(.bool(false)) : .nil
            default: throw HostError("cannot convert value of type '\(self.typeName(of: a[0]))' to 'Bool'")
            }
        }
        types.string.initializer("init(_ value: Any)") { [unowned self] a in
            if case .array(let elements) = a[0], !elements.isEmpty, elements.allSatisfy({
                if case .string(let s) = $0 { return s.count == 1 }
                return false
            }) {
                return .string(elements.map(self.describe).joined())
            }
            return .string(self.describe(a[0]))
        }
        types.string.initializer("init(describing value: Any)") { [unowned self] a in .string(self.describe(a[0])) }
        types.string.initializer("init(format: String, _ arguments: Any...)") { [unowned self] a in
            guard case .array(let arguments) = a[1] else { return .void }
            return .string(try StringFormat.format(try a.get(0, as: String.self), arguments, describe: self.describe))
        }
        types.string.initializer("init(repeating value: String, count: Int)") { [unowned self] (s: String, n: Int) in
            guard n >= 0 else { throw HostError("negative count \(n) in String(repeating:count:)") }
            if s.isEmpty || n == 0 { return "" }
            try self.reserve(n, elementBytes: s.utf8.count, for: "String(repeating:count:)")
            return String(repeating: s, count: n)
        }
        types.array.initializer("init(_ elements: Any)") { [unowned self] a in .array(try self.elements(of: a[0], at: a.location)) }
        types.array.initializer("init(repeating value: Any, count: Int)") { [unowned self] a in
            let n = try a.get(1, as: Int.self)
            guard n >= 0 else { throw HostError("negative count \(n) in Array(repeating:count:)") }
            try self.reserveArray(n, for: "Array(repeating:count:)")
            return .array(Array(repeating: a[0], count: n))
        }
        types.dictionary.initializer("init()") { _ in .dictionary(ScriptDictionary()) }
        types.dictionary.initializer("init(uniqueKeysWithValues keysAndValues: Any)") { [unowned self] a in
            var result = ScriptDictionary()
            for pair in try self.elements(of: a[0], at: a.location) {
                guard case .tuple(let t) = pair, t.elements.count == 2 else {
                    throw HostError("Dictionary(uniqueKeysWithValues:) needs a sequence of (key, value) pairs")
                }
                guard let key = DictionaryKey(t.elements[0]) else {
                    throw HostError("type '\(self.typeName(of: t.elements[0]))' does not conform to protocol 'Hashable'")
                }
                if result[key] != nil { throw HostError("Duplicate values for key: '\(self.describe(t.elements[0]))'") }
                result.set(t.elements[1], for: key)
            }
            return .dictionary(result)
        }
        types.dictionary.initializer("init(grouping values: Any, by keyForValue: Any)") { [unowned self] a in
            var result = ScriptDictionary()
            for element in try self.elements(of: a[0], at: a.location) {
                let keyValue = try self.callValue(a[1], [CallArgument(label: nil, value: element, location: a.location)], at: a.location)
                guard let key = DictionaryKey(keyValue) else {
                    throw HostError("type '\(self.typeName(of: keyValue))' does not conform to protocol 'Hashable'")
                }
                if case .array(var group)? = result[key] {
                    result.set(.void, for: key)
                    group.append(element)
                    result.set(.array(group), for: key)
                } else {
                    result.set(.array([element]), for: key)
                }
            }
            return .dictionary(result)
        }
    }

    private func registerOutputAndChecks() {
        defineFunction("print(_ items: Any..., separator: String = \" \", terminator: String = \"\\n\")") { [unowned self] a in
            guard case .array(let items) = a[0] else { return .void }
            let separator = try a.get("separator", as: String.self)
            let terminator = try a.get("terminator", as: String.self)
            self.write(items.map(self.describe).joined(separator: separator) + terminator)
            return .void
        }
        defineFunction("type(of value: Any)") { [unowned self] a in
            switch a[0] {
            case .int: return .type(.host(self.types.int))
            case .double: return .type(.host(self.types.double))
            case .bool: return .type(.host(self.types.bool))
            case .string: return .type(.host(self.types.string))
            case .instance(let instance): return .type(.script(instance.scriptClass))
            case .host(let object):
                if let type = self.hostType(of: object) { return .type(.host(type)) }
                return .type(.named(self.typeName(of: a[0])))
            case .type(let type): return .type(.named("\(type.name).Type"))
            default: return .type(.named(self.dynamicTypeName(of: a[0])))
            }
        }
        for (name, title) in [("assert", "Assertion failed"), ("precondition", "Precondition failed")] {
            defineFunction("\(name)(_ condition: Bool, _ message: String = \"\")") { [unowned self] a in
                guard case .bool(let ok) = a[0] else {
                    throw HostError("cannot convert value of type '\(self.typeName(of: a[0]))' to expected argument type 'Bool'")
                }
                if !ok {
                    let message = try a.get(1, as: String.self)
                    throw HostError(message.isEmpty ? title : "\(title): \(message)")
                }
                return .void
            }
        }
        defineFunction("fatalError(_ message: String = \"\")") { (message: String) -> Value in
            throw HostError(message.isEmpty ? "Fatal error" : "Fatal error: \(message)")
        }
    }

    private func registerSequenceFunctions() {
        for (name, largest) in [("min", false), ("max", true)] {
            defineFunction("\(name)(_ x: Any, _ y: Any, _ rest: Any...)") { [unowned self] a in
                guard case .array(let rest) = a[2] else { return .nil }
                var values = [a[0], a[1]] + rest
                if values.contains(where: { if case .double = $0 { return true }; return false }) {
                    values = values.map { if case .int(let i) = $0 { return .double(Double(i)) }; return $0 }
                }
                var best = values[0]
                for value in values.dropFirst() {
                    let better = largest ? try self.compare(best, value, at: a.location) : try self.compare(value, best, at: a.location)
                    if better { best = value }
                }
                return best
            }
        }
        defineFunction("abs(_ x: Any)") { [unowned self] a in
            switch a[0] {
            case .int(let i):
                guard i != Int.min else { throw HostError("arithmetic overflow: abs(\(i)) does not fit in 'Int'") }
                return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default:
                if a[0].hostObject != nil { return try self.callMethod("abs", on: a[0], []) }
                throw HostError("cannot convert value of type '\(self.typeName(of: a[0]))' to expected argument type 'Int' or 'Double'")
            }
        }
        defineFunction("zip(_ sequence1: Any, _ sequence2: Any)") { [unowned self] a in
            let first = try self.elements(of: a[0], at: a.location)
            let second = try self.elements(of: a[1], at: a.location)
            return .array(zip(first, second).map { .tuple(Tuple([$0, $1])) })
        }
        for (label, closed) in [("to", false), ("through", true)] {
            defineFunction("stride(from start: Any, \(label) end: Any, by stride: Any)") { [unowned self] a in
                if case .int(let start) = a[0], case .int(let end) = a[1], case .int(let step) = a[2] {
                    guard step != 0 else { throw HostError("stride step must not be zero") }
                    let count = Interpreter.strideCount(from: start, to: end, by: step, closed: closed)
                    guard count <= 100_000_000 else { throw HostError("stride has too many elements (\(count))") }
                    try self.reserveArray(Int(count), for: "stride(from:\(label):by:)")
                    return .array(closed ? Swift.stride(from: start, through: end, by: step).map { .int($0) }
                                         : Swift.stride(from: start, to: end, by: step).map { .int($0) })
                }
                let start = try a.get(0, as: Double.self), end = try a.get(1, as: Double.self), step = try a.get(2, as: Double.self)
                guard step != 0, step.isFinite, start.isFinite, end.isFinite else { throw HostError("stride step must be finite and not zero") }
                guard abs((end - start) / step) <= 100_000_000 else { throw HostError("stride has too many elements") }
                try self.reserveArray(Int(abs((end - start) / step)) + 1, for: "stride(from:\(label):by:)")
                return .array(closed ? Swift.stride(from: start, through: end, by: step).map { .double($0) }
                                     : Swift.stride(from: start, to: end, by: step).map { .double($0) })
            }
        }
    }

    private func registerMath() {
        let functions: [(String, (Double) -> Double)] = [
            ("sqrt", Foundation.sqrt), ("exp", Foundation.exp), ("log", Foundation.log), ("sin", Foundation.sin),
            ("cos", Foundation.cos), ("tan", Foundation.tan), ("tanh", Foundation.tanh), ("floor", Foundation.floor),
            ("ceil", Foundation.ceil), ("round", Foundation.round),
        ]
        for (name, function) in functions {
            defineFunction("\(name)(_ x: Any)") { [unowned self] a in
                if a[0].hostObject != nil {
                    guard try self.memberIfPresent(of: a[0], name, at: a.location) != nil else {
                        throw HostError("\(name)(_:) is not available for a value of type '\(self.typeName(of: a[0]))'")
                    }
                    return try self.callMethod(name, on: a[0], [])
                }
                return .double(function(try a.get(0, as: Double.self)))
            }
        }
        defineFunction("pow(_ x: Any, _ y: Any)") { [unowned self] a in
            if a[0].hostObject != nil { return try self.callMethod("pow", on: a[0], [a[1]]) }
            return .double(Foundation.pow(try a.get(0, as: Double.self), try a.get(1, as: Double.self)))
        }
    }
}

extension Interpreter {
    /// How many values `stride(from:to:by:)` (or `through:`) gives, computed
    /// without making them and without overflow.
    static func strideCount(from start: Int, to end: Int, by step: Int, closed: Bool) -> Int128 {
        let distance = Int128(end) - Int128(start)
        let step = Int128(step)
        if distance == 0 { return closed ? 1 : 0 }
        guard (distance > 0) == (step > 0) else { return 0 }
        let whole = distance / step
        return closed || distance % step != 0 ? whole + 1 : whole
    }
}

private extension Value {
    /// An `item()` result as an Int.
    func unwrappedInt(_ interpreter: Interpreter) throws -> Value {
        switch self {
        case .int: return self
        case .double(let d) where d.isFinite: return .int(Int(d))
        default: throw HostError("cannot convert value of type '\(interpreter.typeName(of: self))' to 'Int'")
        }
    }
}
