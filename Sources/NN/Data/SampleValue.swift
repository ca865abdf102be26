import Autograd

/// One field of a dataset sample: a tensor (an image, a feature row), or a plain
/// number (a class index), as Python datasets return them. A loader collates
/// tensors by stacking them and numbers into a tensor (int64 for integers, as
/// `default_collate` does).
public enum SampleValue {
    case tensor(Tensor)
    case int(Int)
    case double(Double)

    /// The field as a tensor (a number becomes a 0-dimensional one).
    public var tensor: Tensor {
        switch self {
        case .tensor(let tensor): return tensor
        case .int(let value): return Tensor(shape: [], int64s: [Int64(value)])
        case .double(let value): return Tensor(value)
        }
    }

    /// Collates the same field of several samples into one batch tensor.
    static func collate(_ values: [SampleValue]) throws -> Tensor {
        var integers: [Int64] = [], doubles: [Float] = [], tensors: [Tensor] = []
        for value in values {
            switch value {
            case .tensor(let tensor): tensors.append(tensor)
            case .int(let integer): integers.append(Int64(integer))
            case .double(let double): doubles.append(Float(double))
            }
        }
        if tensors.count == values.count { return try stack(tensors) }
        if integers.count == values.count { return Tensor(shape: [integers.count], int64s: integers) }
        if doubles.count == values.count { return Tensor(shape: [doubles.count], floats: doubles) }
        if tensors.isEmpty {
            // Python collates a mix of ints and floats as floats.
            return Tensor(shape: [values.count], floats: values.map { value in
                if case .int(let i) = value { return Float(i) }
                if case .double(let d) = value { return Float(d) }
                return 0
            })
        }
        throw DataError("default_collate: a batch mixes tensors and numbers in the same field")
    }

    /// `torch.stack` of sample tensors, keeping their dtype (a batch of int64
    /// labels stays int64); tensors that require grad go through the recorded stack.
    static func stack(_ tensors: [Tensor]) throws -> Tensor {
        guard let first = tensors.first, !tensors.contains(where: { $0.requiresGrad }),
              tensors.allSatisfy({ $0.shape == first.shape && $0.dtype == first.dtype }) else {
            return try Tensor.stack(tensors)
        }
        let shape = [tensors.count] + first.shape
        switch first.dtype {
        case .int64: return Tensor(shape: shape, int64s: tensors.flatMap(\.int64s))
        case .bool: return Tensor(shape: shape, bools: tensors.flatMap(\.bools))
        default:
            guard first.dtype == .float32 else { return try Tensor.stack(tensors) }
            var floats: [Float] = []
            floats.reserveCapacity(tensors.count * first.count)
            for tensor in tensors { floats.append(contentsOf: tensor.floats) }
            return Tensor(shape: shape, floats: floats)
        }
    }
}
