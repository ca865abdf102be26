/// A Swift type that converts to and from cell values. Host functions registered
/// with typed closures use it for their parameters and results.
public protocol ScriptConvertible {
    /// The Swift value for a cell value; throws `ConversionError` when the value
    /// has another type.
    static func fromScript(_ value: Value) throws -> Self
    /// The cell value for this Swift value.
    var scriptValue: Value { get }
}

/// A value that does not have the type a host function expects. The interpreter
/// reports it at the call as `cannot convert value of type 'X' to expected
/// argument type 'Y'`.
public struct ConversionError: Error {
    /// The expected type's name.
    public var expected: String
    /// The value received.
    public var value: Value

    /// Creates an error.
    public init(expected: String, value: Value) {
        self.expected = expected
        self.value = value
    }
}

/// A host class whose objects are passed to cells as host values. Conforming is
/// all a registered class needs: `extension Tensor: ScriptObject {}`.
public protocol ScriptObject: AnyObject, ScriptConvertible {
    /// The type's name in messages (defaults to the Swift class name).
    static var scriptTypeName: String { get }
}

/// A host object that is the base of an instance of a script subclass: it lets the
/// interpreter give the script instance back to cells when the host returns the
/// base object (a `Sequential` returning a script-defined layer, say).
public protocol ScriptSubclassBase: AnyObject {
    /// The script instance this object is the base of.
    var scriptInstance: ScriptInstance? { get }
}

extension ScriptObject {
    public static var scriptTypeName: String { String(describing: Self.self) }

    public static func fromScript(_ value: Value) throws -> Self {
        if case .host(let object) = value, let typed = object as? Self { return typed }
        if let object = value.hostObject as? Self {
            if case .some = value { throw ConversionError(expected: scriptTypeName, value: value) }
            return object
        }
        throw ConversionError(expected: scriptTypeName, value: value)
    }

    public var scriptValue: Value {
        if let base = self as? ScriptSubclassBase, let instance = base.scriptInstance { return .instance(instance) }
        return .host(self)
    }
}

extension Value: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Value { value }
    public var scriptValue: Value { self }
}

extension Int: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Int {
        guard case .int(let i) = value else { throw ConversionError(expected: "Int", value: value) }
        return i
    }
    public var scriptValue: Value { .int(self) }
}

extension Int64: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Int64 {
        guard case .int(let i) = value else { throw ConversionError(expected: "Int", value: value) }
        return Int64(i)
    }
    public var scriptValue: Value { .int(Int(self)) }
}

extension Double: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Double {
        switch value {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw ConversionError(expected: "Double", value: value)
        }
    }
    public var scriptValue: Value { .double(self) }
}

extension Float: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Float {
        switch value {
        case .double(let d): return Float(d)
        case .int(let i): return Float(i)
        default: throw ConversionError(expected: "Float", value: value)
        }
    }
    public var scriptValue: Value { .double(Double(self)) }
}

extension Bool: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Bool {
        guard case .bool(let b) = value else { throw ConversionError(expected: "Bool", value: value) }
        return b
    }
    public var scriptValue: Value { .bool(self) }
}

extension String: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> String {
        guard case .string(let s) = value else { throw ConversionError(expected: "String", value: value) }
        return s
    }
    public var scriptValue: Value { .string(self) }
}

extension Array: ScriptConvertible where Element: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> [Element] {
        guard case .array(let elements) = value else {
            throw ConversionError(expected: "[\(scriptTypeName(of: Element.self))]", value: value)
        }
        return try elements.map { try Element.fromScript($0) }
    }
    public var scriptValue: Value { .array(map(\.scriptValue)) }
}

extension Optional: ScriptConvertible where Wrapped: ScriptConvertible {
    public static func fromScript(_ value: Value) throws -> Wrapped? {
        switch value {
        case .nil: return nil
        case .some(let inner): return try Wrapped.fromScript(inner)
        default: return try Wrapped.fromScript(value)
        }
    }
    public var scriptValue: Value {
        switch self {
        case .none: return .nil
        case .some(let wrapped): return wrapped.scriptValue.wrappedAsOptional
        }
    }
}

extension Dictionary: ScriptConvertible where Key == String, Value: ScriptConvertible {
    public static func fromScript(_ value: Script.Value) throws -> [String: Value] {
        guard case .dictionary(let dictionary) = value else {
            throw ConversionError(expected: "[String: \(scriptTypeName(of: Value.self))]", value: value)
        }
        var result: [String: Value] = [:]
        for (key, element) in dictionary.entries {
            guard case .string(let name) = key else {
                throw ConversionError(expected: "[String: \(scriptTypeName(of: Value.self))]", value: value)
            }
            result[name] = try Value.fromScript(element)
        }
        return result
    }
    /// Keys are sorted, so that the cell sees a reproducible order.
    public var scriptValue: Script.Value {
        var dictionary = ScriptDictionary()
        for key in keys.sorted() {
            dictionary.set(self[key]!.scriptValue, for: DictionaryKey(.string(key))!)
        }
        return .dictionary(dictionary)
    }
}

/// The name of a convertible Swift type as the cell language spells it.
func scriptTypeName(of type: Any.Type) -> String {
    if let object = type as? ScriptObject.Type { return object.scriptTypeName }
    switch type {
    case is Int.Type, is Int64.Type: return "Int"
    case is Double.Type: return "Double"
    case is Float.Type: return "Float"
    case is Bool.Type: return "Bool"
    case is String.Type: return "String"
    default: return String(describing: type)
    }
}
