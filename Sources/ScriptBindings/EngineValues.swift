import Autograd
import NN
import Script

/// Tensors, autograd nodes and modules are passed to cells as host objects.
extension Tensor: ScriptObject {
    public static var scriptTypeName: String { "Tensor" }
}

extension GradFn: ScriptObject {
    public static var scriptTypeName: String { "GradFn" }
}

extension Module: ScriptObject {}

/// Conversions between cell values and the engine's arguments that the typed
/// registration helpers cannot express: shapes written as an array or as
/// variadic integers, sizes given as `3` or `(3, 5)`, optional operands.
enum EngineValues {
    /// The tensor a value holds, looking through optionals (`a.grad` works where
    /// Swift would want `a.grad!`); nil when the value is no tensor.
    static func tensor(in value: Value) -> Tensor? {
        if case .host(let object) = value.unwrapped { return object as? Tensor }
        return nil
    }

    /// A number as a Double; nil for any other value.
    static func number(in value: Value) -> Double? {
        switch value.unwrapped {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// A shape given as `[1, 3, 64, 64]` or as the variadic integers `1, 3, 64, 64`.
    static func shape(from arguments: Value) throws -> [Int] {
        if case .array(let values) = arguments, values.count == 1, case .array = values[0] { return try integers(values[0]) }
        return try integers(arguments)
    }

    /// A list of integers: an array of Int, or a tuple of them.
    static func integers(_ value: Value) throws -> [Int] {
        let elements: [Value]
        switch value.unwrapped {
        case .array(let values): elements = values
        case .tuple(let tuple): elements = tuple.elements
        case .int(let i): return [i]
        default: throw ConversionError(expected: "[Int]", value: value)
        }
        return try elements.map { element in
            guard case .int(let i) = element.unwrapped else { throw ConversionError(expected: "[Int]", value: value) }
            return i
        }
    }

    /// A size given as one integer (`3`, meaning `(3, 3)`) or a pair (`(3, 5)` or `[3, 5]`).
    static func pair(_ value: Value, name: String) throws -> (Int, Int) {
        if case .int(let i) = value.unwrapped { return (i, i) }
        let values = try integers(value)
        guard values.count == 2 else {
            throw HostError("\(name) must be an Int or a pair of Ints, got \(values.count) values")
        }
        return (values[0], values[1])
    }

    /// Whether a size was written as one integer (printing keeps `kernel_size=3`).
    static func isScalar(_ value: Value) -> Bool {
        if case .int = value.unwrapped { return true }
        return false
    }

    /// Rejects a tensor shape PyTorch would reject, before the engine allocates it.
    static func checkShape(_ shape: [Int]) throws {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw TensorError("Trying to create tensor with negative dimension \(bad): \(describe(shape))")
        }
        var total = 1
        for d in shape {
            // A zero dimension leaves no element, but the strides of the others still multiply.
            let (p, overflow) = total.multipliedReportingOverflow(by: Swift.max(d, 1))
            guard !overflow, p <= 1 << 32 else { throw TensorError("tensor of shape \(describe(shape)) is too large") }
            total = p
        }
        try MemoryBudget.check(shape: shape, for: "a tensor")
    }

    /// The elements of a tensor as 64-bit integers (floats truncated toward
    /// zero); an error for values that have no integer (NaN, infinities, too large).
    static func integers(of tensor: Tensor) throws -> [Int64] {
        if tensor.dtype == .int64 { return tensor.int64s }
        let floats = tensor.floats
        guard floats.allSatisfy({ $0.isFinite && Swift.abs($0) < 9.2e18 }) else {
            throw TensorError("cannot convert a tensor holding NaN, infinite or too large values to int64")
        }
        return floats.map { Int64($0) }
    }

    /// A shape as `[2, 3]`.
    static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
