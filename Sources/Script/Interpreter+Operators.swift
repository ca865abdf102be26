import Foundation

/// Arithmetic, comparison and equality, with Swift's rules: integer overflow and
/// division by zero are errors, an Int mixed with a Double gives a Double, and
/// host types supply their own operators.
extension Interpreter {
    func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return try integerOperation(op, a, b, at: location)
        case (.double(let a), .double(let b)):
            return try doubleOperation(op, a, b, at: location)
        case (.int(let a), .double(let b)):
            return try doubleOperation(op, Double(a), b, at: location)
        case (.double(let a), .int(let b)):
            return try doubleOperation(op, a, Double(b), at: location)
        case (.string(let a), .string(let b)):
            if op == .add {
                try host(location) { try reserveSum(a.utf8.count, b.utf8.count, elementBytes: 1, for: "string concatenation") }
                return .string(a + b)
            }
            if let result = Self.comparison(op, a, b) { return result }
        case (.array(let a), .array(let b)) where op == .add:
            try host(location) {
                try reserveSum(a.count, b.count, elementBytes: MemoryLayout<Value>.stride, for: "array concatenation")
            }
            return .array(a + b)
        default:
            break
        }
        if lhs.hostObject != nil || rhs.hostObject != nil, let result = try hostBinary(op, lhs, rhs, at: location) {
            return result
        }
        if case .instance = lhs.unwrapped, let result = try cellOperator(op, lhs, rhs, at: location) { return result }
        if case .instance = rhs.unwrapped, let result = try cellOperator(op, lhs, rhs, at: location) { return result }
        switch op {
        case .equal, .notEqual:
            // An optional host value compared with a host value must be unwrapped
            // (the host's `==` may be elementwise, not identity).
            if case .some = lhs, rhs.hostObject != nil { break }
            if case .some = rhs, lhs.hostObject != nil { break }
            if let equal = valuesEqual(lhs, rhs) { return .bool(op == .equal ? equal : !equal) }
        case .identical, .notIdentical:
            if let same = identical(lhs, rhs) { return .bool(op == .identical ? same : !same) }
        default:
            break
        }
        throw operandError(op.rawValue, lhs, rhs, at: location)
    }

    /// `a op b` for two Ints when it cannot fail, without going through
    /// `binary`; nil when the operation overflows or is not a plain arithmetic
    /// or comparison operator (`binary` then reports the error or does it).
    @inline(__always)
    static func integerFastPath(_ op: BinaryOperator, _ a: Int, _ b: Int) -> Value? {
        switch op {
        case .add:
            let (r, o) = a.addingReportingOverflow(b)
            return o ? nil : .int(r)
        case .subtract:
            let (r, o) = a.subtractingReportingOverflow(b)
            return o ? nil : .int(r)
        case .multiply:
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? nil : .int(r)
        default: return comparison(op, a, b)
        }
    }

    /// `a op b` for a comparison operator (`==`, `!=`, `<`, `<=`, `>`, `>=`);
    /// nil for any other operator.
    @inline(__always)
    static func comparison<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Value? {
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessOrEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterOrEqual: return .bool(a >= b)
        default: return nil
        }
    }

    func operandError(_ op: String, _ lhs: Value, _ rhs: Value, at location: SourceLocation) -> ScriptError {
        for operand in [lhs, rhs] {
            if case .some(let wrapped) = operand {
                return fail("value of optional type '\(typeName(of: operand))' must be unwrapped to a value of type '\(typeName(of: wrapped))'", location)
            }
        }
        let a = typeName(of: lhs), b = typeName(of: rhs)
        if op == "%", a == "Double" || b == "Double" {
            return fail("'%' is unavailable for floating-point numbers: use truncatingRemainder(dividingBy:)", location)
        }
        if a == b { return fail("binary operator '\(op)' cannot be applied to two '\(a)' operands", location) }
        return fail("binary operator '\(op)' cannot be applied to operands of type '\(a)' and '\(b)'", location)
    }

    /// An operator a cell class declares as a static method (`static func ==`,
    /// `static func <`), or derives from one as Swift's `Equatable` and
    /// `Comparable` do (`!=` from `==`; `>`, `<=`, `>=` from `<`); enum cases
    /// without one compare by case and associated values.
    private func cellOperator(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value? {
        let scriptClass: ScriptClass
        if case .instance(let instance) = lhs.unwrapped { scriptClass = instance.scriptClass }
        else if case .instance(let instance) = rhs.unwrapped { scriptClass = instance.scriptClass }
        else { return nil }
        func call(_ name: String, _ a: Value, _ b: Value) throws -> Value? {
            guard let (methods, declaring) = scriptClass.findStaticMethods(name) else { return nil }
            let function = Function(name: name, body: .script(methods, declaring.closure), receiver: .type(.script(scriptClass)),
                                    owner: declaring)
            return try callFunction(function, [CallArgument(label: nil, value: a, location: location),
                                               CallArgument(label: nil, value: b, location: location)], at: location)
        }
        func negated(_ value: Value?) -> Value? {
            if case .bool(let b)? = value { return .bool(!b) }
            return value
        }
        if let direct = try call(op.rawValue, lhs, rhs) { return direct }
        switch op {
        case .notEqual:
            if let equal = try call("==", lhs, rhs) { return negated(equal) }
        case .greater: return try call("<", rhs, lhs)
        case .lessOrEqual: return negated(try call("<", rhs, lhs))
        case .greaterOrEqual: return negated(try call("<", lhs, rhs))
        default: break
        }
        if op == .equal || op == .notEqual, let equal = enumCasesEqual(lhs.unwrapped, rhs.unwrapped) {
            return .bool(op == .equal ? equal : !equal)
        }
        if op == .equal || op == .notEqual, let equal = structsEqual(lhs.unwrapped, rhs.unwrapped) {
            return .bool(op == .equal ? equal : !equal)
        }
        return nil
    }

    /// Whether two enum values are the same case with equal associated values;
    /// nil when they are not both enum values.
    func enumCasesEqual(_ a: Value, _ b: Value) -> Bool? {
        guard case .instance(let x) = a, case .instance(let y) = b, let p = x.enumCase, let q = y.enumCase else { return nil }
        guard x.scriptClass === y.scriptClass, p.name == q.name else { return false }
        guard let u = p.payload, let v = q.payload else { return true }
        return valuesEqual(.tuple(u), .tuple(v)) ?? false
    }

    /// For two values of a struct that adopts `Equatable` (or `Hashable`) and
    /// declares no `==`: whether their stored properties are equal, as Swift's
    /// synthesized `==` tells; nil for other values.
    func structsEqual(_ a: Value, _ b: Value) -> Bool? {
        guard case .instance(let x) = a, case .instance(let y) = b, x.scriptClass.isStruct, x.scriptClass === y.scriptClass,
              x.scriptClass.conforms(to: "Equatable") || x.scriptClass.conforms(to: "Hashable") else { return nil }
        if x === y { return true }
        for name in x.storedPropertyNames {
            guard let equal = valuesEqual(x.fields[name] ?? .nil, y.fields[name] ?? .nil) else { return nil }
            if !equal { return false }
        }
        return true
    }

    /// A host operator, trying the left operand's type, then the right one's.
    private func hostBinary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value? {
        for operand in [lhs, rhs] {
            guard let object = operand.hostObject, case .host = operand.unwrapped, let type = hostType(of: object) else {
                if case .instance(let instance) = operand, let type = instance.scriptClass.hostSuperclass {
                    if let result = try applyHostOperator(type, op, lhs, rhs, at: location) { return result }
                }
                continue
            }
            if let result = try applyHostOperator(type, op, lhs, rhs, at: location) { return result }
        }
        return nil
    }

    private func applyHostOperator(_ type: HostType, _ op: BinaryOperator, _ lhs: Value, _ rhs: Value,
                                   at location: SourceLocation) throws -> Value? {
        for t in type.lineage {
            for body in t.binaryOperators[op.rawValue] ?? [] {
                if let result = try host(location, { try body(lhs, rhs) }) { return result }
            }
        }
        return nil
    }

    private func integerOperation(_ op: BinaryOperator, _ a: Int, _ b: Int, at location: SourceLocation) throws -> Value {
        if let result = Self.integerFastPath(op, a, b) { return result }
        switch op {
        // The fast path did these unless they overflow.
        case .add: throw overflow(a, "+", b, at: location)
        case .subtract: throw overflow(a, "-", b, at: location)
        case .multiply: throw overflow(a, "*", b, at: location)
        case .divide:
            if b == 0 { throw fail("division by zero", location) }
            let (r, o) = a.dividedReportingOverflow(by: b)
            if o { throw overflow(a, "/", b, at: location) }
            return .int(r)
        case .remainder:
            if b == 0 { throw fail("division by zero in remainder operation", location) }
            let (r, o) = a.remainderReportingOverflow(dividingBy: b)
            if o { throw overflow(a, "%", b, at: location) }
            return .int(r)
        case .power:
            if b < 0 { return .double(Foundation.pow(Double(a), Double(b))) }
            var result = 1, base = a, exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow(a, "**", b, at: location) }
                    result = r
                }
                exponent >>= 1
                if exponent > 0 {
                    let (s, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow(a, "**", b, at: location) }
                    base = s
                }
            }
            return .int(result)
        case .bitwiseAnd: return .int(a & b)
        case .bitwiseOr: return .int(a | b)
        case .bitwiseXor: return .int(a ^ b)
        // Swift's smart shifts: a negative amount shifts the other way, and
        // shifting by the width or more gives 0 (or -1 for a negative `>>`).
        case .shiftLeft: return .int(a << b)
        case .shiftRight: return .int(a >> b)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
             .identical, .notIdentical:
            // Comparisons were done by the fast path.
            throw operandError(op.rawValue, .int(a), .int(b), at: location)
        }
    }

    private func overflow(_ a: Int, _ op: String, _ b: Int, at location: SourceLocation) -> ScriptError {
        fail("arithmetic overflow: \(a) \(op) \(b) does not fit in 'Int'", location)
    }

    private func doubleOperation(_ op: BinaryOperator, _ a: Double, _ b: Double, at location: SourceLocation) throws -> Value {
        if let result = Self.comparison(op, a, b) { return result }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide: return .double(a / b)
        case .power: return .double(Foundation.pow(a, b))
        case .remainder, .identical, .notIdentical, .bitwiseAnd, .bitwiseOr, .bitwiseXor, .shiftLeft, .shiftRight,
             // Comparisons were done above.
             .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            throw operandError(op.rawValue, .double(a), .double(b), at: location)
        }
    }

    func prefix(_ op: PrefixOperator, _ operand: Value, at location: SourceLocation) throws -> Value {
        switch (op, operand) {
        case (.minus, .int(let i)):
            let (r, o) = Int(0).subtractingReportingOverflow(i)
            if o { throw fail("arithmetic overflow: -(\(i)) does not fit in 'Int'", location) }
            return .int(r)
        case (.minus, .double(let d)): return .double(-d)
        case (.plus, .int), (.plus, .double): return operand
        case (.not, .bool(let b)): return .bool(!b)
        case (.bitwiseNot, .int(let i)): return .int(~i)
        default:
            if let object = operand.hostObject, case .host = operand, let type = hostType(of: object) {
                for t in type.lineage {
                    for body in t.prefixOperators[op.rawValue] ?? [] {
                        if let result = try host(location, { try body(operand) }) { return result }
                    }
                }
            }
            if case .some = operand {
                throw mustUnwrap(operand, location)
            }
            throw fail("unary operator '\(op.rawValue)' cannot be applied to an operand of type '\(typeName(of: operand))'", location)
        }
    }

    /// `==` between values; nil when they cannot be compared.
    func valuesEqual(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.void, .void), (.nil, .nil): return true
        case (.nil, .some), (.some, .nil): return false
        case (.nil, _), (_, .nil): return false
        case (.some(let x), .some(let y)): return valuesEqual(x, y)
        case (.some(let x), _): return valuesEqual(x, b)
        case (_, .some(let y)): return valuesEqual(a, y)
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .double(let y)): return Double(x) == y
        case (.double(let x), .int(let y)): return x == Double(y)
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) {
                guard let equal = valuesEqual(p, q) else { return nil }
                if !equal { return false }
            }
            return true
        case (.dictionary(let x), .dictionary(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x.entries {
                guard let k = DictionaryKey(key), let other = y[k] else { return false }
                guard let equal = valuesEqual(value, other) else { return nil }
                if !equal { return false }
            }
            return true
        case (.tuple(let x), .tuple(let y)):
            guard x.elements.count == y.elements.count else { return false }
            for (p, q) in zip(x.elements, y.elements) {
                guard let equal = valuesEqual(p, q) else { return nil }
                if !equal { return false }
            }
            return true
        case (.range(let x), .range(let y)):
            return x.lower == y.lower && x.upper == y.upper && x.isClosed == y.isClosed
        case (.type(let x), .type(let y)):
            return x.name == y.name
        case (.host(let x), .host(let y)):
            return x === y
        default:
            return nil
        }
    }

    private func identical(_ a: Value, _ b: Value) -> Bool? {
        switch (a.unwrapped, b.unwrapped) {
        case (.instance(let x), .instance(let y)): return x === y
        case (.host(let x), .host(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.nil, .nil): return true
        case (.nil, .instance), (.nil, .host), (.instance, .nil), (.host, .nil): return false
        default: return nil
        }
    }

    /// The order of two values for `sorted()`, `min`, `max`: numbers and strings.
    func compare(_ a: Value, _ b: Value, at location: SourceLocation) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.double(let x), .double(let y)): return x < y
        case (.int(let x), .double(let y)): return Double(x) < y
        case (.double(let x), .int(let y)): return x < Double(y)
        case (.string(let x), .string(let y)): return x < y
        default:
            if case .bool(true) = try binary(.less, a, b, at: location) { return true }
            return false
        }
    }
}
