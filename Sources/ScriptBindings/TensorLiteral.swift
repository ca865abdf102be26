import Autograd
import Script

/// Tensors from nested arrays of numbers and back, as `torch.tensor(data)` and
/// `tensor.tolist()`: the element type follows PyTorch's inference (all Bool
/// gives a bool tensor, all Int an int64 tensor, any Double a float32 tensor).
enum TensorLiteral {
    /// The tensor holding `data`: a number, a Bool, a tensor (copied), or nested
    /// arrays of equal lengths at each depth.
    static func tensor(from data: Value, requiresGrad: Bool, dtype: DType? = nil) throws -> Tensor {
        if let tensor = EngineValues.tensor(in: data) {
            var copy = tensor.detach().clone()
            if let dtype { copy = copy.to(dtype) }
            if requiresGrad { try copy.setRequiresGrad(true) }
            return copy
        }
        var shape: [Int] = []
        var elements: [Value] = []
        try flatten(data, depth: 0, shape: &shape, into: &elements)
        try EngineValues.checkShape(shape)
        let result: Tensor
        if let dtype {
            result = try typed(elements, shape: shape, dtype: dtype)
        } else if elements.isEmpty {
            result = Tensor.zeros(shape)
        } else if elements.allSatisfy({ if case .bool = $0 { return true }; return false }) {
            result = Tensor(shape: shape, bools: elements.map { if case .bool(let b) = $0 { return b }; return false })
        } else if elements.allSatisfy({ if case .int = $0 { return true }; return false }) {
            result = Tensor(shape: shape, int64s: elements.map { if case .int(let i) = $0 { return Int64(i) }; return 0 })
        } else {
            let floats = try elements.map { element -> Float in
                switch element {
                case .int(let i): return Float(i)
                case .double(let d): return Float(d)
                case .bool(let b): return b ? 1 : 0
                default: throw ConversionError(expected: "Double", value: element)
                }
            }
            result = Tensor(shape: shape, floats: floats)
        }
        if requiresGrad { try result.setRequiresGrad(true) }
        return result
    }

    /// The elements as a tensor of `dtype`: integers exactly, floats converted as `to(_:)` converts.
    private static func typed(_ elements: [Value], shape: [Int], dtype: DType) throws -> Tensor {
        if !dtype.isFloatingPoint, elements.allSatisfy({ if case .double = $0 { return false }; return true }) {
            return Tensor(shape: shape, integers: elements.map {
                switch $0 { case .int(let i): return Int64(i); case .bool(let b): return b ? 1 : 0; default: return 0 }
            }, dtype: dtype)
        }
        return Tensor(shape: shape, values: try elements.map { element -> Double in
            switch element {
            case .int(let i): return Double(i)
            case .double(let d): return d
            case .bool(let b): return b ? 1 : 0
            default: throw ConversionError(expected: "Double", value: element)
            }
        }, dtype: dtype)
    }

    /// Appends the leaves of `value` to `elements`, checking that every array at
    /// a depth has the length of the first one (PyTorch's message otherwise).
    private static func flatten(_ value: Value, depth: Int, shape: inout [Int], into elements: inout [Value]) throws {
        switch value.unwrapped {
        case .array(let items):
            if depth == shape.count {
                guard elements.isEmpty || depth == 0 else {
                    throw TensorError("too many dimensions: an array at dim \(depth) where a number was expected")
                }
                shape.append(items.count)
            } else if depth > shape.count {
                throw TensorError("too many dimensions: an array at dim \(depth) where a number was expected")
            } else if shape[depth] != items.count {
                throw TensorError("expected sequence of length \(shape[depth]) at dim \(depth) (got \(items.count))")
            }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, into: &elements) }
        case .int, .double, .bool:
            guard depth == shape.count else {
                throw TensorError("expected sequence of length \(shape[depth]) at dim \(depth) (got a number)")
            }
            elements.append(value.unwrapped)
        default:
            throw TensorError("could not infer dtype of \(typeName(value))")
        }
    }

    private static func typeName(_ value: Value) -> String {
        switch value.unwrapped {
        case .string: return "String"
        case .nil: return "nil"
        case .dictionary: return "Dictionary"
        case .tuple: return "tuple"
        default: return "this value"
        }
    }

    /// The elements of `tensor` as nested arrays (`Double`, `Int` or `Bool` by
    /// dtype); a zero-dimensional tensor gives its single value.
    static func array(from tensor: Tensor) -> Value {
        let values: [Value]
        switch tensor.dtype {
        case .float32, .float64: values = tensor.doubles.map { .double($0) }
        case .int64, .int32, .uint8: values = tensor.int64s.map { .int(Int($0)) }
        case .bool: values = tensor.bools.map { .bool($0) }
        }
        if tensor.shape.isEmpty { return values[0] }
        var index = 0
        func build(_ dim: Int) -> Value {
            if dim == tensor.shape.count {
                defer { index += 1 }
                return values[index]
            }
            return .array((0..<tensor.shape[dim]).map { _ in build(dim + 1) })
        }
        return build(0)
    }

    /// The single value of a one-element tensor, typed by dtype (PyTorch's `item()`).
    static func item(of tensor: Tensor) throws -> Value {
        let value = try tensor.item()
        switch tensor.dtype {
        case .float32, .float64: return .double(value)
        case .int64, .int32, .uint8: return .int(Int(tensor.int64s[0]))
        case .bool: return .bool(value != 0)
        }
    }
}
