/// The arguments of a call to a host function, bound to its parameters (labels
/// checked, defaults filled in, variadic arguments gathered into an array).
public struct Arguments {
    /// The interpreter making the call (to call closures back, or print).
    public let interpreter: Interpreter
    /// `self` for a method, a property or an operator; nil for a global function.
    public let receiver: Value?
    /// The parameters' names, in order.
    public let names: [String]
    /// The bound values, in parameter order.
    public let values: [Value]
    /// Where the call is in the source.
    public let location: SourceLocation

    /// The number of parameters.
    public var count: Int { values.count }

    /// The value of the parameter at `index`.
    public subscript(index: Int) -> Value { values[index] }

    /// The value of the parameter named `name` (`.nil` when there is none).
    public subscript(name: String) -> Value {
        guard let index = names.firstIndex(of: name) else { return .nil }
        return values[index]
    }

    /// The parameter named `name`, converted to `T`. A value of the wrong type
    /// throws an error that the interpreter reports at the call, in Swift's words.
    public func get<T: ScriptConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        try T.fromScript(self[name])
    }

    /// The parameter at `index`, converted to `T`.
    public func get<T: ScriptConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try T.fromScript(values[index])
    }

    /// The receiver, converted to `T`.
    public func receiver<T: ScriptConvertible>(as type: T.Type = T.self) throws -> T {
        try T.fromScript(receiver ?? .nil)
    }
}
