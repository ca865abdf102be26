/// The builtin type of a name or an expression when the resolver can tell it
/// before the cell runs (a literal, an annotated or literal-initialised
/// variable, arithmetic on those), so that Swift's type errors are reported
/// before any line of the cell runs.
enum StaticType: String {
    case int = "Int"
    case double = "Double"
    case string = "String"
    case bool = "Bool"

    /// The type an annotation names, if it is one of these.
    init?(_ annotation: TypeAnnotation?) {
        guard case .named(let name, let arguments)? = annotation, arguments.isEmpty else { return nil }
        if name == "Float" { self = .double; return }
        self.init(rawValue: name)
    }

    /// The type of a run-time value, if it is one of these.
    init?(of value: Value) {
        switch value {
        case .int: self = .int
        case .double: self = .double
        case .string: self = .string
        case .bool: self = .bool
        default: return nil
        }
    }
}

extension Resolver {
    /// The static type of an expression, when it is known.
    func staticType(of expr: Expr) -> StaticType? {
        switch expr.kind {
        case .literal(let value): return StaticType(of: value)
        case .interpolation: return .string
        case .variable(let reference): return staticType(ofName: reference.name)
        case .prefix(let op, let operand): return op == .not ? .bool : staticType(of: operand)
        case .and, .or: return .bool
        case .binary(let op, let a, let b):
            switch op {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .identical, .notIdentical: return .bool
            default: break
            }
            guard let x = staticType(of: a), let y = staticType(of: b) else { return nil }
            if x == y { return x }
            if x == .double && y == .int && isIntegerLiteral(b) { return .double }
            if x == .int && y == .double && isIntegerLiteral(a) { return .double }
            return nil
        default: return nil
        }
    }

    /// Whether an expression is an integer literal (which Swift lets be a Double).
    func isIntegerLiteral(_ expr: Expr) -> Bool {
        if case .literal(.int) = expr.kind { return true }
        if case .prefix(.minus, let operand) = expr.kind { return isIntegerLiteral(operand) }
        return false
    }

    /// Swift's error for `a op b` on two known, different number types, if any.
    func checkOperands(_ expr: Expr) throws {
        guard case .binary(let op, let a, let b) = expr.kind, op != .identical, op != .notIdentical,
              let x = staticType(of: a), let y = staticType(of: b), x != y else { return }
        if (x == .double && y == .int && isIntegerLiteral(b)) || (x == .int && y == .double && isIntegerLiteral(a)) { return }
        guard [StaticType.int, .double].contains(x), [StaticType.int, .double].contains(y) else { return }
        throw ScriptError(location: expr.location,
                          message: "binary operator '\(op.rawValue)' cannot be applied to operands of type '\(x.rawValue)' and '\(y.rawValue)'")
    }

    /// Swift's error for a value of a known type where another known type is
    /// declared (`let name: String = 5`, `return "s"` from a function returning
    /// `Int`). An Int becomes a Double where a Double is declared, as it does
    /// when the code runs.
    func checkConversion(_ value: Expr, to annotation: TypeAnnotation?, context: String) throws {
        guard let declared = StaticType(annotation), let valueType = staticType(of: value), declared != valueType else { return }
        if declared == .double && valueType == .int { return }
        throw ScriptError(location: value.location,
                          message: "cannot convert value of type '\(valueType.rawValue)' to \(context) '\(declared.rawValue)'")
    }

    /// Swift's error for assigning (or `op=`) a value of another known type to a
    /// variable of a known type.
    func checkAssignment(_ target: Expr, _ op: BinaryOperator?, _ value: Expr, at location: SourceLocation) throws {
        guard case .variable(let reference) = target.kind, let variableType = staticType(ofName: reference.name),
              let valueType = staticType(of: value), variableType != valueType else { return }
        if variableType == .double && valueType == .int && isIntegerLiteral(value) { return }
        if let op {
            throw ScriptError(location: location,
                              message: "binary operator '\(op.rawValue)=' cannot be applied to operands of type '\(variableType.rawValue)' and '\(valueType.rawValue)'")
        }
        throw ScriptError(location: value.location,
                          message: "cannot assign value of type '\(valueType.rawValue)' to type '\(variableType.rawValue)'")
    }

    /// Swift's error for an argument of a known type where the parameter of a
    /// function the cell declares at its top level (its only overload, called
    /// with exactly its parameters' labels) declares another known type.
    func checkArguments(of callee: Expr, _ arguments: [Argument]) throws {
        guard case .variable(let reference) = callee.kind, !scopes.contains(where: { $0.names[reference.name] != nil }),
              classes.isEmpty || !mayBeImplicitMember(reference.name), let overloads = topLevelFunctions[reference.name], overloads.count == 1 else { return }
        let parameters = overloads[0].parameters
        guard parameters.count == arguments.count, !parameters.contains(where: { $0.isVariadic || $0.isInout }),
              zip(parameters, arguments).allSatisfy({ $0.label == $1.label }) else { return }
        for (parameter, argument) in zip(parameters, arguments) {
            try checkConversion(argument.value, to: parameter.type, context: "expected argument type")
        }
    }
}
