/// A run-time value of the cell language.
///
/// Numbers, strings, arrays, dictionaries, tuples and ranges are values (copied on
/// assignment); class instances, functions and host objects are references.
public enum Value {
    /// `()`, the result of a function that returns nothing.
    case void
    /// `nil`.
    case `nil`
    case bool(Bool)
    /// A 64-bit integer; arithmetic that overflows is an error.
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    /// A dictionary, which keeps its insertion order.
    case dictionary(ScriptDictionary)
    case tuple(Tuple)
    case range(RangeValue)
    /// An optional holding a value (it prints as `Optional(…)`).
    indirect case some(Value)
    /// A function, method, closure or host function.
    case function(Function)
    /// A type used as a value: `Int`, `Tensor`, a script class.
    case type(ScriptType)
    /// An instance of a class declared in a cell.
    case instance(ScriptInstance)
    /// An object of the host (a type registered with `Interpreter.defineType`).
    case host(AnyObject)

    /// The value with any optional wrapping removed (nil stays nil).
    public var unwrapped: Value {
        var value = self
        while case .some(let inner) = value { value = inner }
        return value
    }

    /// Whether the value is an instance of a cell's `struct`.
    var isStructValue: Bool {
        if case .instance(let instance) = self { return instance.isValue }
        return false
    }

    /// The type of a struct or enum value (nil for other values).
    var valueTypeClass: ScriptClass? {
        if case .instance(let instance) = self, instance.isValue { return instance.scriptClass }
        return nil
    }

    /// Whether the value is nil.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// The value inside one level of optional (the value itself if it is not one).
    var removingOneOptionalLevel: Value {
        if case .some(let inner) = self { return inner }
        return self
    }

    /// The value wrapped as an optional, unless it already is one (or is nil).
    var wrappedAsOptional: Value {
        switch self {
        case .some, .nil: return self
        default: return .some(self)
        }
    }

    /// The host object, if the value is one (for a script subclass of a host type,
    /// its host base object).
    public var hostObject: AnyObject? {
        switch unwrapped {
        case .host(let object): return object
        case .instance(let instance): return instance.hostBase
        default: return nil
        }
    }
}

/// A tuple: `(1, "a")` or `(offset: 0, element: x)`.
public final class Tuple {
    /// The elements.
    public private(set) var elements: [Value]
    /// Each element's label, or nil.
    public let labels: [String?]

    /// Creates a tuple; `labels` defaults to no labels.
    public init(_ elements: [Value], labels: [String?]? = nil) {
        self.elements = elements
        self.labels = labels ?? Array(repeating: nil, count: elements.count)
    }

    /// Drops the elements (see `Interpreter.close()`).
    func removeAll() { elements = [] }

    deinit {
        // Tuples nested a million deep are released without recursion.
        if !elements.isEmpty {
            DeferredRelease.release({ elements = [] }, orPark: {
                let contents = elements
                elements = []
                return contents
            })
        }
    }
}

/// A range of integers: `a..<b`, `a...b`, or a partial range `..<b`, `a...`, `...`
/// (partial ranges are for subscripts).
public final class RangeValue {
    /// The first value, or nil for a range with no lower bound.
    public let lower: Int?
    /// The upper bound as written, or nil for a range with no upper bound.
    public let upper: Int?
    /// Whether the upper bound is included (`...`).
    public let isClosed: Bool

    /// For a range of Doubles (`0.0..<1.0`), its bounds (then `lower` and
    /// `upper` are nil). Such a range is not a sequence.
    public let doubleBounds: (lower: Double, upper: Double)?

    /// Creates a range.
    public init(lower: Int?, upper: Int?, isClosed: Bool) {
        self.lower = lower
        self.upper = upper
        self.isClosed = isClosed
        self.doubleBounds = nil
    }

    /// Creates a range of Doubles.
    public init(doubleLower: Double, doubleUpper: Double, isClosed: Bool) {
        self.lower = nil
        self.upper = nil
        self.isClosed = isClosed
        self.doubleBounds = (doubleLower, doubleUpper)
    }

    /// Whether the range holds `value` (an Int or a Double).
    func contains(_ value: Value) -> Bool {
        let x: Double
        switch value {
        case .int(let i):
            if doubleBounds == nil {
                return (lower.map { i >= $0 } ?? true) && (upper.map { isClosed ? i <= $0 : i < $0 } ?? true)
            }
            x = Double(i)
        case .double(let d): x = d
        default: return false
        }
        let (low, high): (Double, Double) = doubleBounds ?? (lower.map(Double.init) ?? -.infinity, upper.map(Double.init) ?? .infinity)
        return x >= low && (isClosed ? x <= high : x < high)
    }

    /// The exclusive upper bound, when there is one (nil if it would overflow).
    public var end: Int? {
        guard let upper else { return nil }
        if isClosed {
            let (next, overflow) = upper.addingReportingOverflow(1)
            return overflow ? nil : next
        }
        return upper
    }

    /// The number of values, for a bounded range (0 for an unbounded one); nil
    /// when the number does not fit in an Int (`0...Int.max`).
    var count: Int? {
        guard let lower, let upper else { return 0 }
        let (difference, overflow) = upper.subtractingReportingOverflow(lower)
        if overflow { return nil }
        if !isClosed { return max(0, difference) }
        let (count, tooMany) = difference.addingReportingOverflow(1)
        return tooMany ? nil : max(0, count)
    }

    /// The bounds resolved against a collection of `count` elements: `lower..<end`.
    func resolved(count: Int) -> (Int, Int) {
        (lower ?? 0, upper == nil ? count : (end ?? Int.max))
    }
}

/// A value used as a type: a builtin type, a host type or a script class.
public enum ScriptType {
    /// A type of the host, or a builtin type (`Int`, `String`, …).
    case host(HostType)
    /// A class declared in a cell.
    case script(ScriptClass)
    /// A type name with no members (what `type(of:)` gives for collections).
    case named(String)

    /// The type's name.
    public var name: String {
        switch self {
        case .named(let name): return name
        case .host(let type): return type.name
        case .script(let scriptClass): return scriptClass.name
        }
    }
}
