/// How a declared type converts a value (see `Interpreter.coerce`), decided once
/// per declaration so that calls do not compare type names each time.
enum Conversion {
    /// No annotation, or a type whose values are not converted (a class, `Any`).
    case none
    /// `Int`, `String` or `Bool`: values of the type pass; others are errors.
    case int, string, bool
    /// `Double` or `Float`: doubles pass, integers become doubles.
    case double
    /// Anything else (optionals, collections, tuples): `coerce` decides.
    case general

    init(_ type: TypeAnnotation?) {
        switch type {
        case nil: self = .none
        case .named(let name, _)?:
            switch name {
            case "Int": self = .int
            case "Double", "Float": self = .double
            case "String": self = .string
            case "Bool": self = .bool
            default: self = .none
            }
        case .function?: self = .none
        default: self = .general
        }
    }

    /// The value converted; nil when `coerce` must decide (and report an error).
    @inline(__always)
    func fastConvert(_ value: Value) -> Value? {
        switch (self, value) {
        case (.none, _), (.int, .int), (.double, .double), (.string, .string), (.bool, .bool): return value
        case (.double, .int(let i)): return .double(Double(i))
        default: return nil
        }
    }
}
