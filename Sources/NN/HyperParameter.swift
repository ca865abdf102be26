/// A hyper-parameter of a parameter group as PyTorch keeps it: a number (an
/// integer stays an integer, so `weight_decay: 0` prints as `0`), a flag, `None`,
/// or a pair such as Adam's `betas`.
public enum HyperParameter: Equatable, Sendable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case pair(Double, Double)
    case none

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .none }

    /// The value as a number, nil when it is not one (a flag counts as 0 or 1, as in Python).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .float(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .pair, .none: return nil
        }
    }

    /// The value as a flag, nil when it is not one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Whether `other` can stand where `self` stands: a number for a number, a flag for a flag.
    func isCompatible(with other: HyperParameter) -> Bool {
        switch (self, other) {
        case (.int, .int), (.int, .float), (.float, .int), (.float, .float), (.bool, .bool), (.pair, .pair): return true
        case (.none, _), (_, .none): return true
        default: return false
        }
    }

    /// Python's `repr`: `0`, `0.01`, `False`, `(0.9, 0.999)`, `None`.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .float(let value): return Python.float(value)
        case .bool(let value): return Python.bool(value)
        case .pair(let a, let b): return "(\(Python.float(a)), \(Python.float(b)))"
        case .none: return "None"
        }
    }
}

extension HyperParameter {
    /// A number whose PyTorch default is the integer 0: `.int(0)` for zero (printed `0`), else `.float`.
    static func number(_ value: Double) -> HyperParameter { value == 0 ? .int(0) : .float(value) }
}
